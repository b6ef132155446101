"""Authorization: the one place that decides what an actor may do and which rows they see.

Default deny: a permission with no rule, an anonymous or deactivated actor, gets ``False``.
Views, API endpoints, selectors and services all ask here; nothing else decides access.
"""

from twofold.policies import accounts as _accounts  # noqa: F401 - registers its rules
from twofold.policies import general as _general  # noqa: F401 - registers its rules
from twofold.policies import sales as _sales  # noqa: F401 - registers its rules
from twofold.policies.accounts import (
    account_managers_visible_to,
    accounts_visible_to,
    approvable_amendments_visible_to,
    contacts_visible_to,
    handovers_visible_to,
    may_own_plan,
    ownership_events_visible_to,
    requests_visible_to,
)
from twofold.policies.base import Perm, can, require, signed_in
from twofold.policies.people import is_admin, may_lead_team, teams_visible_to, users_visible_to
from twofold.policies.roles import (
    DEAL_OWNER_ROLES,
    PLAN_OWNER_ROLES,
    RECEIVER_ROLES,
    REVENUE_ROLES,
    SALES_STAFF,
    SELLER_ROLES,
)
from twofold.policies.sales import (
    assignment_rules_visible_to,
    deal_assignees_visible_to,
    leads_visible_to,
    meetings_visible_to,
    opportunities_visible_to,
    opportunity_owner_ids_visible_to,
    sells_as_agent,
)

__all__ = [
    "DEAL_OWNER_ROLES",
    "PLAN_OWNER_ROLES",
    "RECEIVER_ROLES",
    "REVENUE_ROLES",
    "SALES_STAFF",
    "SELLER_ROLES",
    "Perm",
    "account_managers_visible_to",
    "accounts_visible_to",
    "approvable_amendments_visible_to",
    "assignment_rules_visible_to",
    "can",
    "contacts_visible_to",
    "deal_assignees_visible_to",
    "handovers_visible_to",
    "is_admin",
    "leads_visible_to",
    "may_lead_team",
    "may_own_plan",
    "meetings_visible_to",
    "opportunities_visible_to",
    "opportunity_owner_ids_visible_to",
    "ownership_events_visible_to",
    "requests_visible_to",
    "require",
    "sells_as_agent",
    "signed_in",
    "teams_visible_to",
    "users_visible_to",
]
