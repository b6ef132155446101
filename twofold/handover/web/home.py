"""The hand-over's part of the home page: hand-overs to complete (the seller) or to decide
(the receiving side). Shown in the account work's grid, beside the account manager's care."""

from __future__ import annotations

from twofold.accounts.selectors.home import handover_work
from twofold.core.home import register_home_section


def register() -> None:
    register_home_section("handovers", order=30, build=handover_work)
