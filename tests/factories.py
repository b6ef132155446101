"""factory_boy factories for every app's models (one module while the apps are few)."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from twofold.people.choices import TEAM_LEAD_ROLE, Role, TeamKind
from twofold.people.models import RoleAssignment, Team, TeamMembership, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory[User]):
    """A user; ``roles=[Role.BDM, ...]`` gives them roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n:03d}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, role=role)
        self.__dict__.pop("roles", None)


class TeamFactory(DjangoModelFactory[Team]):
    """A team; ``members=[user, ...]`` adds members (their roles must fit)."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n:03d}")
    kind = TeamKind.SALES
    department = ""
    lead = factory.LazyAttribute(
        lambda team: UserFactory(roles=[TEAM_LEAD_ROLE[TeamKind(team.kind)]])
    )

    @factory.post_generation
    def members(self, create: bool, extracted: list[User] | None, **kwargs: Any) -> None:
        for user in extracted or []:
            TeamMembership.objects.create(team=self, user=user)


def user_with(*roles: str, **kwargs: Any) -> User:
    return UserFactory(roles=list(roles), **kwargs)


ALL_ROLES = list(Role)
