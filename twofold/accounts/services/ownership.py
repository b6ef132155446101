"""A new relationship owner moves the supervisor above them too: both changes are recorded as
ownership events (written by ``twofold.accounts.events``, DESIGN "Ownership is four things")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twofold.accounts.events import relationship_owner_changed, supervisor_changed
from twofold.accounts.models import Account, OwnershipEvent
from twofold.policies.accounts import supervisor_of

if TYPE_CHECKING:
    from twofold.people.models import User


def relationship_change(
    *, account: Account, actor: User | None, new_owner_id: int | None, reason: str
) -> list[OwnershipEvent]:
    """Record a new relationship owner and, when their account executive differs from the
    previous one's, the supervisor change that comes with it. The caller saves the account."""
    previous_id = account.relationship_owner_id
    events = [
        relationship_owner_changed(
            account, actor=actor, previous_id=previous_id, new_id=new_owner_id, reason=reason
        ),
        supervisor_changed(
            account,
            actor=actor,
            previous_id=supervisor_of(previous_id),
            new_id=supervisor_of(new_owner_id),
            reason=reason,
        ),
    ]
    return [event for event in events if event is not None]
