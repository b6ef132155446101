"""Complaints belong to leads too: logged from the lead page, listed there open first with
their age, on the lead's timeline, and carried to the deal the lead became."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import LeadFactory, deal_for
from twofold.people.choices import Role
from twofold.sales.choices import LeadEventType
from twofold.sales.models import Complaint, LeadEvent
from twofold.sales.selectors.commercial import deal_commercials
from twofold.sales.selectors.complaints import complaints_of_lead
from twofold.sales.services.complaints import complaint_log, complaint_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return LeadFactory(owner=user_with(Role.LEAD_GENERATOR, full_name="Lena Generator"))


def _logged(lead, summary, *, days_ago=0):
    complaint = complaint_log(actor=lead.owner, lead=lead, summary=summary)
    Complaint.objects.filter(pk=complaint.pk).update(
        raised_at=timezone.now() - timedelta(days=days_ago)
    )
    complaint.refresh_from_db()
    return complaint


def test_a_complaint_logged_on_a_lead_is_an_event_on_its_timeline(lead):
    complaint = complaint_log(actor=lead.owner, lead=lead, summary="Too many calls")

    event = LeadEvent.objects.get(lead=lead, type=LeadEventType.COMPLAINT_LOGGED)
    assert event.data["complaint"] == complaint.pk


def test_resolving_a_leads_complaint_is_an_event_on_its_timeline(lead):
    complaint = complaint_log(actor=lead.owner, lead=lead, summary="Too many calls")

    complaint_resolve(actor=lead.owner, complaint=complaint, resolution="Calls paused")

    assert LeadEvent.objects.filter(lead=lead, type=LeadEventType.COMPLAINT_RESOLVED).exists()


def test_a_leads_complaints_list_the_open_ones_first_the_oldest_on_top(lead):
    resolved = _logged(lead, "Resolved one", days_ago=1)
    complaint_resolve(actor=lead.owner, complaint=resolved, resolution="Done")
    newer = _logged(lead, "Newer open", days_ago=2)
    older = _logged(lead, "Older open", days_ago=9)

    assert complaints_of_lead(lead=lead) == [older, newer, resolved]


def test_the_lead_page_offers_log_complaint_and_lists_them_with_their_age(client, lead):
    _logged(lead, "Too many calls", days_ago=3)
    client.force_login(lead.owner)

    body = client.get(reverse("sales:lead_detail", args=[lead.pk])).content.decode()

    assert reverse("sales:lead_complaint_log", args=[lead.pk]) in body
    assert "Too many calls" in body
    assert "open 3\xa0days" in body
    assert "Complaint logged: Too many calls" in body


def test_someone_who_cannot_edit_the_lead_is_not_offered_log_complaint(client, lead):
    admin_viewer = user_with(Role.SALES_LEAD)
    client.force_login(admin_viewer)

    response = client.get(reverse("sales:lead_detail", args=[lead.pk]))

    assert reverse("sales:lead_complaint_log", args=[lead.pk]).encode() not in response.content


def test_a_complaint_on_a_lead_shows_on_the_deal_it_became(lead):
    deal = deal_for()
    lead.opportunity = deal
    lead.save()
    complaint = complaint_log(actor=lead.owner, lead=lead, summary="Too many calls")

    commercials = deal_commercials(actor=deal.owner, opportunity=deal)

    assert commercials.complaints == [complaint]
