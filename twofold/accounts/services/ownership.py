"""Ownership events: every change of a deal, relationship or plan owner, or of the supervisor
above them, is recorded with who made it, when and why (DESIGN "Ownership is four things")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twofold.accounts.choices import OwnershipKind
from twofold.accounts.models import Account, OwnershipEvent
from twofold.policies.accounts import supervisor_of

if TYPE_CHECKING:
    from twofold.people.models import User
    from twofold.sales.models import Opportunity


def ownership_record(
    *,
    kind: OwnershipKind,
    actor: User | None,
    reason: str,
    previous_id: int | None,
    new_id: int | None,
    account: Account | None = None,
    opportunity: Opportunity | None = None,
) -> OwnershipEvent | None:
    """Write one ownership event; nothing when the owner does not change. Call it inside the
    service's transaction, next to the change it records."""
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


def relationship_change(
    *, account: Account, actor: User | None, new_owner_id: int | None, reason: str
) -> list[OwnershipEvent]:
    """Record a new relationship owner and, when their account executive differs from the
    previous one's, the supervisor change that comes with it. The caller saves the account."""
    previous_id = account.relationship_owner_id
    events = [
        ownership_record(
            kind=OwnershipKind.RELATIONSHIP,
            actor=actor,
            reason=reason,
            previous_id=previous_id,
            new_id=new_owner_id,
            account=account,
        ),
        ownership_record(
            kind=OwnershipKind.SUPERVISOR,
            actor=actor,
            reason=reason,
            previous_id=supervisor_of(previous_id),
            new_id=supervisor_of(new_owner_id),
            account=account,
        ),
    ]
    return [event for event in events if event is not None]
