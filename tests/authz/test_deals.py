"""The deal pages' and endpoints' rows of the authorization matrix: every role x every route.

The people matrix's world (an actor holding one role, a colleague "Tessa Target" in a sales
team) gains a pipeline and Tessa's deal, with a task on it. A lead generator or BDM actor is
Tessa's team-mate (sees the deal, may not change it); a sales lead actor leads her team
(changes, reassigns, writes strategy); an agent or account manager does not see it; department
members see no pipeline at all. A refused call answers 403 or 404, shows nothing of the deal
and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.authz.harness import (
    ADMIN,
    NOBODY,
    TARGET_NAME,
    Endpoint,
    Matrix,
    World,
    api,
    build_world,
    call,
    web,
)
from tests.factories import user_with
from twofold.activities.models import Activity
from twofold.activities.services import activity_log
from twofold.people.choices import ACCOUNT_ROLES, Role
from twofold.people.models import TeamMembership
from twofold.sales.models import DealStrategy, Opportunity, OpportunityEvent, Pipeline, Stage
from twofold.sales.services.deals import opportunity_create
from twofold.sales.services.pipelines import pipeline_create_default

pytestmark = pytest.mark.django_db

DEAL_NAME = "Tessa's Secret Fleet Deal"

WORKS_DEALS = frozenset({Role.ADMIN, Role.LEAD_GENERATOR, Role.BDM, Role.AGENT, Role.SALES_LEAD})
WORKS_DEALS |= ACCOUNT_ROLES
CREATES = WORKS_DEALS - {Role.LEAD_GENERATOR}
SEES_DEAL = frozenset({Role.ADMIN, Role.LEAD_GENERATOR, Role.BDM, Role.SALES_LEAD})
CHANGES_DEAL = frozenset({Role.ADMIN, Role.SALES_LEAD})


@dataclass
class DealWorld:
    people: World
    pipeline: Pipeline
    deal: Opportunity
    proposal: Stage
    other_seller_id: int
    task_id: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def build_deal_world(role: Role) -> DealWorld:
    people = build_world(role)
    if role == Role.SALES_LEAD:
        people.team.lead = people.actor
        people.team.save()
    elif role in (Role.BDM, Role.LEAD_GENERATOR):
        TeamMembership.objects.create(team=people.team, user=people.actor)
    other = user_with(Role.BDM, full_name="Otto Other")
    TeamMembership.objects.create(team=people.team, user=other)
    pipeline = pipeline_create_default()
    deal = opportunity_create(actor=None, name=DEAL_NAME, owner=people.target, pipeline=pipeline)
    task = activity_log(
        actor=None, owner=people.target, kind="task", subject="Secret task", opportunity=deal
    )
    DealStrategy.objects.create(opportunity=deal, approach="Matrix approach v1", updated_by=other)
    return DealWorld(
        people=people,
        pipeline=pipeline,
        deal=deal,
        proposal=pipeline.stages.get(name="Proposal"),
        other_seller_id=other.pk,
        task_id=task.pk,
    )


def deal_snapshot() -> dict[str, int]:
    plain = [OpportunityEvent]
    historied = [Opportunity, DealStrategy, Activity, Pipeline, Stage]
    counts = {model.__name__: model.objects.count() for model in plain + historied}
    counts |= {f"{model.__name__} history": model.history.count() for model in historied}
    return counts


def new_deal(w: DealWorld) -> dict[str, Any]:
    kind = "upsell" if w.actor.roles & ACCOUNT_ROLES else "new_business"
    return {"name": "Matrix deal", "kind": kind, "amount": "1.00", "currency": "EUR"}


def new_deal_api(w: DealWorld) -> dict[str, Any]:
    # An admin is no seller: they open the deal for one.
    owner = {"owner_id": w.other_seller_id} if Role.ADMIN in w.actor.roles else {}
    return new_deal(w) | owner


def new_deal_web(w: DealWorld) -> dict[str, Any]:
    owner = {"owner": w.other_seller_id} if Role.ADMIN in w.actor.roles else {}
    return new_deal(w) | owner


def deal_url(suffix: str = "") -> Any:
    return lambda w: f"/api/v1/opportunities/{w.deal.pk}/{suffix}"


def page(suffix: str = "") -> Any:
    return lambda w: f"/sales/deals/{w.deal.pk}/{suffix}"


API_ENDPOINTS = [
    api("pipeline list", "get", lambda w: "/api/v1/pipelines/", WORKS_DEALS),
    api("pipeline retrieve", "get", lambda w: f"/api/v1/pipelines/{w.pipeline.pk}/", WORKS_DEALS),
    api(
        "pipeline create",
        "post",
        lambda w: "/api/v1/pipelines/",
        ADMIN,
        success=201,
        payload=lambda w: {
            "name": "Partners",
            "stages": [
                {"name": "Talk", "probability": 10},
                {"name": "Won", "probability": 100, "kind": "won"},
                {"name": "Lost", "probability": 0, "kind": "lost"},
            ],
        },
    ),
    api(
        "pipeline patch",
        "patch",
        lambda w: f"/api/v1/pipelines/{w.pipeline.pk}/",
        ADMIN,
        payload=lambda w: {"name": "Renamed pipeline"},
    ),
    api("pipeline delete", "delete", lambda w: f"/api/v1/pipelines/{w.pipeline.pk}/", NOBODY),
    api(
        "opportunity list",
        "get",
        lambda w: "/api/v1/opportunities/",
        WORKS_DEALS,
        shows_target=SEES_DEAL,
    ),
    api(
        "opportunity search",
        "get",
        lambda w: "/api/v1/opportunities/?search=tessa",
        WORKS_DEALS,
        shows_target=SEES_DEAL,
    ),
    api("opportunity retrieve", "get", deal_url(), SEES_DEAL, shows_target=SEES_DEAL),
    api("opportunity history", "get", deal_url("history/"), SEES_DEAL),
    api(
        "opportunity create",
        "post",
        lambda w: "/api/v1/opportunities/",
        CREATES,
        success=201,
        payload=new_deal_api,
    ),
    api(
        "opportunity patch",
        "patch",
        deal_url(),
        CHANGES_DEAL,
        payload=lambda w: {"next_step": "Matrix step"},
        shows_target=CHANGES_DEAL,
    ),
    api("opportunity delete", "delete", deal_url(), NOBODY),
    api(
        "opportunity move",
        "post",
        deal_url("move/"),
        CHANGES_DEAL,
        payload=lambda w: {"stage_id": w.proposal.pk},
        shows_target=CHANGES_DEAL,
    ),
    api(
        "opportunity reassign",
        "post",
        deal_url("reassign/"),
        CHANGES_DEAL,
        payload=lambda w: {"owner_id": w.other_seller_id, "reason": "Matrix"},
        shows_target=CHANGES_DEAL,
    ),
    api("strategy read", "get", deal_url("strategy/"), SEES_DEAL),
    api(
        "strategy write",
        "put",
        deal_url("strategy/"),
        CHANGES_DEAL,
        payload=lambda w: {"approach": "Matrix approach"},
    ),
    api("activities read", "get", deal_url("activities/"), SEES_DEAL),
    api(
        "activity log",
        "post",
        deal_url("activities/"),
        CHANGES_DEAL,
        success=201,
        payload=lambda w: {"kind": "note", "subject": "Matrix note"},
    ),
    api("events", "get", deal_url("events/"), SEES_DEAL),
    api("stage times", "get", deal_url("stage-times/"), SEES_DEAL),
    api("board", "get", lambda w: "/api/v1/board/", WORKS_DEALS, shows_target=SEES_DEAL),
]

WEB_ENDPOINTS = [
    web("board page", "get", lambda w: "/sales/board/", WORKS_DEALS, shows_target=SEES_DEAL),
    web("deal list page", "get", lambda w: "/sales/deals/", WORKS_DEALS, shows_target=SEES_DEAL),
    web("new deal form", "get", lambda w: "/sales/deals/new/", CREATES),
    web(
        "new deal",
        "post",
        lambda w: "/sales/deals/new/",
        CREATES,
        success=302,
        payload=new_deal_web,
    ),
    web("deal page", "get", page(), SEES_DEAL, shows_target=SEES_DEAL),
    web("edit deal form", "get", page("edit/"), CHANGES_DEAL, shows_target=CHANGES_DEAL),
    web(
        "edit deal",
        "post",
        page("edit/"),
        CHANGES_DEAL,
        success=302,
        payload=lambda w: {"name": DEAL_NAME, "currency": "EUR", "amount": "0"},
    ),
    web(
        "move deal",
        "post",
        page("move/"),
        CHANGES_DEAL,
        success=302,
        payload=lambda w: {"stage": w.proposal.pk},
    ),
    web("reassign form", "get", page("reassign/"), CHANGES_DEAL, shows_target=CHANGES_DEAL),
    web(
        "reassign deal",
        "post",
        page("reassign/"),
        CHANGES_DEAL,
        success=302,
        payload=lambda w: {"owner": w.other_seller_id, "reason": "Matrix"},
    ),
    web("strategy form", "get", page("strategy/"), CHANGES_DEAL, shows_target=CHANGES_DEAL),
    web("strategy versions", "get", page("strategy/versions/"), SEES_DEAL, shows_target=SEES_DEAL),
    web("strategy version", "get", page("strategy/versions/1/"), SEES_DEAL, shows_target=SEES_DEAL),
    web(
        "write strategy",
        "post",
        page("strategy/"),
        CHANGES_DEAL,
        success=302,
        payload=lambda w: {"approach": "Matrix approach"},
    ),
    web(
        "log activity",
        "post",
        page("activities/"),
        CHANGES_DEAL,
        success=302,
        payload=lambda w: {"kind": "note", "subject": "Matrix note"},
    ),
    web(
        "complete someone else's task",
        "post",
        lambda w: f"/sales/activities/{w.task_id}/done/",
        CHANGES_DEAL,
        success=302,
    ),
    web("move by get", "get", page("move/"), NOBODY),
    web("pipelines page", "get", lambda w: "/sales/pipelines/", ADMIN),
    web("new pipeline form", "get", lambda w: "/sales/pipelines/new/", ADMIN),
    web("edit pipeline form", "get", lambda w: f"/sales/pipelines/{w.pipeline.pk}/", ADMIN),
    web(
        "edit pipeline",
        "post",
        lambda w: f"/sales/pipelines/{w.pipeline.pk}/",
        ADMIN,
        success=302,
        payload=lambda w: {
            "name": "Renamed pipeline",
            "is_default": "on",
            "is_active": "on",
            "stages-TOTAL_FORMS": "5",
            "stages-INITIAL_FORMS": "5",
            **{
                f"stages-{i}-{key}": value
                for i, stage in enumerate(w.pipeline.stages.order_by("order"))
                for key, value in {
                    "id": stage.pk,
                    "name": stage.name,
                    "probability": stage.probability,
                    "kind": stage.kind,
                }.items()
            },
        },
    ),
]


@pytest.mark.parametrize("endpoint", API_ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_deals_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role`` and Tessa's deal in a pipeline
    world = build_deal_world(role)
    before = deal_snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body
        if endpoint.shows_target and role not in endpoint.shows_target:
            assert DEAL_NAME.replace("'", "&#x27;") not in body
            assert DEAL_NAME not in body
        if role in endpoint.shows_target and response.status_code == 200:
            assert DEAL_NAME in body or DEAL_NAME.replace("'", "&#x27;") in body
    else:
        assert response.status_code in (403, 404, 405), body
        for secret in [DEAL_NAME, DEAL_NAME.replace("'", "&#x27;"), TARGET_NAME, "Secret task"]:
            assert secret not in body
        assert deal_snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


MATRIX = Matrix(build_deal_world, API_ENDPOINTS + WEB_ENDPOINTS)
