"""People's sections of the home page: the greeting with the user's roles, the organisation's
counts for those who manage users, and the user's teams."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from twofold import policies
from twofold.core.home import register_home_section
from twofold.people.choices import Role, role_side
from twofold.people.models import Team, User
from twofold.people.selectors import teams_of
from twofold.policies import Perm


@dataclass(frozen=True)
class RoleBadge:
    label: str
    side: str


@dataclass(frozen=True)
class OrganisationCounts:
    active_users: int
    deactivated_users: int
    awaiting_first_sign_in: int
    teams: int


def role_badges(user: User) -> list[RoleBadge]:
    return [
        RoleBadge(label, role_side(value)) for value, label in Role.choices if value in user.roles
    ]


def organisation_counts(user: User) -> OrganisationCounts | None:
    """Two queries, for those who manage users only."""
    if not policies.can(user, Perm.USER_MANAGE):
        return None
    counts = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        deactivated=Count("pk", filter=Q(is_active=False)),
        waiting=Count("pk", filter=Q(is_active=True, last_login__isnull=True)),
    )
    return OrganisationCounts(
        active_users=counts["active"],
        deactivated_users=counts["deactivated"],
        awaiting_first_sign_in=counts["waiting"],
        teams=Team.objects.filter(is_active=True).count(),
    )


def register() -> None:
    register_home_section(
        "roles", order=10, build=role_badges, template="people/partials/home_roles.html"
    )
    register_home_section(
        "organisation",
        order=60,
        build=organisation_counts,
        template="people/partials/home_organisation.html",
    )
    register_home_section(
        "teams",
        order=70,
        build=lambda user: teams_of(actor=user),
        template="people/partials/home_teams.html",
    )
