"""Deal services: moves through open stages, edits, reassignment — and what they refuse."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import (
    CompanyFactory,
    ProductFactory,
    open_deal,
    sales_team,
    standard_pipeline,
)
from twofold.parties.models import Contact
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityEventType, OpportunityStatus
from twofold.sales.models import LineItem, Opportunity, OpportunityEvent
from twofold.sales.services.deals import (
    opportunity_create,
    opportunity_move,
    opportunity_reassign,
    opportunity_update,
)
from twofold.sales.services.pipelines import STANDARD_STAGES, pipeline_create

pytestmark = pytest.mark.django_db


def stage(deal, name):
    return deal.pipeline.stages.get(name=name)


def events_of(deal, type):
    return list(OpportunityEvent.objects.filter(opportunity=deal, type=type).order_by("at", "id"))


def test_the_owner_moves_a_deal_to_another_open_stage():
    deal = open_deal()

    moved = opportunity_move(actor=deal.owner, opportunity=deal, stage=stage(deal, "Proposal"))

    assert moved.stage.name == "Proposal"
    assert Opportunity.objects.get(pk=deal.pk).stage.name == "Proposal"


def test_a_move_records_the_stages_and_the_time_spent_in_the_stage_left():
    deal = open_deal()
    Opportunity.objects.filter(pk=deal.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=3)
    )
    deal.refresh_from_db()
    discovery, proposal = stage(deal, "Discovery"), stage(deal, "Proposal")

    opportunity_move(actor=deal.owner, opportunity=deal, stage=proposal)

    (event,) = events_of(deal, OpportunityEventType.STAGE_CHANGED)
    seconds = event.data.pop("seconds_in_stage")
    assert event.data == {
        "from": "Discovery",
        "to": "Proposal",
        "from_id": discovery.pk,
        "to_id": proposal.pk,
    }
    assert 3 * 86400 <= seconds < 3 * 86400 + 60
    assert event.actor == deal.owner


def test_a_move_restarts_the_clock_of_the_stage():
    deal = open_deal()
    before = timezone.now()

    moved = opportunity_move(actor=None, opportunity=deal, stage=stage(deal, "Proposal"))

    assert moved.stage_entered_at >= before


def test_moving_to_the_current_stage_changes_nothing():
    deal = open_deal(stage="Proposal")
    entered = deal.stage_entered_at

    again = opportunity_move(actor=deal.owner, opportunity=deal, stage=stage(deal, "Proposal"))

    assert again.stage_entered_at == entered
    assert len(events_of(deal, OpportunityEventType.STAGE_CHANGED)) == 1


@pytest.mark.parametrize("closing", ["Won", "Lost"])
def test_moving_into_a_closing_stage_is_refused_with_a_reason(closing):
    deal = open_deal()

    with pytest.raises(ValidationError) as exc:
        opportunity_move(actor=deal.owner, opportunity=deal, stage=stage(deal, closing))

    assert exc.value.code == "closing_stage"
    assert "close the deal as won or lost" in exc.value.message
    assert Opportunity.objects.get(pk=deal.pk).stage.name == "Discovery"


@pytest.mark.parametrize("status", [OpportunityStatus.WON, OpportunityStatus.LOST])
def test_moving_a_closed_deal_is_refused_until_it_is_reopened(status):
    deal = open_deal()
    Opportunity.objects.filter(pk=deal.pk).update(status=status)

    with pytest.raises(ValidationError) as exc:
        opportunity_move(actor=None, opportunity=deal, stage=stage(deal, "Proposal"))

    assert exc.value.code == "closed"
    assert "Reopen it first" in exc.value.message


def test_a_stage_of_another_pipeline_is_refused_against_the_stage():
    deal = open_deal()
    other = pipeline_create(actor=None, name="Partners", stages=STANDARD_STAGES)

    with pytest.raises(ValidationError) as exc:
        opportunity_move(actor=None, opportunity=deal, stage=other.stages.get(name="Proposal"))

    assert "stage" in exc.value.message_dict


def test_a_colleague_cannot_move_someone_elses_deal():
    colleague = user_with(Role.BDM)
    deal = open_deal()
    sales_team(deal.owner, colleague)

    with pytest.raises(PermissionDenied):
        opportunity_move(actor=colleague, opportunity=deal, stage=stage(deal, "Proposal"))


def test_the_sales_lead_of_the_owners_team_moves_their_deal():
    deal = open_deal()
    team = sales_team(deal.owner)

    moved = opportunity_move(actor=team.lead, opportunity=deal, stage=stage(deal, "Negotiation"))

    assert moved.stage.name == "Negotiation"


def _update(deal, actor=None, **changes):
    values = {
        "name": deal.name,
        "expected_close_date": deal.expected_close_date,
        "next_step": deal.next_step,
        "next_step_due": deal.next_step_due,
        "contact": deal.contact,
        "currency": deal.currency,
        "amount": deal.amount,
    }
    return opportunity_update(actor=actor or deal.owner, opportunity=deal, **(values | changes))


def test_the_owner_sets_the_next_step_and_its_due_date():
    deal = open_deal()

    saved = _update(deal, next_step="Send the proposal", next_step_due=date(2030, 1, 15))

    assert (saved.next_step, saved.next_step_due) == ("Send the proposal", date(2030, 1, 15))


def test_a_changed_amount_is_an_event():
    deal = open_deal(amount=Decimal("100.00"))

    _update(deal, amount=Decimal("2500.50"))

    (event,) = events_of(deal, OpportunityEventType.AMOUNT_CHANGED)
    assert event.data == {
        "from": "100.00",
        "to": "2500.50",
        "from_currency": "EUR",
        "currency": "EUR",
    }


def test_the_amount_of_a_deal_with_line_items_is_not_typed_in():
    deal = open_deal(amount=Decimal("1000.00"))
    LineItem.objects.create(
        opportunity=deal,
        product=ProductFactory(),
        unit_price=Decimal("1000"),
        total=Decimal("1000"),
    )

    with pytest.raises(ValidationError) as exc:
        _update(deal, amount=Decimal("5.00"))

    assert exc.value.message_dict == {
        "amount": ["This deal has line items: they compute its amount."]
    }


def test_the_currency_of_a_deal_with_priced_line_items_is_not_changed():
    deal = open_deal(amount=Decimal("1000.00"))
    LineItem.objects.create(
        opportunity=deal,
        product=ProductFactory(),
        unit_price=Decimal("1000"),
        total=Decimal("1000"),
    )

    with pytest.raises(ValidationError) as exc:
        _update(deal, currency="USD")

    assert list(exc.value.message_dict) == ["currency"]
    assert Opportunity.objects.get(pk=deal.pk).currency == "EUR"


def test_the_currency_of_a_deal_with_proposed_terms_is_not_changed():
    from twofold.sales.services.terms import terms_propose

    deal = open_deal(amount=Decimal("1000.00"))
    terms_propose(
        actor=deal.owner,
        opportunity=deal,
        discount_percent=Decimal("0"),
        net_days=30,
        instalment_count=1,
    )

    with pytest.raises(ValidationError) as exc:
        _update(deal, currency="USD")

    assert list(exc.value.message_dict) == ["currency"]
    assert Opportunity.objects.get(pk=deal.pk).currency == "EUR"


def test_the_currency_of_a_deal_without_items_or_terms_may_change():
    deal = open_deal(amount=Decimal("1000.00"))

    saved = _update(deal, currency="USD")

    assert saved.currency == "USD"


def test_a_due_date_needs_a_next_step():
    deal = open_deal()

    with pytest.raises(ValidationError) as exc:
        _update(deal, next_step="", next_step_due=date(2030, 1, 1))

    assert list(exc.value.message_dict) == ["next_step"]


def test_the_contact_works_at_the_deals_company():
    deal = open_deal(company=CompanyFactory())
    stranger = Contact.objects.create(full_name="Olga Other", company=CompanyFactory())

    with pytest.raises(ValidationError) as exc:
        _update(deal, contact=stranger)

    assert list(exc.value.message_dict) == ["contact"]


def test_an_empty_name_is_refused_and_nothing_is_saved():
    deal = open_deal(name="Keep me")

    with pytest.raises(ValidationError):
        _update(deal, name="  ", next_step="Something")

    assert Opportunity.objects.get(pk=deal.pk).next_step == ""


def test_the_sales_lead_hands_a_deal_to_a_team_member_with_a_reason():
    deal = open_deal()
    newcomer = user_with(Role.BDM)
    team = sales_team(deal.owner, newcomer)
    previous = deal.owner

    opportunity_reassign(actor=team.lead, opportunity=deal, owner=newcomer, reason="Territory")

    (event,) = events_of(deal, OpportunityEventType.OWNER_CHANGED)
    assert Opportunity.objects.get(pk=deal.pk).owner == newcomer
    assert event.actor == team.lead
    assert event.data == {
        "from": previous.pk,
        "to": newcomer.pk,
        "from_name": str(previous),
        "to_name": str(newcomer),
        "reason": "Territory",
    }


def test_reassigning_needs_a_reason():
    deal = open_deal()
    newcomer = user_with(Role.BDM)
    team = sales_team(deal.owner, newcomer)

    with pytest.raises(ValidationError) as exc:
        opportunity_reassign(actor=team.lead, opportunity=deal, owner=newcomer, reason=" ")

    assert list(exc.value.message_dict) == ["reason"]


def test_reassigning_to_the_owner_changes_nothing():
    deal = open_deal()
    team = sales_team(deal.owner)

    opportunity_reassign(actor=team.lead, opportunity=deal, owner=deal.owner, reason="")

    assert events_of(deal, OpportunityEventType.OWNER_CHANGED) == []


def test_a_sales_lead_cannot_hand_a_deal_to_someone_outside_their_teams():
    deal = open_deal()
    team = sales_team(deal.owner)
    outsider = user_with(Role.BDM)

    with pytest.raises(ValidationError) as exc:
        opportunity_reassign(actor=team.lead, opportunity=deal, owner=outsider, reason="Why not")

    assert list(exc.value.message_dict) == ["owner"]


def test_new_business_cannot_go_to_an_account_manager(admin_user):
    deal = open_deal()

    with pytest.raises(ValidationError) as exc:
        opportunity_reassign(
            actor=admin_user, opportunity=deal, owner=user_with(Role.ACCOUNT_MANAGER), reason="x"
        )

    assert list(exc.value.message_dict) == ["owner"]


@pytest.mark.parametrize("role", [Role.BDM, Role.AGENT, Role.LEAD_GENERATOR])
def test_sellers_do_not_reassign_deals(role):
    actor = user_with(role)
    deal = open_deal(actor if role != Role.LEAD_GENERATOR else None)

    with pytest.raises(PermissionDenied):
        opportunity_reassign(actor=actor, opportunity=deal, owner=user_with(Role.BDM), reason="x")


def test_a_closed_deal_is_not_reassigned(admin_user):
    deal = open_deal()
    Opportunity.objects.filter(pk=deal.pk).update(status=OpportunityStatus.WON)

    with pytest.raises(ValidationError) as exc:
        opportunity_reassign(
            actor=admin_user, opportunity=deal, owner=user_with(Role.BDM), reason="x"
        )

    assert exc.value.code == "closed"


def test_a_bdm_cannot_open_a_deal_owned_by_a_colleague():
    standard_pipeline()
    bdm, colleague = user_with(Role.BDM), user_with(Role.BDM)
    sales_team(bdm, colleague)

    with pytest.raises(ValidationError) as exc:
        opportunity_create(actor=bdm, name="Not mine", owner=colleague)

    assert list(exc.value.message_dict) == ["owner"]


def test_a_sales_lead_opens_a_deal_for_a_team_member():
    standard_pipeline()
    bdm = user_with(Role.BDM)
    team = sales_team(bdm)

    deal = opportunity_create(actor=team.lead, name="For Sam", owner=bdm)

    assert deal.owner == bdm
