"""Closing: won needs approved terms and records exactly one sale; lost needs a reason;
only a sales lead reopens, and never a won deal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import (
    CompanyFactory,
    LostReasonFactory,
    commercial_snapshot,
    deal_for,
    sales_team,
)
from twofold.handover.won_deal import deal_close_won
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityEventType, OpportunityStatus, StageKind
from twofold.sales.models import OpportunityEvent, Sale, SaleCredit, TermSheet
from twofold.sales.services.closing import opportunity_close_lost, opportunity_reopen
from twofold.sales.services.terms import approval_decide, terms_propose

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def team():
    return sales_team(user_with(Role.BDM))


@pytest.fixture
def seller(team):
    return team.memberships.get().user


@pytest.fixture
def deal(seller):
    return deal_for(seller, amount=Decimal("12000.00"))


def agree(deal, discount=Decimal("5"), **kwargs):
    return terms_propose(
        actor=deal.owner,
        opportunity=deal,
        discount_percent=discount,
        net_days=kwargs.get("net_days", 30),
        instalment_count=kwargs.get("instalment_count", 2),
    )


def win(deal, actor=None, **kwargs):
    """Win the deal as the interfaces do (the whole won-deal workflow); return its sale."""
    return deal_close_won(
        actor=actor or deal.owner,
        opportunity=deal,
        closed_on=kwargs.pop("closed_on", TODAY()),
        **kwargs,
    ).sale


def test_winning_on_approved_terms_records_one_sale_credited_to_the_owner(deal):
    agree(deal)

    sale = win(deal)

    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.WON
    assert deal.stage.kind == StageKind.WON
    assert deal.closed_on == TODAY()
    assert sale.amount == Decimal("11400.00")
    assert sale.currency == "EUR"
    assert [(c.seller, c.percent, c.amount) for c in sale.credits.all()] == [
        (deal.owner, Decimal("100.00"), Decimal("11400.00"))
    ]
    assert OpportunityEvent.objects.filter(opportunity=deal, type="won").count() == 1


def test_winning_twice_returns_the_same_sale_and_writes_nothing(deal):
    agree(deal)
    first = win(deal)
    before = commercial_snapshot()

    second = win(deal)

    assert second == first
    assert Sale.objects.count() == 1
    assert commercial_snapshot() == before


def test_the_won_event_carries_the_stage_move(deal):
    agree(deal)

    win(deal)

    event = OpportunityEvent.objects.get(opportunity=deal, type=OpportunityEventType.WON)
    assert event.data["from"] == "Proposal"
    assert event.data["to"] == "Won"
    assert event.data["amount"] == "11400.00"


def test_without_terms_winning_is_refused_and_nothing_is_written(deal):
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        win(deal)

    assert refused.value.code == "terms_missing"
    assert "propose terms" in refused.value.message
    assert commercial_snapshot() == before
    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.OPEN


def test_with_terms_waiting_for_approval_winning_is_refused(deal):
    agree(deal, discount=Decimal("30"))
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        win(deal)

    assert refused.value.code == "terms_pending"
    assert "approval" in refused.value.message
    assert commercial_snapshot() == before


def test_with_rejected_terms_winning_is_refused(deal, team):
    sheet = agree(deal, discount=Decimal("30"))
    approval_decide(actor=team.lead, approval=sheet.approvals.get(), approve=False, comment="No")
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        win(deal)

    assert refused.value.code == "terms_rejected"
    assert commercial_snapshot() == before


def test_older_approved_terms_do_not_count_when_newer_ones_wait(deal):
    agree(deal)
    agree(deal, discount=Decimal("30"))

    with pytest.raises(ValidationError) as refused:
        win(deal)

    assert refused.value.code == "terms_pending"


def test_once_the_sales_lead_approves_the_deal_can_be_won(deal, team):
    sheet = agree(deal, discount=Decimal("30"))
    approval_decide(actor=team.lead, approval=sheet.approvals.get(), approve=True)

    sale = win(deal)

    assert sale.amount == Decimal("8400.00")


def test_terms_agreed_before_the_items_changed_must_be_proposed_again(deal):
    agree(deal)
    deal.amount = Decimal("15000.00")
    deal.save()

    with pytest.raises(ValidationError) as refused:
        win(deal)

    assert refused.value.code == "terms_outdated"


def test_the_approved_terms_become_version_one_of_a_new_customers_term_sheet(deal):
    sheet = agree(deal)

    win(deal)

    sheet.refresh_from_db()
    assert (sheet.version, sheet.company) == (1, deal.company)


def test_a_customer_with_earlier_terms_gets_the_next_version(seller):
    company = CompanyFactory()
    earlier = deal_for(seller, company=company)
    agree(earlier)
    win(earlier)
    later = deal_for(seller, company=company, name="Second deal")
    sheet = agree(later)

    win(later)

    sheet.refresh_from_db()
    assert sheet.version == 2


def test_credits_split_the_sale_amount_exactly(deal, seller, team):
    partner_seller = user_with(Role.AGENT)
    agree(deal, discount=Decimal("0"))
    deal.amount = Decimal("100.00")
    deal.save()
    TermSheet.objects.update(total=Decimal("100.00"))

    sale = win(
        deal,
        credits=[
            (seller, Decimal("33.33")),
            (partner_seller, Decimal("33.33")),
            (team.lead, Decimal("33.34")),
        ],
    )

    amounts = [c.amount for c in SaleCredit.objects.filter(sale=sale).order_by("id")]
    assert amounts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert sum(amounts) == sale.amount


@pytest.mark.parametrize(
    "percents",
    [
        (Decimal("60"), Decimal("30")),
        (Decimal("60"), Decimal("50")),
        (Decimal("100"), Decimal("0")),
    ],
)
def test_credits_must_add_up_to_100(deal, seller, percents):
    agree(deal)
    other = user_with(Role.BDM)
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        win(deal, credits=[(seller, percents[0]), (other, percents[1])])

    assert list(refused.value.message_dict) == ["credits"]
    assert commercial_snapshot() == before


def test_credit_goes_only_to_people_with_a_sales_role(deal, seller):
    agree(deal)
    account_manager = user_with(Role.ACCOUNT_MANAGER, full_name="Annie Account")

    with pytest.raises(ValidationError) as refused:
        win(deal, credits=[(seller, Decimal(50)), (account_manager, Decimal(50))])

    assert refused.value.message_dict["credits"] == [
        "Annie Account holds no sales role and cannot get credit for a sale."
    ]


def test_a_close_date_in_the_future_is_refused(deal):
    agree(deal)

    with pytest.raises(ValidationError) as refused:
        win(deal, closed_on=TODAY() + timedelta(days=1))

    assert list(refused.value.message_dict) == ["closed_on"]


def test_a_close_date_is_needed(deal):
    agree(deal)

    with pytest.raises(ValidationError) as refused:
        win(deal, closed_on=None)

    assert list(refused.value.message_dict) == ["closed_on"]


def test_an_amount_of_zero_is_refused(deal):
    agree(deal)

    with pytest.raises(ValidationError) as refused:
        win(deal, amount=Decimal("0"))

    assert list(refused.value.message_dict) == ["amount"]


def test_a_sale_at_another_amount_than_the_agreed_terms_is_refused(seller):
    deal = deal_for(seller, amount=Decimal("999.99"))
    agree(deal, discount=Decimal("0"))
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        win(deal, amount=Decimal("1.00"))

    assert list(refused.value.message_dict) == ["amount"]
    assert "999.99 EUR" in refused.value.message_dict["amount"][0]
    assert commercial_snapshot() == before
    assert not Sale.objects.filter(opportunity=deal).exists()


def test_the_agreed_total_given_as_the_amount_is_accepted(deal):
    sheet = agree(deal)

    sale = win(deal, amount=sheet.total)

    assert sale.amount == sheet.total


def test_the_sale_contract_yearly_value_and_hand_over_all_show_the_agreed_terms(seller):
    from twofold.accounts.models import Account, Contract
    from twofold.handover.models import HandoverPackage
    from twofold.sales.services.terms import terms_total

    deal = deal_for(seller, amount=Decimal("999.99"))
    sheet = agree(deal, discount=Decimal("7.5"))
    expected = terms_total(Decimal("999.99"), Decimal("7.5"))  # computed apart: 924.99

    sale = win(deal)

    contract = Contract.objects.get(opportunity=deal)
    account = Account.objects.get(company=deal.company)
    handover = HandoverPackage.objects.get(opportunity=deal)
    assert expected == Decimal("924.99")
    assert sale.amount == sheet.total == contract.value == account.annual_value == expected
    assert sum(c.amount for c in sale.credits.all()) == expected
    assert handover.budget.startswith("924.99 EUR agreed")


def test_a_close_date_before_the_deal_opened_is_refused(deal):
    agree(deal)
    deal.created_at = timezone.now() - timedelta(days=3)
    deal.save(update_fields=["created_at"])

    with pytest.raises(ValidationError) as refused:
        win(deal, closed_on=TODAY() - timedelta(days=4))

    assert list(refused.value.message_dict) == ["closed_on"]
    assert "opened on" in refused.value.message_dict["closed_on"][0]
    assert not Sale.objects.filter(opportunity=deal).exists()


def test_a_close_date_on_the_day_the_deal_opened_is_accepted(deal):
    agree(deal)
    deal.created_at = timezone.now() - timedelta(days=3)
    deal.save(update_fields=["created_at"])

    sale = win(deal, closed_on=TODAY() - timedelta(days=3))

    assert sale.closed_on == TODAY() - timedelta(days=3)


def test_terms_in_another_currency_than_the_deal_must_be_proposed_again(deal):
    agree(deal)
    deal.currency = "USD"
    deal.save(update_fields=["currency"])

    with pytest.raises(ValidationError) as refused:
        win(deal)

    assert refused.value.code == "terms_outdated"


def test_a_colleague_may_not_close_someone_elses_deal(deal, team):
    colleague = user_with(Role.BDM)
    team.memberships.create(user=colleague)
    agree(deal)

    with pytest.raises(PermissionDenied):
        win(deal, actor=colleague)


# --- Lost --------------------------------------------------------------------------------


def test_losing_needs_a_reason_from_the_list_and_keeps_the_competitor(deal):
    reason = LostReasonFactory(name="Price")

    opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=reason, competitor="Acme")

    deal.refresh_from_db()
    assert (deal.status, deal.stage.kind) == (OpportunityStatus.LOST, StageKind.LOST)
    assert (deal.lost_reason, deal.competitor) == (reason, "Acme")
    event = OpportunityEvent.objects.get(opportunity=deal, type=OpportunityEventType.LOST)
    assert event.data["reason"] == "Price"


def test_losing_without_a_reason_is_refused(deal):
    with pytest.raises(ValidationError) as refused:
        opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=None)

    assert list(refused.value.message_dict) == ["reason"]


def test_a_retired_reason_is_refused(deal):
    retired = LostReasonFactory(name="Timing", is_active=False)

    with pytest.raises(ValidationError) as refused:
        opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=retired)

    assert list(refused.value.message_dict) == ["reason"]


def test_losing_withdraws_terms_waiting_for_approval(deal):
    sheet = agree(deal, discount=Decimal("40"))

    opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=LostReasonFactory())

    approval = sheet.approvals.get()
    assert approval.status == "rejected"
    assert approval.comment.startswith("Withdrawn")


def test_a_won_deal_cannot_be_lost(deal):
    agree(deal)
    win(deal)

    with pytest.raises(ValidationError) as refused:
        opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=LostReasonFactory())

    assert refused.value.code == "deal_won"


def test_a_lost_deal_cannot_be_won_before_it_is_reopened(deal):
    agree(deal)
    opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=LostReasonFactory())

    with pytest.raises(ValidationError) as refused:
        win(deal)

    assert refused.value.code == "deal_lost"


# --- Reopen ------------------------------------------------------------------------------


def test_the_sales_lead_reopens_a_lost_deal_into_the_stage_it_was_lost_from(deal, team):
    opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=LostReasonFactory())

    opportunity_reopen(actor=team.lead, opportunity=deal, reason="Budget came back")

    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.OPEN
    assert deal.stage.name == "Proposal"
    assert (deal.lost_reason, deal.closed_on, deal.competitor) == (None, None, "")
    event = OpportunityEvent.objects.get(opportunity=deal, type=OpportunityEventType.REOPENED)
    assert (event.actor, event.data["reason"]) == (team.lead, "Budget came back")


def test_the_seller_may_not_reopen_their_own_lost_deal(deal):
    opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=LostReasonFactory())

    with pytest.raises(PermissionDenied):
        opportunity_reopen(actor=deal.owner, opportunity=deal, reason="Please")


def test_a_sales_lead_of_another_team_may_not_reopen(deal):
    opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=LostReasonFactory())
    stranger = sales_team(user_with(Role.BDM)).lead

    with pytest.raises(PermissionDenied):
        opportunity_reopen(actor=stranger, opportunity=deal, reason="Mine now")


def test_reopening_needs_a_reason(deal, team):
    opportunity_close_lost(actor=deal.owner, opportunity=deal, reason=LostReasonFactory())

    with pytest.raises(ValidationError) as refused:
        opportunity_reopen(actor=team.lead, opportunity=deal, reason="")

    assert list(refused.value.message_dict) == ["reason"]


def test_a_won_deal_is_never_reopened_and_its_sale_stays(deal, team):
    agree(deal)
    win(deal)
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        opportunity_reopen(actor=team.lead, opportunity=deal, reason="Oops")

    assert refused.value.message == "A recorded sale is never undone; open a new deal."
    assert commercial_snapshot() == before
