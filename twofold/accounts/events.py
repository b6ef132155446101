"""Ownership events: one typed constructor per ownership kind (DESIGN "Ownership is four
things"). Each records who changed the owner, from whom to whom and why, and records nothing
when the owner does not change. ``OWNERSHIP_EVENTS`` maps each kind to its constructor.

Call them inside the service's transaction, next to the change they record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

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


@_records(OwnershipKind.RELATIONSHIP)
def relationship_owner_changed(
    account: Account,
    *,
    actor: User | None,
    previous_id: int | None,
    new_id: int | None,
    reason: str,
) -> OwnershipEvent | None:
    return _ownership_event(
        OwnershipKind.RELATIONSHIP,
        actor=actor,
        reason=reason,
        previous_id=previous_id,
        new_id=new_id,
        account=account,
    )


@_records(OwnershipKind.PLAN)
def plan_owner_changed(
    account: Account,
    *,
    actor: User | None,
    previous_id: int | None,
    new_id: int | None,
    reason: str,
) -> OwnershipEvent | None:
    return _ownership_event(
        OwnershipKind.PLAN,
        actor=actor,
        reason=reason,
        previous_id=previous_id,
        new_id=new_id,
        account=account,
    )


@_records(OwnershipKind.SUPERVISOR)
def supervisor_changed(
    account: Account,
    *,
    actor: User | None,
    previous_id: int | None,
    new_id: int | None,
    reason: str,
) -> OwnershipEvent | None:
    return _ownership_event(
        OwnershipKind.SUPERVISOR,
        actor=actor,
        reason=reason,
        previous_id=previous_id,
        new_id=new_id,
        account=account,
    )
