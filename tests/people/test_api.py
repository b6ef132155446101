"""The people REST API through real request handling: auth, pagination, errors, history."""

from __future__ import annotations

import json

import pytest
import yaml
from django.core import mail
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import TeamFactory, user_with
from twofold.people import access, services
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import ApiToken, Team, TeamMembership, User

pytestmark = pytest.mark.django_db

USERS = "/api/v1/users/"
TEAMS = "/api/v1/teams/"
TOKENS = "/api/v1/tokens/"
ERROR_KEYS = {"message", "code", "fields"}


def user_url(user: User, suffix: str = "") -> str:
    return f"{USERS}{user.pk}/{suffix}"


def team_url(team: Team, suffix: str = "") -> str:
    return f"{TEAMS}{team.pk}/{suffix}"


def emails(response) -> list[str]:
    return [row["email"] for row in response.json()["results"]]


@pytest.fixture
def admin_api(admin_user, api_as) -> APIClient:
    return api_as(admin_user)


# --- me and roles ---------------------------------------------------------------------------


def test_me_describes_the_signed_in_user(api_as):
    seller = user_with(Role.BDM, full_name="Sam Seller", email="sam@example.test")
    team = TeamFactory(name="Sales North", members=[seller])

    response = api_as(seller).get("/api/v1/me/")

    assert response.status_code == 200
    body = response.json()
    assert (body["email"], body["full_name"], body["roles"], body["is_active"]) == (
        "sam@example.test",
        "Sam Seller",
        ["bdm"],
        True,
    )
    assert body["teams"] == [{"id": team.pk, "name": "Sales North", "kind": "sales"}]


def test_roles_lists_every_role_with_its_label(api_as):
    response = api_as(user_with(Role.BDM)).get("/api/v1/roles/")

    assert response.status_code == 200
    assert response.json() == [{"value": v, "label": label} for v, label in Role.choices]


# --- listing users --------------------------------------------------------------------------


def test_listing_users_shows_active_users_with_roles_and_teams(admin_api, admin_user):
    seller = user_with(Role.BDM, Role.LEAD_GENERATOR, email="sam@example.test")
    team = TeamFactory(name="Sales North", members=[seller])
    user_with(Role.BDM, email="gone@example.test", is_active=False)

    response = admin_api.get(USERS)

    assert response.status_code == 200
    rows = {row["email"]: row for row in response.json()["results"]}
    assert set(rows) == {"ada@example.test", "sam@example.test", team.lead.email}
    assert rows["sam@example.test"]["roles"] == ["bdm", "lead_generator"]
    assert rows["sam@example.test"]["teams"] == [
        {"id": team.pk, "name": "Sales North", "kind": "sales"}
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("search=sam", ["sam@example.test"]),
        ("search=SELLER", ["sam@example.test"]),
        ("search=north.example", ["nick@north.example"]),
        ("role=account_manager", ["amy@example.test"]),
        ("active=false", ["gone@example.test"]),
    ],
)
def test_listing_users_filters_them(admin_api, query, expected):
    user_with(Role.BDM, full_name="Sam Seller", email="sam@example.test")
    user_with(Role.BDM, full_name="Nick", email="nick@north.example")
    user_with(Role.ACCOUNT_MANAGER, full_name="Amy", email="amy@example.test")
    user_with(Role.BDM, full_name="Gina", email="gone@example.test", is_active=False)

    response = admin_api.get(f"{USERS}?{query}")

    assert response.status_code == 200
    assert emails(response) == expected


def test_listing_users_filters_by_team(admin_api):
    member = user_with(Role.BDM, email="member@example.test")
    user_with(Role.BDM, email="outsider@example.test")
    team = TeamFactory(members=[member])

    response = admin_api.get(f"{USERS}?team={team.pk}")

    assert emails(response) == ["member@example.test"]


def test_listing_all_users_includes_deactivated_ones_for_an_admin(admin_api):
    user_with(Role.BDM, email="gone@example.test", is_active=False)

    response = admin_api.get(f"{USERS}?active=all")

    assert sorted(emails(response)) == ["ada@example.test", "gone@example.test"]


def test_a_colleague_cannot_list_deactivated_users(api_as):
    user_with(Role.BDM, email="gone@example.test", is_active=False)

    response = api_as(user_with(Role.BDM)).get(f"{USERS}?active=false")

    assert response.status_code == 200
    assert emails(response) == []


def test_an_agent_lists_only_themselves_and_their_team_lead(api_as):
    agent = user_with(Role.AGENT, email="agent@example.test")
    lead = user_with(Role.SALES_LEAD, email="lead@example.test")
    TeamFactory(lead=lead, members=[agent, user_with(Role.BDM, email="peer@example.test")])

    response = api_as(agent).get(USERS)

    assert sorted(emails(response)) == ["agent@example.test", "lead@example.test"]
    assert "peer@example.test" not in response.content.decode()


def test_the_next_cursor_walks_through_every_user_once(admin_api):
    for n in range(7):
        user_with(Role.BDM, email=f"p{n}@example.test")

    seen: list[str] = []
    url = f"{USERS}?page_size=3"
    pages = 0
    while url:
        body = admin_api.get(url).json()
        assert len(body["results"]) <= 3
        seen += [row["email"] for row in body["results"]]
        url = body["next"]
        pages += 1

    assert pages == 3
    assert sorted(seen) == sorted(User.objects.values_list("email", flat=True))
    assert len(seen) == len(set(seen)) == 8


def test_the_page_size_is_capped_at_200(admin_api):
    User.objects.bulk_create(
        User(email=f"bulk{n}@example.test", full_name=f"Bulk {n:03d}") for n in range(205)
    )

    body = admin_api.get(f"{USERS}?page_size=1000").json()

    assert len(body["results"]) == 200
    assert body["next"] is not None


def test_a_page_holds_50_users_by_default(admin_api):
    User.objects.bulk_create(
        User(email=f"bulk{n}@example.test", full_name=f"Bulk {n:03d}") for n in range(60)
    )

    assert len(admin_api.get(USERS).json()["results"]) == 50


# --- retrieving users -----------------------------------------------------------------------


def test_a_colleague_retrieves_a_visible_user(api_as):
    other = user_with(Role.ACCOUNT_MANAGER, email="amy@example.test")

    response = api_as(user_with(Role.BDM)).get(user_url(other))

    assert response.status_code == 200
    assert response.json()["email"] == "amy@example.test"


def test_an_agent_asking_for_a_colleague_gets_404_without_their_data(api_as):
    agent = user_with(Role.AGENT)
    colleague = user_with(Role.BDM, full_name="Secret Seller", email="secret@example.test")

    response = api_as(agent).get(user_url(colleague))

    assert response.status_code == 404
    assert response.json() == {"message": "No such user.", "code": "not_found", "fields": {}}
    assert "Secret" not in response.content.decode()
    assert "secret@example.test" not in response.content.decode()


def test_a_colleague_asking_for_a_deactivated_user_gets_404(api_as):
    gone = user_with(Role.BDM, is_active=False)

    response = api_as(user_with(Role.BDM)).get(user_url(gone))

    assert response.status_code == 404


def test_asking_for_a_user_that_does_not_exist_gets_404(admin_api):
    assert admin_api.get(f"{USERS}999999/").status_code == 404


# --- creating users -------------------------------------------------------------------------


def test_creating_a_user_answers_201_with_the_new_user(
    admin_api, django_capture_on_commit_callbacks
):
    team = TeamFactory(name="Sales North")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(
            USERS,
            {
                "email": "New@Example.test",
                "full_name": "New Person",
                "roles": ["bdm"],
                "team_ids": [team.pk],
            },
        )

    assert response.status_code == 201
    body = response.json()
    created = User.objects.get(email="New@Example.test")  # kept as typed, matched in any case
    assert body["id"] == created.pk
    assert (body["email"], body["full_name"], body["roles"]) == (
        "New@Example.test",
        "New Person",
        ["bdm"],
    )
    assert body["teams"] == [{"id": team.pk, "name": "Sales North", "kind": "sales"}]
    assert [m.to for m in mail.outbox] == [["New@Example.test"]]


def test_creating_a_user_without_invite_sends_nothing(
    admin_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(
            USERS, {"email": "n@example.test", "full_name": "N", "invite": False}
        )

    assert response.status_code == 201
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"full_name": "No Mail"}, "email"),
        ({"email": "not-an-email", "full_name": "X"}, "email"),
        ({"email": "n@example.test"}, "full_name"),
        ({"email": "n@example.test", "full_name": "X", "roles": ["wizard"]}, "roles"),
        ({"email": "n@example.test", "full_name": "X", "team_ids": [999999]}, "team_ids"),
    ],
)
def test_creating_a_user_with_bad_input_answers_400_naming_the_field(
    admin_api, snapshot, payload, field
):
    before = snapshot()

    response = admin_api.post(USERS, payload)

    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]
    assert snapshot() == before


def test_creating_a_user_with_an_email_in_use_answers_400_naming_email(admin_api, snapshot):
    user_with(Role.BDM, email="taken@example.test")
    before = snapshot()

    response = admin_api.post(USERS, {"email": "TAKEN@example.test", "full_name": "Copy"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "Please correct: email.",
        "code": "invalid",
        "fields": {"email": ["A user with this e-mail already exists."]},
    }
    assert snapshot() == before


def test_creating_a_user_in_a_team_their_roles_do_not_fit_answers_400_naming_teams(
    admin_api, snapshot
):
    team = TeamFactory(kind=TeamKind.ACCOUNT_MANAGEMENT)
    before = snapshot()

    response = admin_api.post(
        USERS,
        {"email": "n@example.test", "full_name": "N", "roles": ["bdm"], "team_ids": [team.pk]},
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["teams"]
    assert snapshot() == before


# --- changing users -------------------------------------------------------------------------


def test_patching_roles_and_teams_changes_only_them(admin_api):
    user = user_with(Role.BDM, full_name="Sam Seller", email="sam@example.test")
    team = TeamFactory(name="Sales North")

    response = admin_api.patch(
        user_url(user), {"roles": ["bdm", "sales_lead"], "team_ids": [team.pk]}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["roles"] == ["bdm", "sales_lead"]
    assert body["teams"] == [{"id": team.pk, "name": "Sales North", "kind": "sales"}]
    user.refresh_from_db()
    assert (user.full_name, user.email) == ("Sam Seller", "sam@example.test")


def test_patching_the_name_keeps_roles_and_teams(admin_api):
    user = user_with(Role.BDM)
    team = TeamFactory(members=[user])

    response = admin_api.patch(user_url(user), {"full_name": "Renamed"})

    assert response.status_code == 200
    assert response.json()["full_name"] == "Renamed"
    assert response.json()["roles"] == ["bdm"]
    assert list(user.teams.all()) == [team]


def test_patching_a_bad_team_changes_nothing(admin_api, snapshot):
    user = user_with(Role.BDM, full_name="Old Name")
    team = TeamFactory(kind=TeamKind.DEPARTMENT, department=Department.LEGAL)
    before = snapshot()

    response = admin_api.patch(user_url(user), {"full_name": "New Name", "team_ids": [team.pk]})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["teams"]
    user.refresh_from_db()
    assert user.full_name == "Old Name"
    assert snapshot() == before


def test_patching_roles_that_a_lead_needs_answers_400_naming_roles(admin_api):
    lead = user_with(Role.SALES_LEAD)
    TeamFactory(lead=lead)

    response = admin_api.patch(user_url(lead), {"roles": ["bdm"]})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["roles"]


def test_deactivating_and_reactivating_a_user(admin_api):
    user = user_with(Role.BDM)

    deactivated = admin_api.post(user_url(user, "deactivate/"), {"reason": "Left"})
    user.refresh_from_db()
    assert deactivated.status_code == 200
    assert deactivated.json()["is_active"] is False
    assert user.is_active is False
    assert user.history.latest("history_date").history_change_reason == "Left"

    reactivated = admin_api.post(user_url(user, "reactivate/"))
    user.refresh_from_db()
    assert reactivated.status_code == 200
    assert reactivated.json()["is_active"] is True
    assert user.is_active is True


def test_deactivating_a_team_lead_answers_400_with_the_rule_code(admin_api):
    lead = user_with(Role.SALES_LEAD)
    team = TeamFactory(lead=lead)

    response = admin_api.post(user_url(lead, "deactivate/"))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "leads_team"
    assert body["fields"] == {}
    assert team.name in body["message"]


def test_deactivating_yourself_answers_400(admin_api, admin_user):
    user_with(Role.ADMIN)

    response = admin_api.post(user_url(admin_user, "deactivate/"))

    assert response.status_code == 400
    assert response.json() == {
        "message": "You cannot deactivate yourself.",
        "code": "self_deactivation",
        "fields": {},
    }


def test_the_history_endpoint_shows_the_actor_and_the_api_as_source(admin_api, admin_user):
    user = user_with(Role.BDM, full_name="Old Name")
    admin_api.patch(user_url(user), {"full_name": "New Name"})

    response = admin_api.get(user_url(user, "history/"))

    assert response.status_code == 200
    latest = response.json()[0]
    assert (latest["actor_id"], latest["actor_name"], latest["source"], latest["action"]) == (
        admin_user.pk,
        "Ada Admin",
        "api",
        "changed",
    )
    assert latest["reason"] == "Details changed"
    assert latest["changes"] == [
        {"field": "full_name", "label": "full name", "before": "Old Name", "after": "New Name"}
    ]


def test_a_user_reads_their_own_history(api_as):
    user = user_with(Role.BDM)

    response = api_as(user).get(user_url(user, "history/"))

    assert response.status_code == 200


def test_a_colleague_may_not_read_another_users_history(api_as):
    other = user_with(Role.BDM)

    response = api_as(user_with(Role.SALES_LEAD)).get(user_url(other, "history/"))

    assert response.status_code == 403
    assert set(response.json()) == ERROR_KEYS


@pytest.mark.parametrize("method", ["delete", "put"])
def test_an_unmapped_method_on_a_user_is_refused_and_changes_nothing(admin_api, snapshot, method):
    user = user_with(Role.BDM)
    before = snapshot()

    response = getattr(admin_api, method)(user_url(user), {"full_name": "X"})

    assert response.status_code in (403, 405)
    assert set(response.json()) == ERROR_KEYS
    assert User.objects.filter(pk=user.pk, is_active=True).exists()
    assert snapshot() == before


# --- teams ----------------------------------------------------------------------------------


def test_listing_teams_shows_lead_and_member_count(admin_api):
    lead = user_with(Role.SALES_LEAD, full_name="Lena Lead", email="lena@example.test")
    team = TeamFactory(name="Sales North", lead=lead, members=[user_with(Role.BDM)] * 1)
    TeamFactory(name="Old", is_active=False)

    response = admin_api.get(TEAMS)

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Sales North"]
    row = response.json()["results"][0]
    assert row["id"] == team.pk
    assert row["lead"] == {"id": lead.pk, "full_name": "Lena Lead", "email": "lena@example.test"}
    assert row["member_count"] == 1


def test_listing_teams_filters_by_kind_and_shows_archived_on_request(admin_api):
    TeamFactory(name="Sales North")
    TeamFactory(name="Accounts", kind=TeamKind.ACCOUNT_MANAGEMENT)
    TeamFactory(name="Old", is_active=False)

    by_kind = admin_api.get(f"{TEAMS}?kind=account_management").json()["results"]
    archived = admin_api.get(f"{TEAMS}?archived=true").json()["results"]

    assert [row["name"] for row in by_kind] == ["Accounts"]
    assert sorted(row["name"] for row in archived) == ["Accounts", "Old", "Sales North"]


def test_retrieving_a_team_lists_its_members(api_as):
    member = user_with(Role.BDM, full_name="Sam Seller", email="sam@example.test")
    team = TeamFactory(members=[member])

    response = api_as(user_with(Role.BDM)).get(team_url(team))

    assert response.status_code == 200
    assert response.json()["members"] == [
        {"id": member.pk, "full_name": "Sam Seller", "email": "sam@example.test"}
    ]
    assert response.json()["member_count"] == 1


def test_an_agent_asking_for_another_team_gets_404(api_as):
    team = TeamFactory(name="Secret Team")

    response = api_as(user_with(Role.AGENT)).get(team_url(team))

    assert response.status_code == 404
    assert "Secret Team" not in response.content.decode()


def test_creating_a_team_answers_201_with_lead_and_members(admin_api):
    lead = user_with(Role.DEPARTMENT_MEMBER)
    member = user_with(Role.DEPARTMENT_MEMBER)

    response = admin_api.post(
        TEAMS,
        {
            "name": "Support",
            "kind": "department",
            "department": "support",
            "lead_id": lead.pk,
            "member_ids": [member.pk],
        },
    )

    assert response.status_code == 201
    body = response.json()
    team = Team.objects.get(name="Support")
    assert (body["id"], body["kind"], body["department"], body["lead"]["id"]) == (
        team.pk,
        "department",
        "support",
        lead.pk,
    )
    assert [row["id"] for row in body["members"]] == [member.pk]


def test_creating_a_team_with_the_wrong_lead_answers_400_naming_lead(admin_api, snapshot):
    wrong = user_with(Role.BDM)
    before = snapshot()

    response = admin_api.post(TEAMS, {"name": "Sales", "kind": "sales", "lead_id": wrong.pk})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["lead"]
    assert snapshot() == before


def test_creating_a_department_without_a_type_answers_400_naming_department(admin_api):
    response = admin_api.post(TEAMS, {"name": "Support", "kind": "department"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["department"]
    assert Team.objects.count() == 0


def test_patching_a_team_changes_lead_members_and_archives_it(admin_api):
    team = TeamFactory(name="Sales North")
    new_lead = user_with(Role.SALES_LEAD)
    member = user_with(Role.BDM)

    response = admin_api.patch(
        team_url(team),
        {
            "name": "Sales East",
            "lead_id": new_lead.pk,
            "member_ids": [member.pk],
            "is_active": False,
        },
    )

    assert response.status_code == 200
    team.refresh_from_db()
    assert (team.name, team.lead, team.is_active) == ("Sales East", new_lead, False)
    assert list(team.members.all()) == [member]


def test_the_team_history_shows_membership_changes_from_the_api(admin_api, admin_user):
    team = TeamFactory()
    member = user_with(Role.BDM, full_name="Sam Seller")
    admin_api.patch(team_url(team), {"member_ids": [member.pk]})

    response = admin_api.get(team_url(team, "history/"))

    assert response.status_code == 200
    latest = response.json()[0]
    assert (latest["subject"], latest["action"], latest["reason"], latest["source"]) == (
        "Membership",
        "created",
        "Added to team",
        "api",
    )
    assert latest["actor_name"] == "Ada Admin"
    assert {"field": "user", "label": "user", "before": "", "after": "Sam Seller"} in latest[
        "changes"
    ]


def test_a_team_lead_reads_their_teams_history(api_as):
    team = TeamFactory()

    assert api_as(team.lead).get(team_url(team, "history/")).status_code == 200


# --- tokens ---------------------------------------------------------------------------------


def test_creating_a_token_returns_its_key_once(api_as):
    user = user_with(Role.BDM)
    client = api_as(user)

    created = client.post(TOKENS, {"name": "deploy script"})
    listed = client.get(TOKENS)

    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("tf_")
    assert created.json()["prefix"] == key[:10]
    assert [row["name"] for row in listed.json()["results"]] == ["deploy script"]
    assert "key" not in listed.json()["results"][0]
    assert key not in listed.content.decode()


def test_a_token_key_authenticates_its_owner(api_as):
    user = user_with(Role.BDM, email="sam@example.test")
    key = api_as(user).post(TOKENS, {"name": "script"}).json()["key"]

    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["email"] == "sam@example.test"
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_a_revoked_key_answers_401(api_as):
    user = user_with(Role.BDM)
    client = api_as(user)
    created = client.post(TOKENS, {"name": "script"}).json()

    revoked = client.delete(f"{TOKENS}{created['id']}/")
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {created['key']}")

    assert revoked.status_code == 204
    assert ApiToken.objects.get(pk=created["id"]).revoked_at is not None
    assert response.status_code == 401
    assert response.json() == {
        "message": "Invalid or revoked token.",
        "code": "authentication_failed",
        "fields": {},
    }


def test_the_key_of_a_deactivated_user_answers_401(admin_user):
    user = user_with(Role.BDM)
    key = access.api_token_create(actor=user, user=user, name="script").key
    services.user_deactivate(actor=admin_user, user=user)

    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 401


def test_an_unrevoked_key_of_a_deactivated_user_answers_401():
    # Deactivation revokes keys; authentication checks the owner as well, in case it did not.
    user = user_with(Role.BDM)
    key = access.api_token_create(actor=user, user=user, name="script").key
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token tf_not-a-real-key"])
def test_a_malformed_or_unknown_key_answers_401(header):
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_revoking_someone_elses_token_answers_404_and_keeps_it(api_as):
    owner = user_with(Role.BDM)
    token = access.api_token_create(actor=owner, user=owner, name="theirs").token

    response = api_as(user_with(Role.ADMIN)).delete(f"{TOKENS}{token.pk}/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_user_lists_only_their_own_tokens(api_as):
    owner = user_with(Role.BDM)
    access.api_token_create(actor=owner, user=owner, name="theirs")
    me = user_with(Role.BDM)
    access.api_token_create(actor=me, user=me, name="mine")

    response = api_as(me).get(TOKENS)

    assert [row["name"] for row in response.json()["results"]] == ["mine"]


def test_changes_made_with_a_token_are_recorded_as_api_changes_by_its_owner(admin_user):
    key = access.api_token_create(actor=admin_user, user=admin_user, name="script").key
    user = user_with(Role.BDM)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    client.patch(user_url(user), {"job_title": "Seller"})

    record = user.history.latest("history_date")
    assert (record.history_user, record.history_source) == (admin_user, "api")


# --- anonymous, schema, docs, throttling ----------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v1/me/", "/api/v1/roles/", USERS, TEAMS, TOKENS, "/api/schema/"]
)
def test_anonymous_requests_are_refused_with_the_error_shape(url):
    response = APIClient().get(url, HTTP_ACCEPT="application/json")

    assert response.status_code == 401
    assert response.json() == {
        "message": "Authentication credentials were not provided.",
        "code": "not_authenticated",
        "fields": {},
    }


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_send_a_signed_out_visitor_to_sign_in_and_back(page):
    response = APIClient().get(page)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={page}"
    assert b"swagger" not in response.content.lower()


def test_the_schema_is_refused_to_anonymous_clients_with_the_error_shape():
    response = APIClient().get("/api/schema/")

    assert response.status_code == 401
    assert yaml.safe_load(response.content)["code"] == "not_authenticated"


def test_an_anonymous_post_creates_nothing(snapshot):
    before = snapshot()

    response = APIClient().post(USERS, {"email": "n@example.test", "full_name": "N"})

    assert response.status_code == 401
    assert snapshot() == before


def test_the_schema_is_valid_openapi_3_with_the_people_paths(api_as):
    response = api_as(user_with(Role.BDM)).get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    for path in [
        "/api/v1/users/",
        "/api/v1/users/{id}/",
        "/api/v1/users/{id}/deactivate/",
        "/api/v1/teams/",
        "/api/v1/tokens/",
        "/api/v1/me/",
    ]:
        assert path in schema["paths"]
    assert "delete" not in schema["paths"]["/api/v1/users/{id}/"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_is_served_as_json_on_request(api_as):
    response = api_as(user_with(Role.BDM)).get("/api/schema/?format=json")

    assert response.status_code == 200
    assert "/api/v1/users/" in json.loads(response.content)["paths"]


def test_the_api_docs_render_for_a_signed_in_user(api_as):
    response = api_as(user_with(Role.BDM)).get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_too_many_requests_are_throttled_with_the_error_shape(monkeypatch, api_as):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": "2/minute"})
    client = api_as(user_with(Role.BDM))

    statuses = [client.get("/api/v1/me/").status_code for _ in range(2)]
    throttled = client.get("/api/v1/me/")

    assert statuses == [200, 200]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert set(throttled.json()) == ERROR_KEYS


def test_team_membership_rows_keep_their_history_after_removal(admin_api):
    member = user_with(Role.BDM)
    team = TeamFactory(members=[member])

    admin_api.patch(team_url(team), {"member_ids": []})

    assert TeamMembership.objects.filter(team=team).count() == 0
    assert TeamMembership.history.filter(team_id=team.pk, history_type="-").count() == 1


@pytest.mark.parametrize("url", [f"{USERS}abc/", f"{TEAMS}abc/", f"{USERS}abc/history/"])
def test_a_malformed_id_answers_404_with_the_error_shape(admin_api, url):
    response = admin_api.get(url)

    assert response.status_code == 404
    assert set(response.json()) == ERROR_KEYS


def test_a_forged_cursor_answers_404_with_the_error_shape(admin_api):
    response = admin_api.get(f"{USERS}?cursor=forged")

    assert response.status_code == 404
    assert response.json() == {"message": "Invalid cursor", "code": "not_found", "fields": {}}
