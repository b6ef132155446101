"""A generated authorization matrix: every endpoint x every role, allowed or refused.

Each row of ``ENDPOINTS`` says how to call one endpoint on a prepared ``World`` and which
roles may. Every role acts as a user holding only that role. An allowed call answers with
its success status; a refused one answers 403 or 404, leaks nothing of the target and
writes nothing (row and history counts are compared before and after).

Web pages join the matrix by adding rows with ``client_kind="web"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import people_snapshot
from tests.factories import TeamFactory, user_with
from twofold.people import services
from twofold.people.choices import Role
from twofold.people.models import Team, User

pytestmark = pytest.mark.django_db

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
    url: Callable[[World], str]
    allowed: frozenset[Role]
    success: int = 200
    payload: Callable[[World], dict[str, Any]] | None = None
    client_kind: Literal["api", "web"] = "api"
    # Roles whose successful answer shows the target; for everyone else it must not.
    shows_target: frozenset[Role] = field(default=NOBODY)

    def __str__(self) -> str:
        return self.name


ENDPOINTS = [
    Endpoint("me", "get", lambda w: "/api/v1/me/", ALL),
    Endpoint("roles", "get", lambda w: "/api/v1/roles/", ALL),
    Endpoint("user list", "get", lambda w: "/api/v1/users/", ALL, shows_target=ALL_BUT_AGENT),
    Endpoint(
        "user search",
        "get",
        lambda w: "/api/v1/users/?search=tessa",
        ALL,
        shows_target=ALL_BUT_AGENT,
    ),
    Endpoint(
        "user list of deactivated",
        "get",
        lambda w: "/api/v1/users/?active=false",
        ALL,
    ),
    Endpoint(
        "user retrieve",
        "get",
        lambda w: f"/api/v1/users/{w.target.pk}/",
        ALL_BUT_AGENT,
        shows_target=ALL_BUT_AGENT,
    ),
    Endpoint(
        "deactivated user retrieve",
        "get",
        lambda w: f"/api/v1/users/{w.former.pk}/",
        ADMIN,
    ),
    Endpoint(
        "user history",
        "get",
        lambda w: f"/api/v1/users/{w.target.pk}/history/",
        ADMIN,
        shows_target=ADMIN,
    ),
    Endpoint(
        "user create",
        "post",
        lambda w: "/api/v1/users/",
        ADMIN,
        success=201,
        payload=lambda w: {
            "email": "new.hire@example.test",
            "full_name": "New Hire",
            "roles": ["bdm"],
            "invite": False,
        },
    ),
    Endpoint(
        "user patch",
        "patch",
        lambda w: f"/api/v1/users/{w.target.pk}/",
        ADMIN,
        payload=lambda w: {"job_title": "Renamed"},
        shows_target=ADMIN,
    ),
    Endpoint(
        "user patch roles to admin",
        "patch",
        lambda w: f"/api/v1/users/{w.target.pk}/",
        ADMIN,
        payload=lambda w: {"roles": ["bdm", "admin"]},
        shows_target=ADMIN,
    ),
    Endpoint(
        "actor makes themselves admin",
        "patch",
        lambda w: f"/api/v1/users/{w.actor.pk}/",
        ADMIN,
        payload=lambda w: {"roles": ["admin"]},
    ),
    Endpoint(
        "user deactivate",
        "post",
        lambda w: f"/api/v1/users/{w.target.pk}/deactivate/",
        ADMIN,
        payload=lambda w: {"reason": "Left"},
        shows_target=ADMIN,
    ),
    Endpoint(
        "user reactivate",
        "post",
        lambda w: f"/api/v1/users/{w.former.pk}/reactivate/",
        ADMIN,
    ),
    Endpoint("user delete", "delete", lambda w: f"/api/v1/users/{w.target.pk}/", NOBODY),
    Endpoint(
        "user put",
        "put",
        lambda w: f"/api/v1/users/{w.target.pk}/",
        NOBODY,
        payload=lambda w: {"email": TARGET_EMAIL, "full_name": "Put"},
    ),
    Endpoint("team list", "get", lambda w: "/api/v1/teams/", ALL, shows_target=ALL_BUT_AGENT),
    Endpoint(
        "team retrieve",
        "get",
        lambda w: f"/api/v1/teams/{w.team.pk}/",
        ALL_BUT_AGENT,
        shows_target=ALL_BUT_AGENT,
    ),
    Endpoint(
        "team history",
        "get",
        lambda w: f"/api/v1/teams/{w.team.pk}/history/",
        ADMIN,
        shows_target=ADMIN,
    ),
    Endpoint(
        "team create",
        "post",
        lambda w: "/api/v1/teams/",
        ADMIN,
        success=201,
        payload=lambda w: {"name": "Brand New Team", "kind": "sales"},
    ),
    Endpoint(
        "team patch",
        "patch",
        lambda w: f"/api/v1/teams/{w.team.pk}/",
        ADMIN,
        payload=lambda w: {"description": "Changed", "member_ids": []},
        shows_target=ADMIN,
    ),
    Endpoint("team delete", "delete", lambda w: f"/api/v1/teams/{w.team.pk}/", NOBODY),
    Endpoint("token list", "get", lambda w: "/api/v1/tokens/", ALL),
    Endpoint(
        "token create",
        "post",
        lambda w: "/api/v1/tokens/",
        ALL,
        success=201,
        payload=lambda w: {"name": "another script"},
    ),
    Endpoint(
        "own token revoke",
        "delete",
        lambda w: f"/api/v1/tokens/{w.own_token_id}/",
        ALL,
        success=204,
    ),
    Endpoint(
        "someone else's token revoke",
        "delete",
        lambda w: f"/api/v1/tokens/{w.target_token_id}/",
        NOBODY,
    ),
    Endpoint("schema", "get", lambda w: "/api/schema/?format=json", ALL),
]


def build_world(role: Role) -> World:
    # The actor holds only ``role``; the one admin besides them lets an admin actor act freely.
    actor = user_with(role, full_name=f"Actor {role.value}")
    target = user_with(Role.BDM, full_name=TARGET_NAME, email=TARGET_EMAIL)
    team = TeamFactory(name=TARGET_TEAM, members=[target])
    former = user_with(Role.BDM, full_name=FORMER_NAME, email=FORMER_EMAIL, is_active=False)
    if role != Role.ADMIN:
        user_with(Role.ADMIN)
    target_token = services.api_token_create(actor=None, user=target, name="target's script")
    spare = services.api_token_create(actor=None, user=actor, name="spare")
    own = services.api_token_create(actor=None, user=actor, name="matrix client")
    return World(
        actor=actor,
        target=target,
        team=team,
        former=former,
        target_token_id=target_token.token.pk,
        own_token_id=spare.token.pk,
        own_key=own.key,
    )


def client_for(endpoint: Endpoint, world: World) -> APIClient | Client:
    if endpoint.client_kind == "api":
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.own_key}")
        return client
    client = Client()
    client.force_login(world.actor)
    return client


def call(endpoint: Endpoint, world: World):
    client = client_for(endpoint, world)
    kwargs: dict[str, Any] = {}
    if endpoint.payload is not None:
        kwargs["data"] = endpoint.payload(world)
        if endpoint.client_kind == "web" and endpoint.method != "post":
            kwargs["content_type"] = "application/x-www-form-urlencoded"
    return getattr(client, endpoint.method)(endpoint.url(world), **kwargs)


def secrets_of_the_target(world: World) -> list[str]:
    return [TARGET_NAME, TARGET_EMAIL, FORMER_NAME, FORMER_EMAIL, TARGET_TEAM]


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role`` and a colleague, team and tokens to act on
    world = build_world(role)
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


def test_every_people_api_route_has_a_row_in_the_matrix():
    from urllib.parse import urlsplit

    from django.urls import resolve

    from twofold.people.api.urls import urlpatterns

    world = build_world(Role.ADMIN)

    covered = {resolve(urlsplit(endpoint.url(world)).path).url_name for endpoint in ENDPOINTS}

    assert {pattern.name for pattern in urlpatterns} - covered == set()
