"""The handbook's section of the home page: what each of the user's roles does."""

from __future__ import annotations

from twofold.core.home import register_home_section
from twofold.handbook.selectors import profiles_for_roles


def register() -> None:
    register_home_section(
        "profiles",
        order=20,
        build=lambda user: profiles_for_roles(user.roles),
        template="handbook/partials/home_profiles.html",
    )
