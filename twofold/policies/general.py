"""Rules for what every signed-in person may use: the role handbook and the API docs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from twofold.policies.base import RULES, Perm, rule
from twofold.policies.people import is_admin

if TYPE_CHECKING:
    from twofold.people.models import User


@rule(Perm.HANDBOOK_VIEW, Perm.API_DOCS)
def _any_signed_in_user(actor: User, obj: Any) -> bool:
    return True


# Each area on the Settings page is guarded by one of these (a test keeps the list complete).
SETTINGS_PERMS = (Perm.SALES_CONFIGURE, Perm.ROUTING_RULE_MANAGE, Perm.ACCOUNTS_CONFIGURE)


@rule(Perm.SETTINGS_VIEW)
def _configures_something(actor: User, obj: Any) -> bool:
    return any(RULES[perm](actor, None) for perm in SETTINGS_PERMS)


@rule(Perm.HANDBOOK_EDIT)
def _admin_only(actor: User, obj: Any) -> bool:
    return is_admin(actor)
