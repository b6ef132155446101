"""Building blocks of the hand-over tests: a seller, account managers and won deals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.accounts.factories import account_team
from tests.factories import user_with
from tests.sales.factories import deal_for, sales_team
from twofold.handover.models import HandoverPackage
from twofold.handover.won_deal import deal_close_won
from twofold.people.choices import Role
from twofold.sales.models import Opportunity
from twofold.sales.services.terms import terms_propose

FILLED = {
    "short_term_goals": "Roll out to the Berlin depot\nTrain 40 drivers",
    "long_term_goals": "Replace the legacy fleet system",
    "expectations": "Weekly check-ins during the roll-out",
    "success_criteria": "Fuel cost down 8 % within a year",
    "stakeholders": "Anna Berg (COO), decides",
}


def win(deal: Opportunity, *, instalments: int = 2, **kwargs: Any) -> Opportunity:
    """Agree terms within policy and win the deal by its owner."""
    terms_propose(
        actor=deal.owner,
        opportunity=deal,
        discount_percent=Decimal("5"),
        net_days=30,
        instalment_count=instalments,
    )
    deal_close_won(actor=deal.owner, opportunity=deal, closed_on=timezone.localdate(), **kwargs)
    deal.refresh_from_db()
    return deal


def won_package(
    seller: Any = None, *, amount: Decimal = Decimal("12000.00"), **deal_kwargs: Any
) -> HandoverPackage:
    """A won new-business deal's hand-over (a BDM in a sales team sells unless given)."""
    if seller is None:
        seller = user_with(Role.BDM, full_name="Sam Seller")
        sales_team(seller)
    deal = win(deal_for(seller, amount=amount, **deal_kwargs))
    return HandoverPackage.objects.select_related("account").get(opportunity=deal)


def manager_team(**names: str) -> Any:
    """An account-management team with one account manager ("Ada Manager")."""
    manager = user_with(Role.ACCOUNT_MANAGER, full_name=names.get("manager", "Ada Manager"))
    executive = user_with(Role.ACCOUNT_EXECUTIVE, full_name="Eve Executive")
    team = account_team(manager, lead=executive)
    return team, manager, executive
