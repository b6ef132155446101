"""Authorization: the one place that decides what an actor may do and which rows they see.

Default deny: a permission with no rule, an anonymous or deactivated actor, gets ``False``.
Views, API endpoints, selectors and services all ask here; nothing else decides access.
"""

from twofold.policies import accounts as _accounts  # noqa: F401 - registers its rules
from twofold.policies import general as _general  # noqa: F401 - registers its rules
from twofold.policies import sales as _sales  # noqa: F401 - registers its rules
from twofold.policies.accounts import (
    accounts_visible_to,
    contacts_visible_to,
    handovers_visible_to,
    requests_visible_to,
)
from twofold.policies.base import Perm, can, require
from twofold.policies.people import teams_visible_to, users_visible_to
from twofold.policies.sales import (
    assignment_rules_visible_to,
    leads_visible_to,
    meetings_visible_to,
    opportunities_visible_to,
    opportunity_owner_ids_visible_to,
)

__all__ = [
    "Perm",
    "accounts_visible_to",
    "assignment_rules_visible_to",
    "can",
    "contacts_visible_to",
    "handovers_visible_to",
    "leads_visible_to",
    "meetings_visible_to",
    "opportunities_visible_to",
    "opportunity_owner_ids_visible_to",
    "requests_visible_to",
    "require",
    "teams_visible_to",
    "users_visible_to",
]
