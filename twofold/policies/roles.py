"""The one role check, and the sets of roles the rules speak of, each defined once.

Nothing outside ``twofold.policies`` asks which roles a user holds: it asks ``can`` or one
of the named predicates the facade exports (ruff's banned-api rule keeps it so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES, Role

if TYPE_CHECKING:
    from twofold.people.models import User

# Sales roles but agents: the company's own sellers, who see their teams' pipeline.
SALES_STAFF = SALES_ROLES - {Role.AGENT}
# Who sells new business and so may own a new-business deal.
SELLER_ROLES = frozenset({Role.BDM, Role.AGENT, Role.SALES_LEAD})
# Who owns deals at all: sellers their new business, account roles the expansion of accounts.
DEAL_OWNER_ROLES = SELLER_ROLES | ACCOUNT_ROLES
# Who may receive a hand-over and look after the account from then on.
RECEIVER_ROLES = frozenset({Role.ACCOUNT_MANAGER, Role.KEY_ACCOUNT_MANAGER})
# Who owns a key account's plan.
PLAN_OWNER_ROLES = frozenset({Role.KEY_ACCOUNT_MANAGER})
# Sales and account management together: the revenue team.
REVENUE_ROLES = SALES_ROLES | ACCOUNT_ROLES


def has_role(user: User, *roles: str) -> bool:
    """Does ``user`` hold any of ``roles``?"""
    return bool(user.roles.intersection(roles))
