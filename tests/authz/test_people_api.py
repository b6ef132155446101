"""The people API's rows of the authorization matrix: every endpoint x every role.

Each row of ``ENDPOINTS`` says how to call one endpoint on the harness's ``World`` and which
roles may. An allowed call answers with its success status; a refused one answers 403 or 404,
leaks nothing of the target and writes nothing (row and history counts are compared before
and after).
"""

from __future__ import annotations

import pytest

from tests.authz.harness import (
    ADMIN,
    ALL,
    ALL_BUT_AGENT,
    NOBODY,
    TARGET_EMAIL,
    Endpoint,
    Matrix,
    build_world,
    check_on_people_world,
)
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

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


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_authorization_matrix(endpoint: Endpoint, role: Role):
    check_on_people_world(endpoint, role)


MATRIX = Matrix(build_world, ENDPOINTS)
