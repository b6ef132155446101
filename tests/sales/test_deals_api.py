"""The deal API: filters and keyset pages, create and edit, moves, reassignment, strategy,
activities, events, time in stage and pipelines — with the one error shape."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import user_with
from tests.sales.factories import ProductFactory, open_deal, sales_team, standard_pipeline
from twofold.people.choices import Role
from twofold.sales.models import Opportunity, Pipeline
from twofold.sales.services.items import line_item_add

pytestmark = pytest.mark.django_db


def test_the_list_pages_by_cursor(api_as, admin_user):
    for n in range(3):
        open_deal(name=f"D{n}")
    client = api_as(admin_user)

    first = client.get("/api/v1/opportunities/?page_size=2").json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_the_list_filters_by_status_and_searches_names(api_as, admin_user):
    open_deal(name="Fleet")
    open_deal(name="Other")

    body = api_as(admin_user).get("/api/v1/opportunities/?status=open&search=fle").json()

    assert [d["name"] for d in body["results"]] == ["Fleet"]


def test_a_bdm_opens_a_deal_and_gets_it_back(api_as):
    standard_pipeline()
    bdm = user_with(Role.BDM)

    response = api_as(bdm).post(
        "/api/v1/opportunities/", {"name": "API deal", "amount": "12.50"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["stage"]["name"], body["owner"]["id"], body["amount"]) == (
        "Discovery",
        bdm.pk,
        "12.50",
    )


def test_the_owner_patches_the_next_step(api_as):
    deal = open_deal()

    body = (
        api_as(deal.owner)
        .patch(
            f"/api/v1/opportunities/{deal.pk}/",
            {"next_step": "Call back", "next_step_due": "2030-01-02"},
            format="json",
        )
        .json()
    )

    assert (body["next_step"], body["next_step_due"]) == ("Call back", "2030-01-02")


def test_a_move_into_the_won_stage_is_refused_in_the_error_shape(api_as):
    deal = open_deal()
    won = deal.pipeline.stages.get(name="Won")

    response = api_as(deal.owner).post(
        f"/api/v1/opportunities/{deal.pk}/move/", {"stage_id": won.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "closing_stage"
    assert set(response.json()) == {"message", "code", "fields"}


def test_a_move_to_an_open_stage_answers_the_moved_deal(api_as):
    deal = open_deal()
    proposal = deal.pipeline.stages.get(name="Proposal")

    body = (
        api_as(deal.owner)
        .post(f"/api/v1/opportunities/{deal.pk}/move/", {"stage_id": proposal.pk}, format="json")
        .json()
    )

    assert body["stage"]["name"] == "Proposal"


def test_a_colleague_may_not_move_a_deal(api_as):
    deal = open_deal()
    colleague = user_with(Role.BDM)
    sales_team(deal.owner, colleague)
    proposal = deal.pipeline.stages.get(name="Proposal")

    response = api_as(colleague).post(
        f"/api/v1/opportunities/{deal.pk}/move/", {"stage_id": proposal.pk}, format="json"
    )

    assert response.status_code == 403


def test_the_sales_lead_reassigns_and_writes_the_strategy(api_as):
    deal = open_deal()
    newcomer = user_with(Role.BDM)
    team = sales_team(deal.owner, newcomer)
    client = api_as(team.lead)

    moved = client.post(
        f"/api/v1/opportunities/{deal.pk}/reassign/",
        {"owner_id": newcomer.pk, "reason": "Cover"},
        format="json",
    )
    strategy = client.put(
        f"/api/v1/opportunities/{deal.pk}/strategy/", {"approach": "Go wide"}, format="json"
    )

    assert moved.json()["owner"]["id"] == newcomer.pk
    assert strategy.json()["approach"] == "Go wide"
    assert strategy.json()["updated_by"]["id"] == team.lead.pk


def test_the_owner_reads_an_empty_strategy(api_as):
    deal = open_deal()

    body = api_as(deal.owner).get(f"/api/v1/opportunities/{deal.pk}/strategy/").json()

    assert body == {
        "approach": "",
        "key_messages": "",
        "risks": "",
        "next_steps": "",
        "updated_by": None,
        "updated_at": None,
    }


def test_activities_are_logged_and_listed(api_as):
    deal = open_deal()
    client = api_as(deal.owner)

    created = client.post(
        f"/api/v1/opportunities/{deal.pk}/activities/",
        {"kind": "task", "subject": "Send the quote", "due_on": "2030-01-01"},
        format="json",
    )
    listed = client.get(f"/api/v1/opportunities/{deal.pk}/activities/").json()

    assert created.status_code == 201
    assert [(a["kind"], a["subject"], a["due_on"]) for a in listed] == [
        ("task", "Send the quote", "2030-01-01")
    ]


def test_events_and_stage_times_follow_the_moves(api_as):
    deal = open_deal(stage="Negotiation")
    client = api_as(deal.owner)

    events = client.get(f"/api/v1/opportunities/{deal.pk}/events/").json()
    stints = client.get(f"/api/v1/opportunities/{deal.pk}/stage-times/").json()

    assert [e["type"] for e in events] == ["stage_changed", "created"]
    assert events[0]["data"]["to"] == "Negotiation"
    assert [s["stage"] for s in stints] == ["Discovery", "Negotiation"]


def test_an_agent_gets_404_for_someone_elses_deal(api_as):
    deal = open_deal()

    response = api_as(user_with(Role.AGENT)).get(f"/api/v1/opportunities/{deal.pk}/")

    assert response.status_code == 404


def test_an_admin_creates_and_archives_a_pipeline(api_as, admin_user):
    standard_pipeline()
    client = api_as(admin_user)
    stages = [
        {"name": "Talk", "probability": 20},
        {"name": "Won", "probability": 100, "kind": "won"},
        {"name": "Lost", "probability": 0, "kind": "lost"},
    ]

    created = client.post(
        "/api/v1/pipelines/", {"name": "Partners", "stages": stages}, format="json"
    )
    archived = client.patch(
        f"/api/v1/pipelines/{created.json()['id']}/", {"is_active": False}, format="json"
    )

    assert created.status_code == 201
    assert [s["name"] for s in created.json()["stages"]] == ["Talk", "Won", "Lost"]
    assert archived.json()["is_active"] is False


def test_a_pipeline_without_a_lost_stage_is_refused_naming_the_stages(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/v1/pipelines/",
        {
            "name": "Broken",
            "stages": [
                {"name": "Talk", "probability": 20},
                {"name": "Won", "probability": 100, "kind": "won"},
            ],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"stages": ["A pipeline has exactly one lost stage."]}
    assert not Pipeline.objects.filter(name="Broken").exists()


def test_a_negative_amount_is_refused_naming_the_field(api_as):
    deal = open_deal()

    response = api_as(deal.owner).patch(
        f"/api/v1/opportunities/{deal.pk}/", {"amount": "-1"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["amount"]
    assert Opportunity.objects.get(pk=deal.pk).amount == Decimal("0.00")


def test_a_currency_change_under_priced_line_items_is_refused_in_the_error_shape(api_as):
    deal = open_deal()
    line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory())

    response = api_as(deal.owner).patch(
        f"/api/v1/opportunities/{deal.pk}/", {"currency": "USD"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "code", "fields"}
    assert list(body["fields"]) == ["currency"]
    assert Opportunity.objects.get(pk=deal.pk).currency == "EUR"
