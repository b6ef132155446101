"""The care tabs' rows of the authorization matrix: every role x every route.

The world: a managed account ("Tessa's Secret Account") won by a BDM, cared for by an account
manager in a team led by an account executive, with a goal, a budget line, a project with a
milestone, a change request and renegotiated terms waiting for approval. The actor holding
one role is placed where that role meets the account: an account manager owns the
relationship, a key account manager owns the plan, an account executive leads the manager's
team, a BDM won the account (read-only), a sales lead leads the seller's team (read-only), a
department member works in product (client voice, no account), an agent and a lead
generator have nothing to do with it. A refused call answers 403/404, shows nothing of the
account and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.accounts.factories import AccountFactory, account_team, department_team
from tests.authz.harness import (
    NOBODY,
    Endpoint,
    Matrix,
    World,
    api,
    build_world,
    call,
    web,
)
from tests.factories import user_with
from twofold.accounts.models import (
    Account,
    BudgetLine,
    Feedback,
    Goal,
    Milestone,
    Project,
    SatisfactionResult,
    TermAmendment,
    VoiceRequest,
)
from twofold.accounts.services.amendments import amendment_propose
from twofold.accounts.services.budget import budget_line_create
from twofold.accounts.services.goals import goal_create
from twofold.accounts.services.projects import milestone_create, project_create
from twofold.accounts.services.voice import feedback_create
from twofold.people.choices import Department, Role
from twofold.people.models import TeamMembership

pytestmark = pytest.mark.django_db

ACCOUNT_NAME = "Tessa's Secret Account"
ESCAPED = ACCOUNT_NAME.replace("'", "&#x27;")

VIEWS = frozenset(
    {
        Role.ADMIN,
        Role.ACCOUNT_MANAGER,
        Role.KEY_ACCOUNT_MANAGER,
        Role.ACCOUNT_EXECUTIVE,
        Role.BDM,
        Role.SALES_LEAD,
    }
)
EDITS = frozenset(
    {Role.ADMIN, Role.ACCOUNT_MANAGER, Role.KEY_ACCOUNT_MANAGER, Role.ACCOUNT_EXECUTIVE}
)
APPROVES = frozenset({Role.ADMIN, Role.ACCOUNT_EXECUTIVE})
HEARS = frozenset({Role.ADMIN, Role.ACCOUNT_EXECUTIVE, Role.SALES_LEAD, Role.DEPARTMENT_MEMBER})
TRIAGES = frozenset({Role.ADMIN, Role.DEPARTMENT_MEMBER})
# Of those who hear the client's voice, who may read the account's name in it.
NAMES_IN_VOICE = HEARS & VIEWS
# One request's page: those who hear the voice and the carers who record it.
READS_REQUEST = HEARS | EDITS
NAMES_IN_REQUEST = READS_REQUEST & VIEWS
MERGES = frozenset({Role.ADMIN})


@dataclass
class CareWorld:
    people: World
    account: Account
    goal_id: int
    line_id: int
    project_id: int
    milestone_id: int
    feedback_id: int
    amendment_id: int
    request_id: int
    other_request_id: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def build_care_world(role: Role) -> CareWorld:
    people = build_world(role)
    actor = people.actor
    seller = actor if role == Role.BDM else people.target
    if role == Role.SALES_LEAD:
        people.team.lead = actor
        people.team.save()
    manager = actor if role == Role.ACCOUNT_MANAGER else user_with(Role.ACCOUNT_MANAGER)
    executive = actor if role == Role.ACCOUNT_EXECUTIVE else user_with(Role.ACCOUNT_EXECUTIVE)
    account_team(manager, lead=executive)
    if role == Role.DEPARTMENT_MEMBER:
        department_team(Department.PRODUCT, actor)
    account = AccountFactory(
        company__name=ACCOUNT_NAME,
        name=ACCOUNT_NAME,
        seller=seller,
        relationship_owner=manager,
        plan_owner=actor if role == Role.KEY_ACCOUNT_MANAGER else None,
        annual_value=Decimal(5000),
    )
    goal = goal_create(actor=None, account=account, horizon="short", title="Secret goal")
    line = budget_line_create(
        actor=None, account=account, year=2026, buying_centre="IT", amount=Decimal(100)
    )
    project = project_create(actor=None, account=account, name="Secret project", owner=manager)
    milestone = milestone_create(
        actor=None, project=project, title="Secret milestone", due_on=date(2026, 6, 1)
    )
    feedback = feedback_create(
        actor=manager, account=account, kind="product_change", title="Secret request"
    )
    other = feedback_create(
        actor=manager, account=account, kind="product_change", title="Another need"
    )
    # Proposed by the manager, so the actor (unless they are the manager) may decide it.
    amendment = amendment_propose(
        actor=manager, account=account, total=Decimal(900), instalment_count=12
    )
    if role == Role.LEAD_GENERATOR:
        TeamMembership.objects.create(team=people.team, user=actor)
    return CareWorld(
        people=people,
        account=account,
        goal_id=goal.pk,
        line_id=line.pk,
        project_id=project.pk,
        milestone_id=milestone.pk,
        feedback_id=feedback.pk,
        amendment_id=amendment.pk,
        request_id=feedback.request_id,
        other_request_id=other.request_id,
    )


def care_snapshot() -> dict[str, int]:
    historied = [
        Account,
        Goal,
        BudgetLine,
        Project,
        Milestone,
        Feedback,
        SatisfactionResult,
        TermAmendment,
        VoiceRequest,
    ]
    counts = {model.__name__: model.objects.count() for model in historied}
    counts |= {f"{model.__name__} history": model.history.count() for model in historied}
    return counts


def acc(suffix: str, prefix: str = "/accounts") -> Any:
    return lambda w: f"{prefix}/{w.account.pk}/{suffix}".format(w=w)


def rest(suffix: str) -> Any:
    return acc(suffix, "/api/v1/accounts")


GOAL = {"horizon": "long", "title": "Matrix goal", "status": "open", "progress": 10}
LINE = {"year": 2027, "buying_centre": "Matrix", "amount": "10.00", "currency": "EUR"}
FEEDBACK = {"kind": "feedback", "title": "Matrix feedback"}
SURVEY = {"kind": "nps", "score": 9}
TERMS = {"total": "800.00", "currency": "EUR", "discount_percent": "0", "net_days": 30}
TERMS_WEB = TERMS | {"instalment_count": 1}


def project_web(w: CareWorld) -> dict[str, Any]:
    return {"name": "Matrix project", "owner": w.actor.pk}


def milestone_web(w: CareWorld) -> dict[str, Any]:
    return {"title": "Matrix milestone", "due_on": "2026-07-01"}


API_ENDPOINTS = [
    api("goals read", "get", rest("goals/"), VIEWS, shows_target=NOBODY),
    api("goal add", "post", rest("goals/"), EDITS, success=201, payload=lambda w: GOAL),
    api(
        "goal update",
        "patch",
        rest("goals/{w.goal_id}/"),
        EDITS,
        payload=lambda w: {"progress": 50},
    ),
    api("budget read", "get", rest("budget/"), VIEWS),
    api("budget add", "post", rest("budget/"), EDITS, success=201, payload=lambda w: LINE),
    api(
        "budget change",
        "patch",
        rest("budget/{w.line_id}/"),
        EDITS,
        payload=lambda w: {"amount": "120.00"},
    ),
    api("projects read", "get", rest("projects/"), VIEWS),
    api(
        "project plan",
        "post",
        rest("projects/"),
        EDITS,
        success=201,
        payload=lambda w: {"name": "Matrix project"},
    ),
    api(
        "project change",
        "patch",
        rest("projects/{w.project_id}/"),
        EDITS,
        payload=lambda w: {"status": "active"},
    ),
    api(
        "milestone add",
        "post",
        rest("projects/{w.project_id}/milestones/"),
        EDITS,
        success=201,
        payload=lambda w: {"title": "Matrix milestone", "due_on": "2026-07-01"},
    ),
    api(
        "milestone change",
        "patch",
        rest("milestones/{w.milestone_id}/"),
        EDITS,
        payload=lambda w: {"status": "done"},
    ),
    api("feedback read", "get", rest("feedback/"), VIEWS),
    api(
        "feedback record", "post", rest("feedback/"), EDITS, success=201, payload=lambda w: FEEDBACK
    ),
    api("satisfaction read", "get", rest("satisfaction/"), VIEWS),
    api(
        "satisfaction record",
        "post",
        rest("satisfaction/"),
        EDITS,
        success=201,
        payload=lambda w: SURVEY,
    ),
    api("terms read", "get", rest("terms/"), VIEWS),
    api("terms propose", "post", rest("terms/"), EDITS, success=201, payload=lambda w: TERMS),
    api(
        "amendment decide",
        "post",
        rest("terms/{w.amendment_id}/decide/"),
        APPROVES,
        payload=lambda w: {"approve": True},
    ),
    api(
        "client voice",
        "get",
        lambda w: "/api/v1/client-voice/",
        HEARS,
        shows_target=NAMES_IN_VOICE,
    ),
    api(
        "client voice triage",
        "post",
        lambda w: f"/api/v1/client-voice/{w.feedback_id}/triage/",
        TRIAGES,
        payload=lambda w: {"status": "planned", "response": "Matrix"},
    ),
    api(
        "client voice request",
        "get",
        lambda w: f"/api/v1/client-voice/requests/{w.request_id}/",
        READS_REQUEST,
        shows_target=NAMES_IN_REQUEST,
    ),
    api(
        "client voice request merge",
        "post",
        lambda w: f"/api/v1/client-voice/requests/{w.request_id}/merge/",
        MERGES,
        payload=lambda w: {"into_id": w.other_request_id},
    ),
    api(
        "amendment approvals",
        "get",
        lambda w: "/api/v1/amendment-approvals/",
        APPROVES,
        shows_target=APPROVES,
    ),
    api("goal delete", "delete", rest("goals/{w.goal_id}/"), NOBODY),
]

WEB_ENDPOINTS = [
    web("goals page", "get", acc("goals/"), VIEWS, shows_target=VIEWS),
    web("goal add", "post", acc("goals/"), EDITS, success=302, payload=lambda w: GOAL),
    web("goal form", "get", acc("goals/{w.goal_id}/"), EDITS, shows_target=EDITS),
    web(
        "goal update",
        "post",
        acc("goals/{w.goal_id}/"),
        EDITS,
        success=302,
        payload=lambda w: GOAL | {"title": "Secret goal"},
    ),
    web("budget page", "get", acc("budget/"), VIEWS, shows_target=VIEWS),
    web("budget add", "post", acc("budget/"), EDITS, success=302, payload=lambda w: LINE),
    web("budget line form", "get", acc("budget/{w.line_id}/"), EDITS, shows_target=EDITS),
    web(
        "budget line change",
        "post",
        acc("budget/{w.line_id}/"),
        EDITS,
        success=302,
        payload=lambda w: LINE | {"year": 2026, "buying_centre": "IT"},
    ),
    web("projects page", "get", acc("projects/"), VIEWS, shows_target=VIEWS),
    web("project plan", "post", acc("projects/"), EDITS, success=302, payload=project_web),
    web("project form", "get", acc("projects/{w.project_id}/"), EDITS, shows_target=EDITS),
    web(
        "project change",
        "post",
        acc("projects/{w.project_id}/"),
        EDITS,
        success=302,
        payload=lambda w: project_web(w) | {"status": "active"},
    ),
    web(
        "milestone add",
        "post",
        acc("projects/{w.project_id}/milestones/"),
        EDITS,
        success=302,
        payload=milestone_web,
    ),
    web("milestone form", "get", acc("milestones/{w.milestone_id}/"), EDITS, shows_target=EDITS),
    web(
        "milestone change",
        "post",
        acc("milestones/{w.milestone_id}/"),
        EDITS,
        success=302,
        payload=lambda w: milestone_web(w) | {"status": "done"},
    ),
    web("feedback page", "get", acc("feedback/"), VIEWS, shows_target=VIEWS),
    web(
        "feedback record", "post", acc("feedback/"), EDITS, success=302, payload=lambda w: FEEDBACK
    ),
    web("satisfaction page", "get", acc("satisfaction/"), VIEWS, shows_target=VIEWS),
    web(
        "satisfaction record",
        "post",
        acc("satisfaction/"),
        EDITS,
        success=302,
        payload=lambda w: SURVEY,
    ),
    web("terms page", "get", acc("terms/"), VIEWS, shows_target=VIEWS),
    web("terms propose", "post", acc("terms/"), EDITS, success=302, payload=lambda w: TERMS_WEB),
    web(
        "amendment decide",
        "post",
        acc("terms/{w.amendment_id}/decide/"),
        APPROVES,
        success=302,
        payload=lambda w: {"decision": "approve"},
    ),
    web(
        "client voice page",
        "get",
        lambda w: "/accounts/client-voice/",
        HEARS,
        shows_target=NAMES_IN_VOICE,
    ),
    web(
        "client voice triage",
        "post",
        lambda w: f"/accounts/client-voice/{w.feedback_id}/triage/",
        TRIAGES,
        success=302,
        payload=lambda w: {"status": "planned", "response": "Matrix"},
    ),
    web(
        "client voice request page",
        "get",
        lambda w: f"/accounts/client-voice/requests/{w.request_id}/",
        READS_REQUEST,
        shows_target=NAMES_IN_REQUEST,
    ),
    web(
        "client voice request matches",
        "get",
        lambda w: "/accounts/client-voice/requests/matches/?title=secret",
        READS_REQUEST,
        shows_target=NOBODY,
    ),
    web(
        "client voice request merge",
        "post",
        lambda w: f"/accounts/client-voice/requests/{w.request_id}/merge/",
        MERGES,
        success=302,
        payload=lambda w: {"into": w.other_request_id},
    ),
    web(
        "amendment approvals page",
        "get",
        lambda w: "/accounts/amendments/",
        APPROVES,
        shows_target=APPROVES,
    ),
    web("decide by get", "get", acc("terms/{w.amendment_id}/decide/"), NOBODY),
]


@pytest.mark.parametrize("endpoint", API_ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_care_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role``, placed where that role meets the account
    world = build_care_world(role)
    before = care_snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body
        if role in endpoint.shows_target:
            assert ACCOUNT_NAME in body or ESCAPED in body
        elif endpoint.shows_target:
            assert ACCOUNT_NAME not in body
            assert ESCAPED not in body
    else:
        assert response.status_code in (403, 404, 405), body
        for secret in [ACCOUNT_NAME, ESCAPED, "Secret goal", "Secret project"]:
            assert secret not in body
        assert care_snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


MATRIX = Matrix(build_care_world, API_ENDPOINTS + WEB_ENDPOINTS)
