"""One scope per object: a detail endpoint answers 200 exactly for the rows its list shows.

The list/detail pairs (``/api/v1/x/`` and ``/api/v1/x/{id}/``) are read from the OpenAPI
schema's endpoints, not kept by hand: a new pair is checked the day it is routed. The world
holds rows of every kind, live ones (so the lists' default filters show them), owned across
two of each kind of team. For every role, the actor (one of team A's people, or an admin)
reads every page of the list; GET on the detail then answers 200 for each id the list showed
and 404 for every other row of that model (403 or 404 when the list itself is refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.accounts.factories import AccountFactory, department_team
from tests.factories import TeamFactory, user_with
from tests.handover.helpers import FILLED
from tests.sales.factories import (
    CompanyFactory,
    LeadFactory,
    PartnerFactory,
    ProductFactory,
    WebFormFactory,
    commercial_pipeline,
    deal_for,
)
from twofold.accounts.choices import AccountStatus
from twofold.accounts.models import Account
from twofold.departments import services as requests
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage
from twofold.people import access
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import User
from twofold.sales.models import AssignmentRule
from twofold.sales.services.complaints import complaint_log
from twofold.sales.services.meetings import sales_meeting_schedule
from twofold.sales.services.partners import partner_link
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Pair:
    list_path: str
    detail_path: str
    model: type[Model]

    def __str__(self) -> str:
        return self.list_path


def list_detail_pairs() -> list[Pair]:
    """Every GET ``/x/{pk}/`` whose ``/x/`` is a GET too, with the model its detail renders."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    gets = {path: callback for path, _, method, callback in generator.endpoints if method == "GET"}
    pairs = []
    for path, callback in sorted(gets.items()):
        if not path.endswith("/{pk}/") or path.removesuffix("{pk}/") not in gets:
            continue
        serializer = generator.create_view(callback, "GET").schema.get_response_serializers()
        if isinstance(serializer, dict):  # responses by status code
            serializer = serializer[200]
        pairs.append(Pair(path.removesuffix("{pk}/"), path, serializer.Meta.model))
    return pairs


PAIRS = list_detail_pairs()


def _in_team(kind: TeamKind, lead: User, *members: User, **kwargs: Any) -> None:
    TeamFactory(kind=kind, lead=lead, members=list(members), **kwargs)


def _side(name: str) -> dict[str, User]:
    """One side's people: a sales team, an account-management team, a department."""
    p = {
        role: user_with(role, full_name=f"{name} {role.label}")
        for role in Role
        if role != Role.ADMIN
    }
    _in_team(
        TeamKind.SALES,
        p[Role.SALES_LEAD],
        p[Role.LEAD_GENERATOR],
        p[Role.BDM],
        p[Role.AGENT],
        name=f"{name} sales",
    )
    _in_team(
        TeamKind.ACCOUNT_MANAGEMENT,
        p[Role.ACCOUNT_EXECUTIVE],
        p[Role.ACCOUNT_MANAGER],
        p[Role.KEY_ACCOUNT_MANAGER],
        name=f"{name} accounts",
    )
    return p


def _rows_of(side: dict[str, User], name: str) -> None:
    """What one side owns: leads, deals, accounts, hand-overs, requests, terms, meetings."""
    for owner in (side[Role.LEAD_GENERATOR], side[Role.BDM], side[Role.AGENT]):
        LeadFactory(owner=owner)
    bdm_deal = deal_for(side[Role.BDM], name=f"{name} BDM deal")
    agent_deal = deal_for(side[Role.AGENT], name=f"{name} agent deal")
    for deal in (bdm_deal, agent_deal):
        terms_propose(
            actor=None,
            opportunity=deal,
            discount_percent=Decimal(40),
            net_days=30,
            instalment_count=1,
        )
        complaint_log(actor=None, opportunity=deal, summary=f"{deal.name} complaint")
    partner_link(actor=None, partner=PartnerFactory(), opportunity=bdm_deal, role="reseller")
    account = AccountFactory(
        relationship_owner=side[Role.ACCOUNT_MANAGER], seller=side[Role.BDM], name=f"{name} client"
    )
    AccountFactory(
        relationship_owner=side[Role.KEY_ACCOUNT_MANAGER],
        plan_owner=side[Role.KEY_ACCOUNT_MANAGER],
        seller=side[Role.AGENT],
        name=f"{name} key client",
    )
    deal_for(
        side[Role.ACCOUNT_MANAGER], kind="upsell", company=account.company, name=f"{name} upsell"
    )
    for department in (Department.DELIVERY, Department.SUPPORT):
        requests.request_raise(
            actor=None,
            account=account,
            raised_by=side[Role.ACCOUNT_MANAGER],
            department=department,
            type=department,
            title=f"{name} {department} request",
            priority="normal",
        )
    company = CompanyFactory()
    sold = deal_for(side[Role.BDM], company=company, name=f"{name} won deal")
    in_handover = Account.objects.create(
        company=company, name=company.name, status=AccountStatus.IN_HANDOVER, seller=side[Role.BDM]
    )
    HandoverPackage.objects.create(
        opportunity=sold,
        account=in_handover,
        seller=side[Role.BDM],
        receiver=side[Role.ACCOUNT_MANAGER],
        status=HandoverStatus.SUBMITTED,
        **FILLED,
    )
    team = side[Role.SALES_LEAD].led_teams.get()
    sales_meeting_schedule(actor=None, team=team, scheduled_for=timezone.now() + timedelta(days=1))
    AssignmentRule.objects.create(name=f"{name} rule", team=team)


def build_scope_world(role: Role) -> User:
    """Two sides of every kind of team with their rows; returns the actor (side A's ``role``,
    or an admin)."""
    commercial_pipeline()
    ProductFactory()
    WebFormFactory()
    sides = {name: _side(name) for name in ("Alpha", "Bravo")}
    department_team(
        Department.DELIVERY, sides["Alpha"][Role.DEPARTMENT_MEMBER], name="Alpha delivery"
    )
    department_team(
        Department.SUPPORT, sides["Bravo"][Role.DEPARTMENT_MEMBER], name="Bravo support"
    )
    for name, side in sides.items():
        _rows_of(side, name)
    LeadFactory(owner=None)
    admin = user_with(Role.ADMIN, full_name="The Admin")
    return admin if role == Role.ADMIN else sides["Alpha"][role]


def _listed_ids(client: APIClient, path: str) -> set[int] | None:
    """The ids on every page of the list, or None if the list is refused."""
    ids: set[int] = set()
    url: str | None = path
    while url:
        response = client.get(url)
        if response.status_code in (403, 404):
            return None
        assert response.status_code == 200, response.content
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        ids |= {row["id"] for row in rows}
        url = body.get("next") if isinstance(body, dict) else None
    return ids


def test_the_schema_routes_list_detail_pairs():
    # Given the API's schema, when its list/detail pairs are read, then the known ones are there
    assert {"/api/v1/leads/", "/api/v1/requests/", "/api/v1/accounts/"} <= {
        p.list_path for p in PAIRS
    }


@pytest.mark.parametrize("pair", PAIRS, ids=str)
def test_a_detail_answers_exactly_for_the_rows_its_list_shows(pair: Pair, role: Role):
    # Given a world of two teams of every kind and an actor holding only ``role``
    actor = build_scope_world(role)
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {access.api_token_create(actor=None, user=actor, name='t').key}"
    )
    every_id = set(pair.model._default_manager.values_list("pk", flat=True))
    assert every_id, f"the world has no {pair.model.__name__}"

    # When they read every page of the list, then the detail of every row
    listed = _listed_ids(client, pair.list_path)
    answers = {
        pk: client.get(pair.detail_path.replace("{pk}", str(pk))).status_code for pk in every_id
    }

    # Then the detail answers 200 exactly for the listed rows and "not found" for the rest
    shown = {pk for pk, status in answers.items() if status == 200}
    assert shown == (listed or set()), (
        f"detail 200 but not listed: {sorted(shown - (listed or set()))}"
    )
    hidden = {status for pk, status in answers.items() if pk not in shown}
    assert hidden <= ({404} if listed is not None else {403, 404}), answers
