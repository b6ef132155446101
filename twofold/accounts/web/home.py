"""The account side of the home page: an account manager's next steps and renewals, in one
grid with the hand-overs (registered by the hand-over app)."""

from __future__ import annotations

from twofold.accounts.selectors.home import carer_work
from twofold.core.home import register_home_section


def register() -> None:
    register_home_section(
        "caring", order=31, build=carer_work, template="accounts/partials/home_section.html"
    )
