"""Rules for what every signed-in person may use: the role handbook and the API docs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from twofold.policies.base import Perm, rule
from twofold.policies.people import is_admin

if TYPE_CHECKING:
    from twofold.people.models import User


@rule(Perm.HANDBOOK_VIEW, Perm.API_DOCS)
def _any_signed_in_user(actor: User, obj: Any) -> bool:
    return True


@rule(Perm.HANDBOOK_EDIT)
def _admin_only(actor: User, obj: Any) -> bool:
    return is_admin(actor)
