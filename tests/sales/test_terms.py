"""Negotiated terms: the schedule, the policy deciding approval, the approval with who/when."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import commercial_snapshot, deal_for, sales_team
from twofold.people.choices import Role
from twofold.sales.choices import ApprovalStatus, OpportunityEventType, TermSheetStatus
from twofold.sales.models import ApprovalRequest, OpportunityEvent, SalesPolicy, TermSheet
from twofold.sales.services.terms import approval_decide, terms_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return sales_team(user_with(Role.BDM))


@pytest.fixture
def deal(team):
    return deal_for(team.memberships.get().user, amount=Decimal("10000.00"))


def propose(deal, **overrides):
    values = {"discount_percent": Decimal("5"), "net_days": 30, "instalment_count": 3}
    return terms_propose(actor=deal.owner, opportunity=deal, **(values | overrides))


def events(deal, type):
    return list(OpportunityEvent.objects.filter(opportunity=deal, type=type))


def test_terms_within_policy_are_approved_at_once_and_recorded_as_automatic(deal):
    sheet = propose(deal)

    assert sheet.status == TermSheetStatus.APPROVED
    assert sheet.approved_at is not None
    assert sheet.approvals.count() == 0
    (event,) = events(deal, OpportunityEventType.TERMS_PROPOSED)
    assert event.data["auto_approved"] is True


def test_the_total_is_the_amount_less_the_discount_and_the_instalments_add_up_to_it(deal):
    sheet = propose(deal, discount_percent=Decimal("7.5"), instalment_count=3)

    assert sheet.total == Decimal("9250.00")
    amounts = [i.amount for i in sheet.instalments.order_by("number")]
    assert amounts == [Decimal("3083.33"), Decimal("3083.33"), Decimal("3083.34")]
    assert sum(amounts) == sheet.total


def test_instalments_fall_due_monthly_from_the_first_due_date(deal):
    sheet = propose(deal, instalment_count=2, first_due_date=date(2031, 1, 31))

    assert [i.due_date for i in sheet.instalments.order_by("number")] == [
        date(2031, 1, 31),
        date(2031, 2, 28),
    ]


@pytest.mark.parametrize("first_due", [date(9999, 12, 31), date(1900, 1, 1)])
def test_a_first_due_date_outside_the_planning_window_is_refused_naming_the_field(deal, first_due):
    with pytest.raises(ValidationError) as caught:
        propose(deal, instalment_count=3, first_due_date=first_due)

    assert list(caught.value.message_dict) == ["first_due_date"]
    assert not TermSheet.objects.filter(opportunity=deal).exists()


def test_without_a_first_due_date_the_first_payment_is_due_after_the_net_days(deal):
    sheet = propose(deal, net_days=45, instalment_count=1)

    assert sheet.instalments.get().due_date == timezone.localdate() + timedelta(days=45)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"discount_percent": Decimal("25")}, "Discount 25 % is above the policy's 10 %."),
        ({"instalment_count": 6}, "6 instalments are more than the policy's 3."),
        ({"net_days": 90}, "Net 90 days is longer than the policy's 60."),
    ],
)
def test_terms_beyond_policy_wait_for_approval_with_their_reasons(deal, overrides, reason):
    sheet = propose(deal, **overrides)

    assert sheet.status == TermSheetStatus.PENDING_APPROVAL
    approval = sheet.approvals.get()
    assert approval.status == ApprovalStatus.PENDING
    assert approval.reasons == [reason]
    assert approval.requested_by == deal.owner
    assert approval.requested_at is not None
    assert len(events(deal, OpportunityEventType.APPROVAL_REQUESTED)) == 1


def test_the_admins_policy_decides(deal):
    policy = SalesPolicy.current()
    policy.max_discount_percent = Decimal("30")
    policy.save()

    sheet = propose(deal, discount_percent=Decimal("25"))

    assert sheet.status == TermSheetStatus.APPROVED


def test_the_owners_sales_lead_approves_and_the_decision_is_recorded(deal, team):
    approval = propose(deal, discount_percent=Decimal("20")).approvals.get()

    approval_decide(actor=team.lead, approval=approval, approve=True, comment="Strategic logo")

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.decided_by == team.lead
    assert approval.decided_at is not None
    assert approval.comment == "Strategic logo"
    assert approval.term_sheet.status == TermSheetStatus.APPROVED
    (event,) = events(deal, OpportunityEventType.APPROVAL_DECIDED)
    assert event.actor == team.lead
    assert event.data["decision"] == "approved"


def test_rejecting_needs_a_comment(deal, team):
    approval = propose(deal, discount_percent=Decimal("20")).approvals.get()

    with pytest.raises(ValidationError) as refused:
        approval_decide(actor=team.lead, approval=approval, approve=False, comment=" ")

    assert list(refused.value.message_dict) == ["comment"]
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING


def test_a_rejection_marks_the_terms_rejected(deal, team):
    approval = propose(deal, discount_percent=Decimal("20")).approvals.get()

    approval_decide(actor=team.lead, approval=approval, approve=False, comment="Too deep")

    assert TermSheet.objects.get().status == TermSheetStatus.REJECTED


def test_a_sales_lead_of_another_team_may_not_decide(deal):
    stranger = sales_team(user_with(Role.BDM)).lead
    approval = propose(deal, discount_percent=Decimal("20")).approvals.get()

    with pytest.raises(PermissionDenied):
        approval_decide(actor=stranger, approval=approval, approve=True)


def test_the_seller_may_not_approve_their_own_request(deal):
    approval = propose(deal, discount_percent=Decimal("20")).approvals.get()

    with pytest.raises(PermissionDenied):
        approval_decide(actor=deal.owner, approval=approval, approve=True)


def test_deciding_the_same_way_twice_writes_nothing_more(deal, team):
    approval = propose(deal, discount_percent=Decimal("20")).approvals.get()
    approval_decide(actor=team.lead, approval=approval, approve=True)
    before = commercial_snapshot()

    approval_decide(actor=team.lead, approval=approval, approve=True)

    assert commercial_snapshot() == before


def test_a_decision_is_not_turned_around(deal, team):
    approval = propose(deal, discount_percent=Decimal("20")).approvals.get()
    approval_decide(actor=team.lead, approval=approval, approve=True)

    with pytest.raises(ValidationError) as refused:
        approval_decide(actor=team.lead, approval=approval, approve=False, comment="No")

    assert refused.value.code == "already_decided"


def test_new_terms_withdraw_the_pending_request_and_say_so(deal):
    first = propose(deal, discount_percent=Decimal("20"))

    second = propose(deal, discount_percent=Decimal("8"))

    first.refresh_from_db()
    withdrawn = first.approvals.get()
    assert first.status == TermSheetStatus.REJECTED
    assert withdrawn.status == ApprovalStatus.REJECTED
    assert withdrawn.comment == "Withdrawn: newer terms were proposed."
    assert withdrawn.decided_by == deal.owner
    assert second.status == TermSheetStatus.APPROVED
    proposed = events(deal, OpportunityEventType.TERMS_PROPOSED)[0]
    assert proposed.data["superseded"] == [first.pk]
    assert ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING).count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"discount_percent": Decimal("100")}, "discount_percent"),
        ({"discount_percent": Decimal("-1")}, "discount_percent"),
        ({"net_days": -1}, "net_days"),
        ({"net_days": 400}, "net_days"),
        ({"instalment_count": 0}, "instalment_count"),
    ],
)
def test_bad_terms_name_their_field_and_write_nothing(deal, overrides, field):
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        propose(deal, **overrides)

    assert list(refused.value.message_dict) == [field]
    assert commercial_snapshot() == before


def test_terms_need_an_amount(team):
    deal = deal_for(team.memberships.get().user, amount=Decimal("0.00"))

    with pytest.raises(ValidationError) as refused:
        propose(deal)

    assert list(refused.value.message_dict) == ["amount"]


def test_a_colleague_may_not_propose_terms_on_someone_elses_deal(deal, team):
    colleague = user_with(Role.BDM)
    team.memberships.create(user=colleague)

    with pytest.raises(PermissionDenied):
        terms_propose(
            actor=colleague,
            opportunity=deal,
            discount_percent=Decimal("0"),
            net_days=30,
            instalment_count=1,
        )
