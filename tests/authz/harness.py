"""The authorization matrix's harness: the roles, the world every area extends, a row, the call.

A matrix row (``Endpoint``) says how to call one route on a prepared world and which roles may.
Every role acts as a user holding only that role. Each area's module (``tests/authz/test_*.py``)
builds its world on ``build_world``, lists its rows and exports them as ``MATRIX``;
``test_routes.py`` fails for any route of the project that no row calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import people_snapshot
from tests.factories import TeamFactory, user_with
from twofold.people import access
from twofold.people.choices import Role
from twofold.people.models import Team, User

ALL = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})
NOBODY: frozenset[Role] = frozenset()
# Agents see only themselves and their own team's lead; the target is neither.
ALL_BUT_AGENT = ALL - {Role.AGENT}

TARGET_NAME = "Tessa Target"
TARGET_EMAIL = "tessa.target@example.test"
TARGET_TEAM = "Targeted Team"
FORMER_NAME = "Fiona Former"
FORMER_EMAIL = "fiona.former@example.test"


@dataclass
class World:
    """What the actor acts on: a colleague in a team, a deactivated user, their tokens."""

    actor: User
    target: User
    team: Team
    former: User
    target_token_id: int
    own_token_id: int
    own_key: str


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: Literal["get", "post", "patch", "put", "delete"]
    url: Callable[[Any], str]
    allowed: frozenset[Role]
    success: int = 200
    payload: Callable[[Any], dict[str, Any]] | None = None
    client_kind: Literal["api", "web"] = "api"
    # Roles whose successful answer shows the target; for everyone else it must not.
    shows_target: frozenset[Role] = field(default=NOBODY)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Matrix:
    """One area's rows and how to build the world they are called on, for a given role."""

    build: Callable[[Role], Any]
    rows: list[Endpoint]


def api(name, method, url, allowed, **kwargs) -> Endpoint:
    return Endpoint(name, method, url, allowed, **kwargs)


def web(name, method, url, allowed, **kwargs) -> Endpoint:
    return Endpoint(name, method, url, allowed, **{"client_kind": "web", **kwargs})


def build_world(role: Role) -> World:
    # The actor holds only ``role``; the one admin besides them lets an admin actor act freely.
    actor = user_with(role, full_name=f"Actor {role.value}")
    target = user_with(Role.BDM, full_name=TARGET_NAME, email=TARGET_EMAIL)
    team = TeamFactory(name=TARGET_TEAM, members=[target])
    former = user_with(Role.BDM, full_name=FORMER_NAME, email=FORMER_EMAIL, is_active=False)
    if role != Role.ADMIN:
        user_with(Role.ADMIN)
    target_token = access.api_token_create(actor=None, user=target, name="target's script")
    spare = access.api_token_create(actor=None, user=actor, name="spare")
    own = access.api_token_create(actor=None, user=actor, name="matrix client")
    return World(
        actor=actor,
        target=target,
        team=team,
        former=former,
        target_token_id=target_token.token.pk,
        own_token_id=spare.token.pk,
        own_key=own.key,
    )


def client_for(endpoint: Endpoint, world: Any) -> APIClient | Client:
    """An API client sending the actor's token, or a browser session signed in as the actor."""
    if endpoint.client_kind == "api":
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.own_key}")
        return client
    client = Client()
    client.force_login(world.actor)
    return client


def call(endpoint: Endpoint, world: Any):
    client = client_for(endpoint, world)
    kwargs: dict[str, Any] = {}
    if endpoint.payload is not None:
        kwargs["data"] = endpoint.payload(world)
        if endpoint.client_kind == "web" and endpoint.method != "post":
            kwargs["content_type"] = "application/x-www-form-urlencoded"
    return getattr(client, endpoint.method)(endpoint.url(world), **kwargs)


def secrets_of_the_target(world: World) -> list[str]:
    return [TARGET_NAME, TARGET_EMAIL, FORMER_NAME, FORMER_EMAIL, TARGET_TEAM]


def check_on_people_world(
    endpoint: Endpoint, role: Role, build: Callable[[Role], Any] = build_world
) -> None:
    """One row called on the people world (or one built on it): allowed succeeds, refused
    leaves no trace."""
    # Given a user holding only ``role`` and a colleague, team and tokens to act on
    world = build(role)
    before = people_snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body
        if role not in endpoint.shows_target:
            for secret in [TARGET_NAME, TARGET_EMAIL, TARGET_TEAM]:
                assert secret not in body
        if role in endpoint.shows_target:
            assert TARGET_NAME in body or TARGET_TEAM in body
    else:
        assert response.status_code in (403, 404, 405), body
        for secret in secrets_of_the_target(world):
            assert secret not in body
        assert people_snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}
