"""Complaints during the sale: logged on a lead or deal, resolved, time to resolve measured."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import commercial_snapshot, deal_for, sales_team
from twofold.people.choices import Role
from twofold.sales.choices import ComplaintStatus, OpportunityEventType
from twofold.sales.models import Complaint, Lead, OpportunityEvent
from twofold.sales.selectors.complaints import (
    complaint_list,
    open_complaints_by_age,
    open_complaints_for,
    resolution_times,
)
from twofold.sales.services.complaints import complaint_log, complaint_resolve

pytestmark = pytest.mark.django_db


def test_a_complaint_on_a_deal_is_owned_by_whoever_logs_it_and_is_an_event():
    deal = deal_for()

    complaint = complaint_log(
        actor=deal.owner, opportunity=deal, summary="Invoice preview wrong", severity="high"
    )

    assert (complaint.owner, complaint.status) == (deal.owner, ComplaintStatus.OPEN)
    event = OpportunityEvent.objects.get(type=OpportunityEventType.COMPLAINT_LOGGED)
    assert event.data["complaint"] == complaint.pk


def test_a_complaint_on_a_lead_is_logged_by_the_leads_owner():
    sdr = user_with(Role.LEAD_GENERATOR)
    lead = Lead.objects.create(full_name="Lee Lead", owner=sdr)

    complaint = complaint_log(actor=sdr, lead=lead, summary="Too many calls")

    assert complaint.lead == lead


def test_a_complaint_is_about_one_lead_or_one_deal():
    with pytest.raises(ValidationError) as refused:
        complaint_log(actor=None, summary="About nothing")

    assert refused.value.code == "no_subject"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"severity": "apocalyptic"}, "severity"),
        ({"due_on": timezone.localdate() - timedelta(days=1)}, "due_on"),
    ],
)
def test_bad_complaints_name_their_field_and_write_nothing(values, field):
    deal = deal_for()
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        complaint_log(actor=deal.owner, opportunity=deal, **({"summary": "S"} | values))

    assert list(refused.value.message_dict) == [field]
    assert commercial_snapshot() == before


def test_the_owner_must_be_on_the_revenue_team():
    deal = deal_for()
    delivery = user_with(Role.DEPARTMENT_MEMBER)

    with pytest.raises(ValidationError) as refused:
        complaint_log(actor=deal.owner, opportunity=deal, summary="S", owner=delivery)

    assert list(refused.value.message_dict) == ["owner"]


def test_resolving_records_the_resolution_and_the_time_it_took():
    deal = deal_for()
    complaint = complaint_log(actor=deal.owner, opportunity=deal, summary="Slow answers")
    Complaint.objects.filter(pk=complaint.pk).update(raised_at=timezone.now() - timedelta(hours=5))
    complaint.refresh_from_db()

    complaint_resolve(actor=deal.owner, complaint=complaint, resolution="Named a contact")

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED
    assert complaint.resolution == "Named a contact"
    assert timedelta(hours=5) <= complaint.time_to_resolve < timedelta(hours=5, minutes=1)
    assert OpportunityEvent.objects.filter(type="complaint_resolved").count() == 1


def test_resolving_needs_a_resolution():
    deal = deal_for()
    complaint = complaint_log(actor=deal.owner, opportunity=deal, summary="S")

    with pytest.raises(ValidationError) as refused:
        complaint_resolve(actor=deal.owner, complaint=complaint, resolution="  ")

    assert list(refused.value.message_dict) == ["resolution"]


def test_a_colleague_may_not_resolve_someone_elses_complaint():
    deal = deal_for()
    colleague = user_with(Role.BDM)
    sales_team(deal.owner, colleague)
    complaint = complaint_log(actor=deal.owner, opportunity=deal, summary="S")

    with pytest.raises(PermissionDenied):
        complaint_resolve(actor=colleague, complaint=complaint, resolution="Done")


def _resolved_after(deal, hours, severity="high"):
    complaint = complaint_log(actor=None, opportunity=deal, summary="S", severity=severity)
    Complaint.objects.filter(pk=complaint.pk).update(
        raised_at=timezone.now() - timedelta(hours=hours)
    )
    complaint.refresh_from_db()
    return complaint_resolve(actor=None, complaint=complaint, resolution="Fixed")


def test_the_median_time_to_resolve_is_measured_per_severity_and_over_all():
    admin = user_with(Role.ADMIN)
    deal = deal_for()
    for hours in (2, 4, 30):
        _resolved_after(deal, hours)
    _resolved_after(deal, 50, severity="low")

    by_severity = {row.severity: row for row in resolution_times(actor=admin)}

    assert by_severity["high"].resolved == 3
    assert timedelta(hours=4) <= by_severity["high"].median < timedelta(hours=4, minutes=1)
    assert by_severity["high"].median_text == "4 h"
    assert by_severity["low"].median_text == "2 d 2 h"
    assert (by_severity["critical"].resolved, by_severity["critical"].median) == (0, None)
    assert by_severity[""].resolved == 4
    assert timedelta(hours=17) <= by_severity[""].median < timedelta(hours=17, minutes=1)


def test_open_complaints_are_counted_by_how_long_they_have_waited():
    admin = user_with(Role.ADMIN)
    deal = deal_for()
    for days in (1, 2, 10, 40):
        complaint = complaint_log(actor=None, opportunity=deal, summary="S")
        Complaint.objects.filter(pk=complaint.pk).update(
            raised_at=timezone.now() - timedelta(days=days)
        )
    _resolved_after(deal, 24 * 60)

    bands = open_complaints_by_age(actor=admin)

    assert [(b.label, b.count) for b in bands] == [
        ("Under a week", 2),
        ("1 to 4 weeks", 1),
        ("Over 4 weeks", 1),
    ]


def test_a_seller_counts_only_the_complaints_they_may_see():
    deal = deal_for()
    complaint_log(actor=None, opportunity=deal, summary="Theirs")

    bands = open_complaints_by_age(actor=user_with(Role.BDM))

    assert sum(b.count for b in bands) == 0


def test_the_sellers_home_lists_their_open_complaints_soonest_due_first():
    deal = deal_for()
    today = timezone.localdate()
    later = complaint_log(
        actor=deal.owner, opportunity=deal, summary="Later", due_on=today + timedelta(days=9)
    )
    sooner = complaint_log(
        actor=deal.owner, opportunity=deal, summary="Sooner", due_on=today + timedelta(days=1)
    )
    undated = complaint_log(actor=deal.owner, opportunity=deal, summary="Whenever")
    complaint_log(actor=None, opportunity=deal_for(), summary="Someone else's")

    assert open_complaints_for(actor=deal.owner) == [sooner, later, undated]


def test_an_agent_does_not_see_complaints_on_other_peoples_deals():
    agent = user_with(Role.AGENT)
    complaint_log(actor=None, opportunity=deal_for(), summary="Not yours")
    own = complaint_log(actor=None, opportunity=deal_for(agent), summary="Yours")

    assert list(complaint_list(actor=agent)) == [own]
