"""Reads of the role handbook.

Every signed-in user may read the handbook; its history is for the admins who edit it. There
are nine pages at most, so each read is one query and the ordering happens in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404

from twofold import policies
from twofold.core import history
from twofold.handbook.models import RoleProfile, Side
from twofold.people.choices import Role
from twofold.policies import Perm

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from twofold.people.models import User

    Actor = User | AnonymousUser

ROLE_ORDER = {value: index for index, value in enumerate(Role.values)}
SIDE_ORDER = [Side.SALES, Side.ACCOUNTS, Side.SUPPORTING]
SIDE_CSS = {Side.SALES: "sales", Side.ACCOUNTS: "accounts", Side.SUPPORTING: "other"}
SIDE_PURPOSE = {
    Side.SALES: "Wins new clients, from the first lead to the signed deal.",
    Side.ACCOUNTS: "Keeps the clients the company has, and grows what they buy.",
    Side.SUPPORTING: "Helps both halves of the revenue team do their work.",
}

# The role that stands for each half of the revenue team on the comparison page.
SALES_EXAMPLE = Role.BDM
ACCOUNTS_EXAMPLE = Role.ACCOUNT_MANAGER


def _in_role_order(profiles: Iterable[RoleProfile]) -> list[RoleProfile]:
    return sorted(profiles, key=lambda p: ROLE_ORDER.get(p.role, len(ROLE_ORDER)))


def profiles_for_roles(roles: Iterable[str]) -> list[RoleProfile]:
    """The handbook pages of ``roles``, in the order roles are listed in Twofold (1 query)."""
    wanted = set(roles)
    if not wanted:
        return []
    return _in_role_order(RoleProfile.objects.filter(role__in=wanted))


def role_profile_list(*, actor: Actor) -> list[RoleProfile]:
    """Every handbook page, in the order roles are listed in Twofold (1 query)."""
    policies.require(actor, Perm.HANDBOOK_VIEW)
    return _in_role_order(RoleProfile.objects.all())


@dataclass(frozen=True)
class HandbookSection:
    """The pages of one side of the revenue team, for the handbook's index."""

    side: str
    label: str
    css: str
    purpose: str
    profiles: list[RoleProfile]


def handbook_sections(*, actor: Actor) -> list[HandbookSection]:
    """The handbook's pages grouped by side: sales, account management, supporting (1 query)."""
    profiles = role_profile_list(actor=actor)
    sections = [
        HandbookSection(
            side=side.value,
            label=side.label,
            css=SIDE_CSS[side],
            purpose=SIDE_PURPOSE[side],
            profiles=[p for p in profiles if p.side == side],
        )
        for side in SIDE_ORDER
    ]
    return [section for section in sections if section.profiles]


def role_profile_get_for_actor(*, actor: Actor, role: str) -> RoleProfile:
    """The handbook page of ``role``; 404 when there is no such role or no page for it."""
    policies.require(actor, Perm.HANDBOOK_VIEW)
    if role not in ROLE_ORDER:
        raise Http404("No such role.")
    try:
        return RoleProfile.objects.get(role=role)
    except RoleProfile.DoesNotExist as exc:
        raise Http404("No such role.") from exc


def role_profile_history(*, actor: Actor, profile: RoleProfile) -> list[history.HistoryEntry]:
    """Who changed the page, when, from where and what, newest first (admins only)."""
    policies.require(actor, Perm.HANDBOOK_EDIT, profile)
    return history.timeline([history.HistorySource(RoleProfile, {"id": profile.pk}, "Page")])


@dataclass(frozen=True)
class ComparisonSide:
    """One column of the comparison: a side of the revenue team and the role that stands for it."""

    side: str
    label: str
    css: str
    purpose: str
    example: RoleProfile | None
    roles: list[RoleProfile]


@dataclass(frozen=True)
class ComparisonRow:
    """One aspect of the work, side by side. Each cell is a list of lines."""

    key: str
    label: str
    sales: list[str]
    accounts: list[str]
    as_list: bool


@dataclass(frozen=True)
class Comparison:
    sales: ComparisonSide
    accounts: ComparisonSide
    rows: list[ComparisonRow]

    @property
    def columns(self) -> list[ComparisonSide]:
        return [self.sales, self.accounts]


# (key, label, how to read it from a page, shown as a bulleted list?)
_ASPECTS: list[tuple[str, str, str, bool]] = [
    ("focus", "Focus", "summary", False),
    ("works_with", "Who they work with", "works_with_list", True),
    ("responsibilities", "What they do", "responsibility_list", True),
    ("skills", "Skills", "skill_list", True),
    ("measured_by", "How they are measured", "measured_by_list", True),
    ("hand_over", "The hand-over", "hand_over", False),
    ("may_not", "Where they stop", "may_not_list", True),
]


def _cell(profile: RoleProfile | None, attribute: str) -> list[str]:
    if profile is None:
        return []
    value = getattr(profile, attribute)
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return list(value)


def _side(side: Side, example: Role, profiles: list[RoleProfile]) -> ComparisonSide:
    roles = [p for p in profiles if p.side == side]
    return ComparisonSide(
        side=side.value,
        label=side.label,
        css=SIDE_CSS[side],
        purpose=SIDE_PURPOSE[side],
        example=next((p for p in roles if p.role == example), None),
        roles=roles,
    )


def handbook_comparison(*, actor: Actor) -> Comparison:
    """Sales next to account management, aspect by aspect, from the handbook pages (1 query).

    The business development manager stands for sales and the account manager for account
    management: they are the two jobs people confuse most.
    """
    profiles = role_profile_list(actor=actor)
    sales = _side(Side.SALES, SALES_EXAMPLE, profiles)
    accounts = _side(Side.ACCOUNTS, ACCOUNTS_EXAMPLE, profiles)
    rows = [
        ComparisonRow(
            key=key,
            label=label,
            sales=_cell(sales.example, attribute),
            accounts=_cell(accounts.example, attribute),
            as_list=as_list,
        )
        for key, label, attribute, as_list in _ASPECTS
    ]
    return Comparison(
        sales=sales,
        accounts=accounts,
        rows=[row for row in rows if row.sales or row.accounts],
    )
