"""Every date a client can send, found in the OpenAPI schema, answers a 400 naming the field
when it is extreme (9999-12-31, 0001-01-01, 1900-01-01): never a server error, never HTML.

A new date field in a request body shows up here by itself; a new endpoint with one needs a
valid body in ``BODIES`` (the test says so), so that the date is the only thing wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.accounts.factories import cared_account
from tests.factories import user_with
from tests.sales.factories import LeadFactory, deal_for, sales_team
from twofold.accounts.services.goals import goal_create
from twofold.accounts.services.projects import milestone_create, project_create
from twofold.people.choices import Role
from twofold.people.models import User
from twofold.sales.models import SalesMeeting

pytestmark = pytest.mark.django_db

EXTREMES = {
    "date": ["9999-12-31", "0001-01-01", "1900-01-01"],
    "date-time": ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z"],
}

# A valid body for each operation with a date, without the date.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/accounts/{id}/goals/"): {"horizon": "short", "title": "Grow"},
    ("patch", "/api/v1/accounts/{id}/goals/{goal_pk}/"): {},
    ("post", "/api/v1/accounts/{id}/interactions/"): {
        "kind": "call",
        "subject": "Check-in",
        "next_step": "Send the offer",
    },
    ("patch", "/api/v1/accounts/{id}/milestones/{milestone_pk}/"): {},
    ("post", "/api/v1/accounts/{id}/projects/"): {"name": "Roll-out"},
    ("patch", "/api/v1/accounts/{id}/projects/{project_pk}/"): {},
    ("post", "/api/v1/accounts/{id}/projects/{project_pk}/milestones/"): {
        "title": "Go live",
        "due_on": "{soon}",
    },
    ("post", "/api/v1/accounts/{id}/satisfaction/"): {"kind": "nps", "score": 9},
    ("post", "/api/v1/complaints/"): {"opportunity_id": "{deal}", "summary": "Late"},
    ("post", "/api/v1/leads/{id}/activities/"): {"kind": "task", "subject": "Call back"},
    ("post", "/api/v1/opportunities/"): {"name": "New deal"},
    ("patch", "/api/v1/opportunities/{id}/"): {"next_step": "Call"},
    ("post", "/api/v1/opportunities/{id}/activities/"): {"kind": "task", "subject": "Call"},
    ("post", "/api/v1/opportunities/{id}/close-won/"): {"closed_on": "{today}"},
    ("post", "/api/v1/opportunities/{id}/terms/"): {"instalment_count": 3},
    ("post", "/api/v1/sales-meetings/"): {"team_id": "{team}"},
    ("post", "/api/v1/sales-meetings/{id}/decisions/"): {
        "text": "Push it",
        "opportunity_id": "{deal}",
        "action_subject": "Call the buyer",
    },
}


@dataclass
class World:
    bdm: User
    sales_lead: User
    manager: User
    ids: dict[str, int]


def build_world() -> World:
    bdm = user_with(Role.BDM)
    sales_lead = user_with(Role.SALES_LEAD)
    team = sales_team(bdm, lead=sales_lead)
    deal = deal_for(bdm, amount=Decimal("9000.00"))
    lead = LeadFactory(owner=bdm)
    meeting = SalesMeeting.objects.create(
        team=team, scheduled_for=timezone.now(), led_by=sales_lead
    )
    account, manager, _ = cared_account()
    project = project_create(actor=None, account=account, name="Roll-out", owner=manager)
    milestone = milestone_create(
        actor=None, project=project, title="Go live", due_on=timezone.localdate()
    )
    goal = goal_create(actor=None, account=account, horizon="short", title="Grow")
    return World(
        bdm=bdm,
        sales_lead=sales_lead,
        manager=manager,
        ids={
            "account": account.pk,
            "goal": goal.pk,
            "project": project.pk,
            "milestone": milestone.pk,
            "lead": lead.pk,
            "deal": deal.pk,
            "meeting": meeting.pk,
            "team": team.pk,
        },
    )


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def date_fields(schema: dict[str, Any], body: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, format) of each writable date or date-time property of a request body."""
    body = _resolve(schema, body)
    found = []
    for name, prop in body.get("properties", {}).items():
        prop = _resolve(schema, prop)
        kinds = [prop, *(_resolve(schema, p) for p in prop.get("oneOf", []))]
        formats = [k["format"] for k in kinds if k.get("format") in EXTREMES]
        if formats and not prop.get("readOnly"):
            found.append((name, formats[0]))
    return found


def operations(schema: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(method, path, field, format) for every date field of every JSON request body."""
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                for field, fmt in date_fields(schema, content["application/json"]["schema"]):
                    found.append((method, path, field, fmt))
    return found


@pytest.fixture
def schema(admin_user) -> dict[str, Any]:
    client = APIClient()
    client.force_login(admin_user)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _address(path: str, ids: dict[str, int]) -> str:
    mine = "account" if path.startswith("/api/v1/accounts/") else None
    if path.startswith("/api/v1/leads/"):
        mine = "lead"
    elif path.startswith("/api/v1/opportunities/"):
        mine = "deal"
    elif path.startswith("/api/v1/sales-meetings/"):
        mine = "meeting"
    return path.format(
        id=ids.get(mine or "", 0),
        goal_pk=ids["goal"],
        project_pk=ids["project"],
        milestone_pk=ids["milestone"],
    )


def _body(template: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    today = timezone.localdate()
    values = {
        "{deal}": ids["deal"],
        "{team}": ids["team"],
        "{today}": today.isoformat(),
        "{soon}": (today + timedelta(days=30)).isoformat(),
    }
    return {key: values.get(value, value) for key, value in template.items()}


def _client_for(path: str, world: World) -> APIClient:
    client = APIClient(raise_request_exception=False)
    if path.startswith("/api/v1/accounts/"):
        client.force_login(world.manager)
    elif path.startswith("/api/v1/sales-meetings/"):
        client.force_login(world.sales_lead)
    else:
        client.force_login(world.bdm)
    return client


def test_the_schema_has_date_fields_to_walk(schema):
    walked = {(method, path) for method, path, _, _ in operations(schema)}

    assert len(walked) >= 15
    assert ("post", "/api/v1/opportunities/{id}/terms/") in walked


def test_every_operation_with_a_date_has_a_valid_body_to_send_it_in(schema):
    missing = {(m, p) for m, p, _, _ in operations(schema)} - set(BODIES)

    assert missing == set(), "Add a valid body for these to BODIES."


def test_every_extreme_date_in_every_request_body_is_a_400_naming_the_field(schema):
    world = build_world()
    wrong = []
    for method, path, field, fmt in operations(schema):
        client = _client_for(path, world)
        for value in EXTREMES[fmt]:
            body = _body(BODIES[(method, path)], world.ids) | {field: value}
            response = getattr(client, method)(_address(path, world.ids), body, format="json")
            answer = response.json() if response["Content-Type"] == "application/json" else None
            if (
                response.status_code != 400
                or answer is None
                or set(answer) != {"message", "code", "fields"}
                or list(answer["fields"]) != [field]
            ):
                wrong.append((method, path, field, value, response.status_code, answer))

    assert wrong == []
