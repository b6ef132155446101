"""The role handbook's rows of the authorization matrix: every role x every page and endpoint.

The harness's world gains an earlier edit of the account manager's page by Hana, an admin.
Everyone signed in reads every page of the handbook and downloads its job descriptions; only
admins edit a page and read who changed it (Hana's name appears in that history and nowhere
else in the handbook). A refused call answers 403, 404 or 405, shows nothing of the history
and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.authz.harness import ADMIN, ALL, NOBODY, Endpoint, Matrix, World, api, build_world, call
from tests.factories import user_with
from twofold.handbook import services
from twofold.handbook.models import RoleProfile
from twofold.handbook.web.forms import RoleProfileForm
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

EDITOR = "Hana Handbook"
PAGE = Role.ACCOUNT_MANAGER.value
EDITED_SUMMARY = "Keeps the client for years, as Hana put it."


@dataclass
class HandbookWorld:
    people: World
    profile: RoleProfile

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def build_handbook_world(role: Role) -> HandbookWorld:
    people = build_world(role)
    editor = user_with(Role.ADMIN, full_name=EDITOR)
    profile = RoleProfile.objects.get(role=PAGE)
    values = RoleProfileForm.initial_for(profile) | {"summary": EDITED_SUMMARY}
    services.role_profile_update(actor=editor, profile=profile, **values)
    return HandbookWorld(people=people, profile=profile)


def handbook_snapshot() -> dict[str, Any]:
    return {
        "pages": list(RoleProfile.objects.order_by("role").values_list("role", "title", "summary")),
        "history": RoleProfile.history.count(),
    }


def page(name, url, allowed, **kwargs) -> Endpoint:
    return Endpoint(name, "get", url, allowed, client_kind="web", **kwargs)


def form(w: HandbookWorld) -> dict[str, str]:
    return RoleProfileForm.initial_for(w.profile) | {"title": "Client partner"}


V1 = "/api/v1/handbook/roles"

API_ENDPOINTS = [
    api("pages", "get", lambda w: f"{V1}/", ALL),
    api("one page", "get", lambda w: f"{V1}/{PAGE}/", ALL),
    api("an unknown role's page", "get", lambda w: f"{V1}/chief_of_vibes/", NOBODY),
    api("job description", "get", lambda w: f"{V1}/{PAGE}/job-description/", ALL),
    api("history", "get", lambda w: f"{V1}/{PAGE}/history/", ADMIN, shows_target=ADMIN),
    api(
        "edit a page",
        "patch",
        lambda w: f"{V1}/{PAGE}/",
        ADMIN,
        payload=lambda w: {"title": "Client partner"},
    ),
    api(
        "replace a page",
        "put",
        lambda w: f"{V1}/{PAGE}/",
        NOBODY,
        payload=lambda w: {"title": "Client partner"},
    ),
    api("delete a page", "delete", lambda w: f"{V1}/{PAGE}/", NOBODY),
]

WEB_ENDPOINTS = [
    page("handbook", lambda w: "/handbook/", ALL),
    page("sales vs account management", lambda w: "/handbook/sales-vs-account-management/", ALL),
    page("role page", lambda w: f"/handbook/{PAGE}/", ALL, shows_target=ADMIN),
    page("job description download", lambda w: f"/handbook/{PAGE}/job-description.md", ALL),
    page("edit form", lambda w: f"/handbook/{PAGE}/edit/", ADMIN),
    Endpoint(
        "edit a page",
        "post",
        lambda w: f"/handbook/{PAGE}/edit/",
        ADMIN,
        success=302,
        payload=form,
        client_kind="web",
    ),
    Endpoint(
        "edit by delete",
        "delete",
        lambda w: f"/handbook/{PAGE}/edit/",
        NOBODY,
        client_kind="web",
    ),
]


@pytest.mark.parametrize("endpoint", API_ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_handbook_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role`` and the account manager's page, last edited by Hana
    world = build_handbook_world(role)
    before = handbook_snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body
        if role in endpoint.shows_target:
            assert EDITOR in body
        else:
            assert EDITOR not in body
        if endpoint.method == "get" and endpoint.success == 200 and "history" not in str(endpoint):
            assert "Account manager" in body or "account_manager" in body
    else:
        assert response.status_code in (403, 404, 405), body
        assert EDITOR not in body
        assert handbook_snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


MATRIX = Matrix(build_handbook_world, API_ENDPOINTS + WEB_ENDPOINTS)
