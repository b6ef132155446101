"""The leads API: create with duplicates, list with filters, actions, errors in one shape."""

from __future__ import annotations

import pytest

from tests.factories import TeamFactory, user_with
from tests.sales.factories import LeadFactory, commercial_pipeline, lead_snapshot
from twofold.people.choices import Role
from twofold.sales.choices import LeadStatus
from twofold.sales.models import AssignmentRule, Lead

pytestmark = pytest.mark.django_db

LEADS = "/api/v1/leads/"


@pytest.fixture
def sdr():
    return user_with(Role.LEAD_GENERATOR, full_name="Sam SDR")


def test_creating_answers_201_with_the_likely_duplicates(api_as, sdr):
    known = LeadFactory(email="nina@acme.com", owner=sdr)

    response = api_as(sdr).post(
        LEADS, {"full_name": "Nina", "email": "NINA@acme.com", "source": "referral"}, format="json"
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["email"], body["company_domain"], body["owner"]["id"], body["status"]) == (
        "nina@acme.com",
        "acme.com",
        sdr.pk,
        "new",
    )
    assert [(d["id"], d["reasons"]) for d in body["duplicates"]] == [
        (known.pk, ["same e-mail", "same company domain"])
    ]


def test_bad_input_answers_400_naming_the_fields(api_as, sdr):
    response = api_as(sdr).post(
        LEADS, {"email": "nope", "budget_amount": "-3", "partner_id": 999}, format="json"
    )

    body = response.json()
    assert response.status_code == 400
    assert set(body) == {"message", "code", "fields"}
    assert set(body["fields"]) == {"full_name", "email", "budget_amount"}
    assert Lead.objects.count() == 0


def test_an_unknown_partner_is_named(api_as, sdr):
    response = api_as(sdr).post(LEADS, {"full_name": "N", "partner_id": 999}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["partner_id"]


def test_the_list_filters_and_searches(api_as, sdr):
    LeadFactory(full_name="Nina", email="nina@acme.com", owner=sdr, status=LeadStatus.WORKING)
    LeadFactory(full_name="Otto", email="otto@other.io", owner=sdr)

    client = api_as(sdr)
    by_status = client.get(LEADS, {"status": "working"}).json()["results"]
    by_search = client.get(LEADS, {"search": "otto@"}).json()["results"]

    assert [row["full_name"] for row in by_status] == ["Nina"]
    assert [row["full_name"] for row in by_search] == ["Otto"]


def test_the_list_pages_by_cursor(api_as, sdr):
    for i in range(3):
        LeadFactory(full_name=f"Lead {i}", owner=sdr)

    first = api_as(sdr).get(LEADS, {"page_size": 2}).json()
    second = api_as(sdr).get(first["next"]).json()

    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert "count" not in first


def test_patching_changes_bant_and_status(api_as, sdr):
    lead = LeadFactory(owner=sdr)

    response = api_as(sdr).patch(
        f"{LEADS}{lead.pk}/", {"authority": "CFO", "status": "working"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["authority"], response.json()["status"]) == ("CFO", "working")


def test_patching_a_status_that_needs_an_action_is_refused_naming_it(api_as, sdr):
    lead = LeadFactory(owner=sdr)

    response = api_as(sdr).patch(f"{LEADS}{lead.pk}/", {"status": "converted"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["status"]


def test_qualify_twice_returns_the_same_deal(api_as, sdr):
    commercial_pipeline()
    bdm = user_with(Role.BDM)
    lead = LeadFactory(owner=sdr)
    client = api_as(sdr)

    first = client.post(f"{LEADS}{lead.pk}/qualify/", {"bdm_id": bdm.pk}, format="json")
    again = client.post(f"{LEADS}{lead.pk}/qualify/", {}, format="json")

    assert first.status_code == again.status_code == 200
    assert first.json()["opportunity_id"] == again.json()["opportunity_id"]
    assert first.json()["bdm"]["id"] == bdm.pk
    assert first.json()["lead"]["status"] == "converted"


def test_qualifying_a_disqualified_lead_is_refused_with_a_reason(api_as, sdr):
    lead = LeadFactory(owner=sdr, status=LeadStatus.DISQUALIFIED, disqualify_reason="No")

    response = api_as(sdr).post(f"{LEADS}{lead.pk}/qualify/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "disqualified"


def test_disqualify_without_a_reason_names_the_field(api_as, sdr):
    lead = LeadFactory(owner=sdr)
    before = lead_snapshot()

    response = api_as(sdr).post(f"{LEADS}{lead.pk}/disqualify/", {}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["reason"]
    assert lead_snapshot() == before


def test_reassign_and_the_events_show_who_and_why(api_as, sdr):
    other = user_with(Role.LEAD_GENERATOR)
    boss = user_with(Role.SALES_LEAD)
    TeamFactory(lead=boss, members=[sdr, other])
    lead = LeadFactory(owner=sdr)

    response = api_as(boss).post(
        f"{LEADS}{lead.pk}/reassign/", {"owner_id": other.pk, "reason": "Holiday"}, format="json"
    )
    events = api_as(boss).get(f"{LEADS}{lead.pk}/events/").json()

    assert response.json()["owner"]["id"] == other.pk
    assert events[0]["type"] == "assigned"
    assert events[0]["actor"]["id"] == boss.pk
    assert events[0]["data"] == {"from": sdr.pk, "to": other.pk, "reason": "Holiday", "rule": None}


def test_reassigning_to_someone_of_another_team_answers_400_naming_the_owner(api_as, sdr):
    boss = user_with(Role.SALES_LEAD)
    TeamFactory(lead=boss, members=[sdr])
    outsider = user_with(Role.LEAD_GENERATOR)
    TeamFactory(members=[outsider])
    lead = LeadFactory(owner=sdr)
    before = lead_snapshot()

    response = api_as(boss).post(
        f"{LEADS}{lead.pk}/reassign/", {"owner_id": outsider.pk, "reason": "Load"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["owner_id"]
    assert lead_snapshot() == before


def test_activities_are_logged_and_listed(api_as, sdr):
    lead = LeadFactory(owner=sdr)
    client = api_as(sdr)

    created = client.post(
        f"{LEADS}{lead.pk}/activities/",
        {"kind": "task", "subject": "Call back", "due_on": "2030-05-01"},
        format="json",
    )
    listed = client.get(f"{LEADS}{lead.pk}/activities/").json()

    assert created.status_code == 201
    assert [(a["kind"], a["subject"], a["due_on"]) for a in listed] == [
        ("task", "Call back", "2030-05-01")
    ]


def test_an_unknown_activity_kind_is_named(api_as, sdr):
    lead = LeadFactory(owner=sdr)

    response = api_as(sdr).post(
        f"{LEADS}{lead.pk}/activities/", {"kind": "fax", "subject": "x"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["kind"]


def test_admins_manage_rules_and_forms(api_as, admin_user):
    team = TeamFactory()
    client = api_as(admin_user)

    rule = client.post(
        "/api/v1/assignment-rules/", {"name": "All", "team_id": team.pk}, format="json"
    )
    form = client.post("/api/v1/web-forms/", {"name": "Contact"}, format="json")
    rekeyed = client.patch(
        f"/api/v1/web-forms/{form.json()['id']}/", {"new_key": True}, format="json"
    )

    assert (rule.status_code, form.status_code, rekeyed.status_code) == (201, 201, 200)
    assert rekeyed.json()["key"] != form.json()["key"]


# --- Routing rules a sales lead keeps ---------------------------------------------------------

RULES = "/api/v1/assignment-rules/"


def test_a_sales_lead_lists_only_their_teams_rules_in_the_order_they_run(api_as, admin_user):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    AssignmentRule.objects.create(name="North late", team=north, priority=50)
    AssignmentRule.objects.create(name="South", team=south, priority=1)
    AssignmentRule.objects.create(name="North early", team=north, priority=10)

    response = api_as(north.lead).get(RULES)

    assert [r["name"] for r in response.json()["results"]] == ["North early", "North late"]


def test_a_sales_lead_gets_404_for_another_teams_rule_and_changes_nothing(api_as):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    theirs = AssignmentRule.objects.create(name="South", team=south, priority=5)
    client = api_as(north.lead)

    answers = [
        client.get(f"{RULES}{theirs.pk}/").status_code,
        client.patch(f"{RULES}{theirs.pk}/", {"priority": 1}, format="json").status_code,
        client.delete(f"{RULES}{theirs.pk}/").status_code,
        client.post(f"{RULES}{theirs.pk}/move/", {"direction": "up"}, format="json").status_code,
    ]

    theirs.refresh_from_db()
    assert answers == [404, 404, 404, 404]
    assert theirs.priority == 5


def test_a_sales_lead_may_not_create_a_rule_for_a_team_they_do_not_lead(api_as):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")

    response = api_as(north.lead).post(RULES, {"name": "Grab", "team_id": south.pk}, format="json")

    assert response.status_code == 403
    assert set(response.json()) == {"message", "code", "fields"}
    assert not AssignmentRule.objects.exists()


def test_deleting_a_rule_answers_204(api_as):
    north = TeamFactory(name="North")
    mine = AssignmentRule.objects.create(name="North", team=north)

    response = api_as(north.lead).delete(f"{RULES}{mine.pk}/")

    assert response.status_code == 204
    assert not AssignmentRule.objects.exists()


def test_moving_a_rule_up_answers_its_new_priority(api_as):
    north = TeamFactory(name="North")
    AssignmentRule.objects.create(name="First", team=north, priority=10)
    second = AssignmentRule.objects.create(name="Second", team=north, priority=20)

    response = api_as(north.lead).post(
        f"{RULES}{second.pk}/move/", {"direction": "up"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["priority"] == 10


def test_a_move_without_a_direction_names_the_field(api_as):
    north = TeamFactory(name="North")
    mine = AssignmentRule.objects.create(name="North", team=north)

    response = api_as(north.lead).post(f"{RULES}{mine.pk}/move/", {}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["direction"]


def test_a_lead_generator_can_send_a_captured_lead_through_the_rules(api_as, sdr):
    north = TeamFactory(name="North", members=[user_with(Role.LEAD_GENERATOR, full_name="Nora")])
    AssignmentRule.objects.create(name="North", team=north)

    response = api_as(sdr).post(LEADS, {"full_name": "Routed Rita", "route": True}, format="json")

    assert response.status_code == 201
    assert response.json()["owner"]["full_name"] == "Nora"
    assert Lead.objects.get().owner.full_name == "Nora"


def test_a_lead_generator_keeps_a_captured_lead_unless_asking_for_routing(api_as, sdr):
    north = TeamFactory(name="North", members=[user_with(Role.LEAD_GENERATOR)])
    AssignmentRule.objects.create(name="North", team=north)

    response = api_as(sdr).post(LEADS, {"full_name": "Kept Karl"}, format="json")

    assert response.json()["owner"]["full_name"] == "Sam SDR"


def test_the_schema_documents_route_on_create_and_the_rule_actions(api_as, sdr):
    import yaml

    schema = yaml.safe_load(api_as(sdr).get("/api/schema/").content)

    create = schema["components"]["schemas"]["LeadCreateRequest"]["properties"]
    assert create["route"]["type"] == "boolean"
    assert "routing rules" in create["route"]["description"]
    assert "delete" in schema["paths"]["/api/v1/assignment-rules/{id}/"]
    assert "post" in schema["paths"]["/api/v1/assignment-rules/{id}/move/"]


def test_a_web_form_carries_routing_defaults_through_the_api(api_as, admin_user):
    client = api_as(admin_user)

    made = client.post(
        "/api/v1/web-forms/",
        {"name": "Retail page", "industry": "Retail", "asks_region": True},
        format="json",
    ).json()
    changed = client.patch(
        f"/api/v1/web-forms/{made['id']}/", {"region": "DACH"}, format="json"
    ).json()

    assert (made["industry"], made["asks_region"], made["asks_industry"]) == ("Retail", True, False)
    assert (changed["industry"], changed["region"]) == ("Retail", "DACH")
