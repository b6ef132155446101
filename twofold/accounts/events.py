"""Ownership events: one typed constructor per ownership kind (DESIGN "Ownership is four
things"). Each records who changed the owner, from whom to whom and why, and records nothing
when the owner does not change. ``OWNERSHIP_EVENTS`` maps each kind to its constructor.

Call them inside the service's transaction, next to the change they record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from twofold.accounts.choices import OwnershipKind
from twofold.accounts.models import Account, OwnershipEvent

if TYPE_CHECKING:
    from twofold.people.models import User
    from twofold.sales.models import Opportunity

Constructor = TypeVar("Constructor", bound=Callable[..., OwnershipEvent | None])

OWNERSHIP_EVENTS: dict[OwnershipKind, Callable[..., OwnershipEvent | None]] = {}


def _records(kind: OwnershipKind) -> Callable[[Constructor], Constructor]:
    def register(constructor: Constructor) -> Constructor:
        if kind in OWNERSHIP_EVENTS:
            raise TypeError(f"Ownership kind {kind} has two constructors.")
        OWNERSHIP_EVENTS[kind] = constructor
        return constructor

    return register


def _ownership_event(
    kind: OwnershipKind,
    *,
    actor: User | None,
    reason: str,
    previous_id: int | None,
    new_id: int | None,
    account: Account | None = None,
    opportunity: Opportunity | None = None,
) -> OwnershipEvent | None:
    if previous_id == new_id:
        return None
    return OwnershipEvent.objects.create(
        kind=kind,
        account=account,
        opportunity=opportunity,
        previous_id=previous_id,
        new_id=new_id,
        changed_by=actor,
        reason=reason[:300],
    )


@_records(OwnershipKind.DEAL)
def deal_owner_changed(
    opportunity: Opportunity,
    *,
    actor: User | None,
    previous_id: int | None,
    new_id: int | None,
    reason: str,
) -> OwnershipEvent | None:
    return _ownership_event(
        OwnershipKind.DEAL,
        actor=actor,
        reason=reason,
        previous_id=previous_id,
        new_id=new_id,
        opportunity=opportunity,
    )


class AccountOwnerChanged(Protocol):
    def __call__(
        self,
        account: Account,
        *,
        actor: User | None,
        previous_id: int | None,
        new_id: int | None,
        reason: str,
    ) -> OwnershipEvent | None: ...


def _account_owner_changed(kind: OwnershipKind, name: str) -> AccountOwnerChanged:
    """The constructor of one of the account's three owners: relationship, plan, supervisor
    (they differ only in the kind they record)."""

    def changed(
        account: Account,
        *,
        actor: User | None,
        previous_id: int | None,
        new_id: int | None,
        reason: str,
    ) -> OwnershipEvent | None:
        return _ownership_event(
            kind,
            actor=actor,
            reason=reason,
            previous_id=previous_id,
            new_id=new_id,
            account=account,
        )

    changed.__name__ = changed.__qualname__ = name
    return _records(kind)(changed)


relationship_owner_changed = _account_owner_changed(
    OwnershipKind.RELATIONSHIP, "relationship_owner_changed"
)
plan_owner_changed = _account_owner_changed(OwnershipKind.PLAN, "plan_owner_changed")
supervisor_changed = _account_owner_changed(OwnershipKind.SUPERVISOR, "supervisor_changed")
