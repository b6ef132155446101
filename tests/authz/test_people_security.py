"""The "Sessions and tokens" pages' rows of the authorization matrix.

The harness's world gains a browser signed in as the target and a second one signed in as the
actor. Everyone sees and ends their own sessions and revokes their own tokens through
``/settings/security/``, which never reaches anyone else's; only admins open and act on a
colleague's page (``/people/<pk>/security/``). A refused call shows nothing of the target and
writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.authz.harness import (
    ADMIN,
    ALL,
    NOBODY,
    Endpoint,
    Matrix,
    World,
    build_world,
    check_on_people_world,
    web,
)
from twofold.people.choices import Role
from twofold.people.models import UserSession

pytestmark = pytest.mark.django_db


@dataclass
class SecurityWorld:
    people: World
    target_session_id: int
    own_session_id: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def _browser_of(user) -> UserSession:
    client = Client()
    client.force_login(user)
    return UserSession.objects.get(session_key=client.session.session_key)


def build_security_world(role: Role) -> SecurityWorld:
    people = build_world(role)
    return SecurityWorld(
        people=people,
        target_session_id=_browser_of(people.target).pk,
        own_session_id=_browser_of(people.actor).pk,
    )


def _theirs(w: SecurityWorld, rest: str = "") -> str:
    return f"/people/{w.target.pk}/security/{rest}"


WEB_ENDPOINTS = [
    web("own sessions and tokens", "get", lambda w: "/settings/security/", ALL),
    web(
        "end own session",
        "post",
        lambda w: f"/settings/security/sessions/{w.own_session_id}/end/",
        ALL,
        success=302,
    ),
    web(
        "end someone's session from one's own page",
        "post",
        lambda w: f"/settings/security/sessions/{w.target_session_id}/end/",
        NOBODY,
    ),
    web("end own session by get", "get", lambda w: "/settings/security/sessions/end/", NOBODY),
    web(
        "end own other sessions",
        "post",
        lambda w: "/settings/security/sessions/end/",
        ALL,
        success=302,
    ),
    web(
        "revoke own token here",
        "post",
        lambda w: f"/settings/security/tokens/{w.own_token_id}/revoke/",
        ALL,
        success=302,
    ),
    web(
        "revoke someone's token from one's own page",
        "post",
        lambda w: f"/settings/security/tokens/{w.target_token_id}/revoke/",
        NOBODY,
    ),
    web(
        "revoke all own tokens",
        "post",
        lambda w: "/settings/security/tokens/revoke/",
        ALL,
        success=302,
    ),
    web("someone's sessions and tokens", "get", lambda w: _theirs(w), ADMIN, shows_target=ADMIN),
    web(
        "end someone's session",
        "post",
        lambda w: _theirs(w, f"sessions/{w.target_session_id}/end/"),
        ADMIN,
        success=302,
    ),
    web(
        "sign someone out everywhere",
        "post",
        lambda w: _theirs(w, "sessions/end/"),
        ADMIN,
        success=302,
    ),
    web(
        "revoke someone's token",
        "post",
        lambda w: _theirs(w, f"tokens/{w.target_token_id}/revoke/"),
        ADMIN,
        success=302,
    ),
    web(
        "revoke all someone's tokens",
        "post",
        lambda w: _theirs(w, "tokens/revoke/"),
        ADMIN,
        success=302,
    ),
]


@pytest.mark.parametrize("endpoint", WEB_ENDPOINTS, ids=str)
def test_security_authorization_matrix(endpoint: Endpoint, role: Role):
    check_on_people_world(endpoint, role, build_security_world)


MATRIX = Matrix(build_security_world, WEB_ENDPOINTS)
