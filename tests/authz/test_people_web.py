"""The web pages' half of the authorization matrix: every page x every role.

Rows reuse the harness's ``Endpoint``, ``World`` and the people check (``client_kind="web"``): an
allowed call answers with its success status; a refused one answers 403 or 404, shows nothing
of the target and writes nothing.
"""

from __future__ import annotations

import pytest

from tests.authz.harness import (
    ADMIN,
    ALL,
    ALL_BUT_AGENT,
    NOBODY,
    TARGET_EMAIL,
    TARGET_NAME,
    Endpoint,
    Matrix,
    build_world,
    check_on_people_world,
    web,
)
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def user_form(w):
    return {"full_name": TARGET_NAME, "email": TARGET_EMAIL, "roles": [Role.BDM]}


WEB_ENDPOINTS = [
    web("home", "get", lambda w: "/", ALL),
    web("people", "get", lambda w: "/people/", ALL, shows_target=ALL_BUT_AGENT),
    web("people search", "get", lambda w: "/people/?q=tessa", ALL, shows_target=ALL_BUT_AGENT),
    web(
        "person",
        "get",
        lambda w: f"/people/{w.target.pk}/",
        ALL_BUT_AGENT,
        shows_target=ALL_BUT_AGENT,
    ),
    web("deactivated person", "get", lambda w: f"/people/{w.former.pk}/", ADMIN),
    web("new user form", "get", lambda w: "/people/new/", ADMIN, shows_target=ADMIN),
    web(
        "new user",
        "post",
        lambda w: "/people/new/",
        ADMIN,
        success=302,
        payload=lambda w: {"full_name": "New Hire", "email": "new.hire@example.test"},
    ),
    web(
        "edit user form", "get", lambda w: f"/people/{w.target.pk}/edit/", ADMIN, shows_target=ADMIN
    ),
    web(
        "edit user",
        "post",
        lambda w: f"/people/{w.target.pk}/edit/",
        ADMIN,
        success=302,
        payload=user_form,
    ),
    web(
        "deactivate user",
        "post",
        lambda w: f"/people/{w.target.pk}/deactivate/",
        ADMIN,
        success=302,
        payload=lambda w: {"reason": "Left"},
    ),
    web(
        "reactivate user",
        "post",
        lambda w: f"/people/{w.former.pk}/reactivate/",
        ADMIN,
        success=302,
    ),
    web("invite user", "post", lambda w: f"/people/{w.target.pk}/invite/", ADMIN, success=302),
    web("deactivate by get", "get", lambda w: f"/people/{w.target.pk}/deactivate/", NOBODY),
    web("teams", "get", lambda w: "/teams/", ALL, shows_target=ALL_BUT_AGENT),
    web("team", "get", lambda w: f"/teams/{w.team.pk}/", ALL_BUT_AGENT, shows_target=ALL_BUT_AGENT),
    web("new team form", "get", lambda w: "/teams/new/", ADMIN, shows_target=ADMIN),
    web(
        "new team",
        "post",
        lambda w: "/teams/new/",
        ADMIN,
        success=302,
        payload=lambda w: {"name": "Brand New Team", "kind": "sales"},
    ),
    web("edit team form", "get", lambda w: f"/teams/{w.team.pk}/edit/", ADMIN, shows_target=ADMIN),
    web(
        "edit team",
        "post",
        lambda w: f"/teams/{w.team.pk}/edit/",
        ADMIN,
        success=302,
        payload=lambda w: {"name": "Renamed Team", "kind": "sales", "is_active": "on"},
    ),
    web("tokens", "get", lambda w: "/settings/tokens/", ALL),
    web(
        "new token",
        "post",
        lambda w: "/settings/tokens/",
        ALL,
        payload=lambda w: {"name": "another script"},
    ),
    web(
        "revoke own token",
        "post",
        lambda w: f"/settings/tokens/{w.own_token_id}/revoke/",
        ALL,
        success=302,
    ),
    web(
        "revoke someone else's token",
        "post",
        lambda w: f"/settings/tokens/{w.target_token_id}/revoke/",
        NOBODY,
    ),
    web("API docs", "get", lambda w: "/api/docs/", ALL),
    web("API reference", "get", lambda w: "/api/redoc/", ALL),
    web("API schema with a session", "get", lambda w: "/api/schema/?format=json", ALL),
]


@pytest.mark.parametrize("endpoint", WEB_ENDPOINTS, ids=str)
def test_web_authorization_matrix(endpoint: Endpoint, role: Role):
    check_on_people_world(endpoint, role)


MATRIX = Matrix(build_world, WEB_ENDPOINTS)
