"""The rows of the routes every signed-in person shares: settings, the health check, signing in
and out, passwords and the public lead forms.

The harness's world gains a live public web form and a switched-off one. Anyone may call the
health check, the sign-in and password pages and a live public form (signed in, the sign-in page
sends them home); the settings page lists only what the actor may configure, so it answers
only those who configure something (admins, and sales leads for lead routing). A switched-off
form answers 404 to everyone. A refused call shows nothing of the target and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

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
from tests.sales.factories import WebFormFactory
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

CONFIGURES = ADMIN | {Role.SALES_LEAD}


@dataclass
class BasicsWorld:
    people: World
    form_key: str
    off_form_key: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def build_basics_world(role: Role) -> BasicsWorld:
    people = build_world(role)
    live = WebFormFactory(name="Website form")
    off = WebFormFactory(name="Old form", is_active=False)
    return BasicsWorld(people=people, form_key=live.key, off_form_key=off.key)


WEB_ENDPOINTS = [
    web("settings", "get", lambda w: "/settings/", CONFIGURES),
    web("health check", "get", lambda w: "/health/", ALL),
    web("health check by post", "post", lambda w: "/health/", NOBODY),
    web("sign-in page when signed in", "get", lambda w: "/login/", ALL, success=302),
    web("sign out", "post", lambda w: "/logout/", ALL, success=302),
    web("password change form", "get", lambda w: "/password/change/", ALL),
    web("password changed", "get", lambda w: "/password/change/done/", ALL),
    web("password reset form", "get", lambda w: "/password/reset/", ALL),
    web("password reset sent", "get", lambda w: "/password/reset/sent/", ALL),
    web(
        "password reset link that is not valid",
        "get",
        lambda w: "/password/reset/MQ/not-a-token/",
        ALL,
    ),
    web("password reset complete", "get", lambda w: "/password/reset/complete/", ALL),
    web("public form", "get", lambda w: f"/forms/{w.form_key}/", ALL),
    web("public form thanks", "get", lambda w: f"/forms/{w.form_key}/thanks/", ALL),
    web("switched-off public form", "get", lambda w: f"/forms/{w.off_form_key}/", NOBODY),
]


@pytest.mark.parametrize("endpoint", WEB_ENDPOINTS, ids=str)
def test_basics_authorization_matrix(endpoint: Endpoint, role: Role):
    check_on_people_world(endpoint, role, build=build_basics_world)


MATRIX = Matrix(build_basics_world, WEB_ENDPOINTS)
