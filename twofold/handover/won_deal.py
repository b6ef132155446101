"""Winning a deal as a whole: the one workflow the web, the API and the CLI run.

Winning touches three apps, each doing its own part through its own service:

1. sales records the win (``opportunity_close_won``): the rules of winning (approved terms,
   close date, credits adding up to 100 %), the deal moved to its won stage, the one sale and
   its credit split, the approved terms as the customer's next term-sheet version and the
   deal's "won" event;
2. accounts, for a new customer (``account_open_for_won_deal``): the account opened in
   hand-over (or the customer's existing one), sold by the deal's owner, with a contract on
   the approved terms and the deal's contact; for an upsell, cross-sell or renewal
   (``account_refresh_for_won_deal``): the customer's share of wallet refreshed;
3. hand-over, for a new customer (``handover_open``): the one hand-over of the deal
   (invariant 2), pre-filled and routed, superseding any older one of the account still open.
   Ownership moves later, when the receiving account manager accepts it.

The workflow sits here, above sales and accounts, so no lower app imports a higher one. Sales'
pages and API reach it through ``twofold.sales.services.closing.deal_win``, which the
hand-over app points at ``deal_close_won`` when it is ready (``HandoverConfig.ready``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from twofold.accounts.models import Account, Contract
from twofold.accounts.services.opening import (
    account_open_for_won_deal,
    account_refresh_for_won_deal,
)
from twofold.handover.models import HandoverPackage
from twofold.handover.services import handover_open
from twofold.sales.choices import OpportunityKind
from twofold.sales.models import Opportunity, Sale
from twofold.sales.services.closing import Credits, latest_terms, opportunity_close_won
from twofold.sales.services.items import lock_opportunity

if TYPE_CHECKING:
    from twofold.people.models import User


@dataclass(frozen=True)
class WonDeal:
    """What winning wrote: the sale always; the customer's account when there is one; the
    contract and the hand-over for a new customer only."""

    sale: Sale
    account: Account | None
    contract: Contract | None
    package: HandoverPackage | None


@transaction.atomic
def deal_close_won(
    *,
    actor: User | None,
    opportunity: Opportunity,
    closed_on: date | None,
    amount: Decimal | None = None,
    credits: Credits | None = None,
) -> WonDeal:
    """Win the deal: record its sale, then open the customer's account, contract and hand-over
    (a new customer) or refresh the customer's share of wallet (any other deal), all or
    nothing in one transaction.

    The arguments, the checks and their errors are those of ``opportunity_close_won``, which
    runs first: a refused win writes nothing. When a later step refuses (or fails), the sale
    is not kept either. Winning a won deal again returns what the first win wrote and writes
    nothing.
    """
    # Under the deal's lock, so two wins at once run one after the other and the second sees
    # the first's sale.
    already_won = Sale.objects.filter(opportunity=lock_opportunity(opportunity)).exists()
    sale = opportunity_close_won(
        actor=actor, opportunity=opportunity, closed_on=closed_on, amount=amount, credits=credits
    )
    if already_won:
        return _as_won(opportunity, sale)
    if opportunity.kind != OpportunityKind.NEW_BUSINESS:
        account = account_refresh_for_won_deal(opportunity=opportunity)
        return WonDeal(sale=sale, account=account, contract=None, package=None)
    sheet = latest_terms(opportunity)
    assert sheet is not None  # noqa: S101  (winning needs approved terms)
    opened = account_open_for_won_deal(
        actor=actor, opportunity=opportunity, sheet=sheet, amount=sale.amount
    )
    package = handover_open(
        actor=actor, opportunity=opportunity, account=opened.account, sheet=sheet
    )
    return WonDeal(sale=sale, account=opened.account, contract=opened.contract, package=package)


def _as_won(opportunity: Opportunity, sale: Sale) -> WonDeal:
    """What an earlier win of the deal wrote, read back."""
    contract = Contract.objects.filter(opportunity=opportunity).select_related("account").first()
    package = HandoverPackage.objects.filter(opportunity=opportunity).first()
    account = (
        contract.account
        if contract is not None
        else Account.objects.filter(company_id=opportunity.company_id).first()
        if opportunity.company_id is not None
        else None
    )
    return WonDeal(sale=sale, account=account, contract=contract, package=package)
