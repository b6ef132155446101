from __future__ import annotations

import pytest
from django.urls import reverse

from twofold.handbook.models import RoleProfile
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:v1:handbook-role-list")


def _url(name: str, role: str = Role.ACCOUNT_MANAGER) -> str:
    return reverse(f"api:v1:handbook-role-{name}", kwargs={"role": role})


def test_the_list_has_every_role_in_role_order(api_as, bdm):
    response = api_as(bdm).get(LIST_URL)

    assert response.status_code == 200
    assert [page["role"] for page in response.json()] == Role.values


def test_the_detail_returns_lists_as_arrays(api_as, bdm, am_profile):
    response = api_as(bdm).get(_url("detail"))

    body = response.json()
    assert (body["title"], body["side"], body["skills"]) == (
        "Account manager",
        "accounts",
        am_profile.skill_list,
    )


def test_an_anonymous_client_is_refused(api_client):
    response = api_client.get(LIST_URL)

    assert response.status_code in (401, 403)
    assert set(response.json()) == {"message", "code", "fields"}


@pytest.mark.parametrize("name", ["detail", "history", "job-description"])
def test_an_unknown_role_is_not_found(api_as, admin_user, name):
    response = api_as(admin_user).get(_url(name, role="chief_vibes_officer"))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_admin_patch_changes_only_the_fields_sent(api_as, admin_user, am_profile):
    response = api_as(admin_user).patch(
        _url("detail"), {"title": "Client partner", "skills": ["Empathy", "Listening"]}
    )

    assert response.status_code == 200
    saved = RoleProfile.objects.get(pk=am_profile.pk)
    assert (saved.title, saved.skills, saved.summary) == (
        "Client partner",
        "Empathy\nListening",
        am_profile.summary,
    )


def test_the_patch_answers_with_the_updated_page(api_as, admin_user):
    response = api_as(admin_user).patch(_url("detail"), {"title": "Client partner"})

    assert response.json()["title"] == "Client partner"


def test_an_api_edit_is_recorded_with_the_admin_and_the_api(api_as, admin_user, am_profile):
    api_as(admin_user).patch(_url("detail"), {"title": "Client partner"})

    latest = am_profile.history.first()
    assert (latest.history_user, latest.history_source) == (admin_user, "api")


def test_an_empty_field_is_refused_with_the_one_error_shape(api_as, admin_user):
    response = api_as(admin_user).patch(_url("detail"), {"responsibilities": []})

    assert response.status_code == 400
    assert response.json() == {
        "message": "Please correct: responsibilities.",
        "code": "invalid",
        "fields": {"responsibilities": ["List at least one responsibility."]},
    }


def test_a_non_admin_patch_is_refused_and_changes_nothing(api_as, bdm, am_profile):
    response = api_as(bdm).patch(_url("detail"), {"title": "Hijacked"})

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Account manager"


def test_put_is_refused_because_only_patch_is_mapped(api_as, admin_user, am_profile):
    response = api_as(admin_user).put(_url("detail"), {"title": "Client partner"})

    assert response.status_code == 403
    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Account manager"


def test_the_history_names_who_changed_what(api_as, admin_user):
    client = api_as(admin_user)
    client.patch(_url("detail"), {"title": "Client partner"})

    latest = client.get(_url("history")).json()[0]

    assert (latest["actor_name"], latest["source"], latest["changes"]) == (
        "Ada Admin",
        "api",
        [
            {
                "field": "title",
                "label": "title",
                "before": "Account manager",
                "after": "Client partner",
            }
        ],
    )


def test_the_history_is_refused_to_a_non_admin(api_as, bdm):
    response = api_as(bdm).get(_url("history"))

    assert response.status_code == 403


def test_the_job_description_comes_as_markdown_in_json(api_as, bdm):
    response = api_as(bdm).get(_url("job-description"))

    body = response.json()
    assert body["role"] == "account_manager"
    assert body["markdown"].startswith("# Account manager\n")


def test_the_schema_documents_the_handbook_endpoints(api_as, bdm):
    response = api_as(bdm).get(reverse("api:schema"), {"format": "json"})

    paths = response.json()["paths"]
    assert {
        "/api/v1/handbook/roles/",
        "/api/v1/handbook/roles/{role}/",
        "/api/v1/handbook/roles/{role}/history/",
        "/api/v1/handbook/roles/{role}/job-description/",
    } <= set(paths)
    assert set(paths["/api/v1/handbook/roles/{role}/"]["patch"]["responses"]) >= {
        "200",
        "400",
        "403",
        "404",
    }
