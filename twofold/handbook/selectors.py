"""Reads of the role handbook."""

from __future__ import annotations

from collections.abc import Iterable

from twofold.handbook.models import RoleProfile
from twofold.people.choices import Role

ROLE_ORDER = {value: index for index, value in enumerate(Role.values)}


def profiles_for_roles(roles: Iterable[str]) -> list[RoleProfile]:
    """The handbook pages of ``roles``, in the order roles are listed in Twofold (1 query)."""
    wanted = set(roles)
    if not wanted:
        return []
    profiles = RoleProfile.objects.filter(role__in=wanted)
    return sorted(profiles, key=lambda p: ROLE_ORDER.get(p.role, 99))
