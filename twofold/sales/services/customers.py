"""Existing customers belong to account management (DESIGN invariant 1).

A company that already has a customer account gets no new-business deal: creating one, or
qualifying a lead for it, is refused with a warning that names the account manager, who is
offered an upsell or cross-sell instead. The account manager is the relationship owner, or,
while the account is still in hand-over, the receiver of its open hand-over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ValidationError

from twofold.handover.choices import OPEN_STATUSES
from twofold.sales.choices import OpportunityKind

if TYPE_CHECKING:
    from twofold.accounts.models import Account
    from twofold.people.models import User

EXPANSION_KINDS = (OpportunityKind.UPSELL, OpportunityKind.CROSS_SELL)


@dataclass(frozen=True)
class ExistingCustomer:
    account: Account
    manager: User | None

    @property
    def warning(self) -> str:
        who = (
            f"looked after by {self.manager}"
            if self.manager is not None
            else "without an account manager yet"
        )
        offer = (
            f"offer {self.manager} an upsell or cross-sell instead of a new-business deal."
            if self.manager is not None
            else "new business is not opened for an existing customer."
        )
        return f"{self.account} is already a customer, {who}: {offer}"


def existing_customer(company_id: int | None) -> ExistingCustomer | None:
    """The customer account of the company and who looks after it; ``None`` for a prospect."""
    if company_id is None:
        return None
    account = (
        apps.get_model("accounts", "Account")
        .objects.select_related("relationship_owner")
        .filter(company_id=company_id)
        .first()
    )
    if account is None:
        return None
    manager = account.relationship_owner
    if manager is None:
        package = (
            account.handovers.filter(status__in=OPEN_STATUSES, receiver__isnull=False)
            .select_related("receiver")
            .order_by("-created_at", "-id")
            .first()
        )
        manager = package.receiver if package is not None else None
    return ExistingCustomer(account=account, manager=manager)


def refuse_new_business_for_customer(company_id: int | None, *, field: str = "kind") -> None:
    """Invariant 1: no new-business deal for a company that is already a customer."""
    customer = existing_customer(company_id)
    if customer is not None:
        raise ValidationError({field: ValidationError(customer.warning, code="existing_customer")})
