"""Deal strategy: the sales lead writes it, the owner and team read it, history is kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import user_with
from tests.sales.factories import open_deal, sales_team
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityEventType
from twofold.sales.models import DealStrategy, OpportunityEvent
from twofold.sales.selectors.deals import strategy_history
from twofold.sales.services.strategy import deal_strategy_set

pytestmark = pytest.mark.django_db

TEXT = {
    "approach": "Sell to the COO, not IT.",
    "key_messages": "Uptime.",
    "risks": "Incumbent vendor.",
    "next_steps": "Workshop.",
}


def test_the_sales_lead_of_the_owners_team_writes_the_strategy():
    deal = open_deal()
    team = sales_team(deal.owner)

    strategy = deal_strategy_set(actor=team.lead, opportunity=deal, **TEXT)

    assert (strategy.approach, strategy.updated_by) == ("Sell to the COO, not IT.", team.lead)


def test_writing_the_strategy_is_a_deal_event_naming_what_changed():
    deal = open_deal()
    team = sales_team(deal.owner)
    deal_strategy_set(actor=team.lead, opportunity=deal, **TEXT)

    deal_strategy_set(actor=team.lead, opportunity=deal, **(TEXT | {"risks": "Budget freeze."}))

    events = OpportunityEvent.objects.filter(
        opportunity=deal, type=OpportunityEventType.STRATEGY_CHANGED
    ).order_by("id")
    assert [e.data["changed"] for e in events] == [
        ["approach", "key_messages", "risks", "next_steps"],
        ["risks"],
    ]


def test_writing_the_same_strategy_again_changes_nothing():
    deal = open_deal()
    team = sales_team(deal.owner)
    deal_strategy_set(actor=team.lead, opportunity=deal, **TEXT)

    deal_strategy_set(actor=team.lead, opportunity=deal, **TEXT)

    assert DealStrategy.history.count() == 1
    assert OpportunityEvent.objects.filter(type=OpportunityEventType.STRATEGY_CHANGED).count() == 1


def test_every_version_of_the_strategy_is_kept():
    deal = open_deal()
    team = sales_team(deal.owner)
    deal_strategy_set(actor=team.lead, opportunity=deal, **TEXT)
    deal_strategy_set(actor=team.lead, opportunity=deal, **(TEXT | {"risks": "Budget freeze."}))

    entries = strategy_history(opportunity=deal)

    assert [e.action for e in entries] == ["changed", "created"]
    assert [(c.field, c.before, c.after) for c in entries[0].changes] == [
        ("risks", "Incumbent vendor.", "Budget freeze.")
    ]
    assert entries[0].actor_name == str(team.lead)


def test_an_admin_writes_the_strategy(admin_user):
    deal = open_deal()

    assert deal_strategy_set(actor=admin_user, opportunity=deal, **TEXT).pk


@pytest.mark.parametrize("who", ["owner", "colleague", "other sales lead"])
def test_nobody_else_writes_the_strategy(who):
    deal = open_deal()
    colleague = user_with(Role.BDM)
    sales_team(deal.owner, colleague)
    actor = {
        "owner": deal.owner,
        "colleague": colleague,
        "other sales lead": user_with(Role.SALES_LEAD),
    }[who]

    with pytest.raises(PermissionDenied):
        deal_strategy_set(actor=actor, opportunity=deal, **TEXT)

    assert not DealStrategy.objects.exists()


def test_an_empty_strategy_is_refused():
    deal = open_deal()
    team = sales_team(deal.owner)

    with pytest.raises(ValidationError) as exc:
        deal_strategy_set(
            actor=team.lead,
            opportunity=deal,
            approach=" ",
            key_messages="",
            risks="",
            next_steps="",
        )

    assert list(exc.value.message_dict) == ["approach"]
