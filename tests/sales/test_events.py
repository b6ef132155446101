"""Lead and deal events: every event type has exactly one typed constructor, and a constructor
writes the data keys the timelines and reports read."""

from __future__ import annotations

import inspect
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import LeadFactory, deal_for
from twofold.people.choices import Role
from twofold.sales import events
from twofold.sales.choices import LeadEventType, OpportunityEventType

pytestmark = pytest.mark.django_db


def _constructors(prefix: str) -> set[str]:
    return {
        name
        for name, value in vars(events).items()
        if name.startswith(prefix) and inspect.isfunction(value) and name != "stage_move"
    }


def test_every_lead_event_type_has_a_constructor():
    assert set(events.LEAD_EVENTS) == set(LeadEventType)


def test_every_deal_event_type_has_a_constructor():
    assert set(events.OPPORTUNITY_EVENTS) == set(OpportunityEventType)


def test_every_public_lead_constructor_records_one_type():
    registered = [c.__name__ for c in events.LEAD_EVENTS.values()]
    assert sorted(registered) == sorted(_constructors("lead_"))


def test_every_public_deal_constructor_records_one_type():
    registered = [c.__name__ for c in events.OPPORTUNITY_EVENTS.values()]
    assert sorted(registered) == sorted(_constructors("opportunity_"))


def test_a_constructor_names_its_data_by_keyword_only():
    for constructor in [*events.LEAD_EVENTS.values(), *events.OPPORTUNITY_EVENTS.values()]:
        parameters = list(inspect.signature(constructor).parameters.values())
        assert parameters[1:], constructor.__name__
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters[1:])


def test_a_reassigned_lead_records_both_owners_the_reason_and_no_rule():
    before, after = user_with(Role.LEAD_GENERATOR), user_with(Role.LEAD_GENERATOR)
    lead = LeadFactory(owner=before)

    event = events.lead_assigned(
        lead, actor=None, from_owner_id=before.pk, to_owner=after, reason="Holiday", rule=None
    )

    event.refresh_from_db()
    assert event.type == LeadEventType.ASSIGNED
    assert event.data == {"from": before.pk, "to": after.pk, "reason": "Holiday", "rule": None}


def test_a_stage_move_records_names_ids_and_whole_seconds_in_the_old_stage():
    deal = deal_for()
    proposal = deal.stage
    negotiation = deal.pipeline.stages.exclude(pk=proposal.pk).filter(kind="open").first()
    now = timezone.now()

    event = events.opportunity_stage_changed(
        deal,
        actor=None,
        move=events.stage_move(proposal, negotiation, now - timedelta(seconds=90.7), now=now),
    )

    event.refresh_from_db()
    assert event.data == {
        "from": proposal.name,
        "to": negotiation.name,
        "from_id": proposal.pk,
        "to_id": negotiation.pk,
        "seconds_in_stage": 90,
    }


def test_an_amount_change_stores_decimals_as_text_and_says_by_what_only_when_told():
    deal = deal_for(amount=Decimal("100.00"))

    by_form = events.opportunity_amount_changed(
        deal,
        actor=None,
        from_amount=Decimal("100.00"),
        to_amount=Decimal("250.50"),
        from_currency="EUR",
        currency="EUR",
    )
    by_items = events.opportunity_amount_changed(
        deal,
        actor=None,
        from_amount=Decimal("250.50"),
        to_amount=Decimal("300.00"),
        from_currency="EUR",
        currency="EUR",
        by="line items",
    )

    by_form.refresh_from_db()
    by_items.refresh_from_db()
    assert by_form.data == {
        "from": "100.00",
        "to": "250.50",
        "from_currency": "EUR",
        "currency": "EUR",
    }
    assert by_items.data["by"] == "line items"
