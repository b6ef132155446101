"""The hand-over pages' and endpoints' rows of the authorization matrix: every role x every
route.

Tessa (a BDM in the people matrix's sales team) sold three customers whose hand-overs go to
Rex, an account manager in Ed's account-management team: one a draft, one submitted, one sent
back with questions. A sales-lead actor leads Tessa's team (fills in, submits, answers,
routes); an account-manager actor *is* Rex's colleague and the receiver of all three (accepts
and sends back); an account executive who leads no team, the other sellers, an agent and a key
account manager see none of them; a department member has no hand-over list at all. A refused
call answers 403 or 404, shows nothing of the hand-overs and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.accounts.factories import account_team
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
)
from tests.factories import user_with
from tests.handover.helpers import FILLED
from tests.sales.factories import CompanyFactory, deal_for
from twofold.accounts.choices import AccountStatus
from twofold.accounts.models import Account, AccountPolicy, Goal, OwnershipEvent
from twofold.activities.models import Activity
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage, HandoverRound, RoutingRule
from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES, Role
from twofold.people.models import TeamMembership

pytestmark = pytest.mark.django_db

SECRET = "Zebra-secret goal"
LISTS = (ACCOUNT_ROLES | SALES_ROLES | {Role.ADMIN, Role.AGENT}) - {Role.DEPARTMENT_MEMBER}
SEES = frozenset({Role.ADMIN, Role.SALES_LEAD, Role.ACCOUNT_MANAGER})
FILLS = frozenset({Role.ADMIN, Role.SALES_LEAD})
DECIDES = frozenset({Role.ACCOUNT_MANAGER})
REPORTS = frozenset({Role.ADMIN, Role.SALES_LEAD, Role.ACCOUNT_EXECUTIVE})


@dataclass
class HandoverWorld:
    people: World
    draft: HandoverPackage
    submitted: HandoverPackage
    sent_back: HandoverPackage
    other_manager_id: int
    rule_id: int
    team_id: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def _package(seller: Any, receiver: Any, status: HandoverStatus, n: int) -> HandoverPackage:
    company = CompanyFactory(name=f"Tessa's Secret Customer {n}")
    deal = deal_for(seller, company=company, name=f"Tessa's won deal {n}")
    account = Account.objects.create(
        company=company, name=company.name, status=AccountStatus.IN_HANDOVER, seller=seller
    )
    package = HandoverPackage.objects.create(
        opportunity=deal, account=account, seller=seller, receiver=receiver, status=status, **FILLED
    )
    HandoverPackage.objects.filter(pk=package.pk).update(short_term_goals=SECRET)
    package.refresh_from_db()
    return package


def build_handover_world(role: Role) -> HandoverWorld:
    people = build_world(role)
    if role == Role.SALES_LEAD:
        people.team.lead = people.actor
        people.team.save()
    elif role in (Role.BDM, Role.LEAD_GENERATOR):
        TeamMembership.objects.create(team=people.team, user=people.actor)
    if role == Role.ACCOUNT_MANAGER:
        receiver = people.actor
    else:
        receiver = user_with(Role.ACCOUNT_MANAGER, full_name="Rex Receiver")
    other = user_with(Role.ACCOUNT_MANAGER, full_name="Rhea Other")
    team = account_team(receiver, other)
    AccountPolicy.current()
    from django.utils import timezone

    draft = _package(people.target, receiver, HandoverStatus.DRAFT, 1)
    submitted = _package(people.target, receiver, HandoverStatus.SUBMITTED, 2)
    HandoverPackage.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.now(), first_submitted_at=timezone.now()
    )
    sent_back = _package(people.target, receiver, HandoverStatus.SENT_BACK, 3)
    HandoverRound.objects.create(
        package=sent_back, number=1, questions="Who signs?", asked_by=receiver
    )
    rule = RoutingRule.objects.create(name="Retail rule", industry="Retail", team=team)
    return HandoverWorld(
        people=people,
        draft=draft,
        submitted=submitted,
        sent_back=sent_back,
        other_manager_id=other.pk,
        rule_id=rule.pk,
        team_id=team.pk,
    )


def snapshot() -> dict[str, int]:
    plain = [HandoverRound, OwnershipEvent, Activity]
    historied = [HandoverPackage, Account, Goal, RoutingRule, AccountPolicy]
    counts = {model.__name__: model.objects.count() for model in plain + historied}
    counts |= {f"{model.__name__} history": model.history.count() for model in historied}
    return counts


def web(name, method, url, allowed, **kwargs):
    return Endpoint(name, method, url, allowed, client_kind="web", success=302, **kwargs)


def page(name, url, allowed, **kwargs):
    return Endpoint(name, "get", url, allowed, client_kind="web", **kwargs)


def one(state: str, suffix: str = "", prefix: str = "/api/v1/handovers/") -> Any:
    return lambda w: f"{prefix}{getattr(w, state).pk}/{suffix}"


def web_one(state: str, suffix: str = "") -> Any:
    return one(state, suffix, prefix="/handovers/")


API_ENDPOINTS = [
    api("handover list", "get", lambda w: "/api/v1/handovers/", LISTS, shows_target=SEES),
    api(
        "handover overdue list",
        "get",
        lambda w: "/api/v1/handovers/?tab=overdue",
        LISTS,
    ),
    api("handover retrieve", "get", one("draft"), SEES, shows_target=SEES),
    api("handover history", "get", one("draft", "history/"), SEES, shows_target=SEES),
    api(
        "handover patch",
        "patch",
        one("draft"),
        FILLS,
        payload=lambda w: {"risks": "Matrix risk"},
        shows_target=FILLS,
    ),
    api("handover delete", "delete", one("draft"), NOBODY),
    api("handover submit", "post", one("draft", "submit/"), FILLS, shows_target=FILLS),
    api(
        "handover route",
        "post",
        one("draft", "route/"),
        FILLS,
        payload=lambda w: {"receiver_id": w.other_manager_id},
        shows_target=FILLS,
    ),
    api("handover accept", "post", one("submitted", "accept/"), DECIDES, shows_target=DECIDES),
    api(
        "handover send back",
        "post",
        one("submitted", "send-back/"),
        DECIDES,
        payload=lambda w: {"questions": "Matrix question?"},
        shows_target=DECIDES,
    ),
    api(
        "handover answer",
        "post",
        one("sent_back", "answer/"),
        FILLS,
        payload=lambda w: {"answer": "Matrix answer."},
        shows_target=FILLS,
    ),
    api("handover report", "get", lambda w: "/api/v1/handovers/report/", REPORTS),
]

WEB_ENDPOINTS = [
    page("list page", lambda w: "/handovers/", LISTS, shows_target=SEES),
    page("overdue page", lambda w: "/handovers/?tab=overdue", LISTS),
    page("detail page", web_one("draft"), SEES, shows_target=SEES),
    page("edit page", web_one("draft", "edit/"), FILLS, shows_target=FILLS),
    web(
        "edit post",
        "post",
        web_one("draft", "edit/"),
        FILLS,
        payload=lambda w: FILLED | {"risks": "Matrix risk", "then": "save"},
    ),
    web("submit post", "post", web_one("draft", "submit/"), FILLS),
    web(
        "route post",
        "post",
        web_one("draft", "route/"),
        FILLS,
        payload=lambda w: {"receiver": w.other_manager_id},
    ),
    web("accept post", "post", web_one("submitted", "accept/"), DECIDES),
    web(
        "send back post",
        "post",
        web_one("submitted", "send-back/"),
        DECIDES,
        payload=lambda w: {"questions": "Matrix question?"},
    ),
    web(
        "answer post",
        "post",
        web_one("sent_back", "answer/"),
        FILLS,
        payload=lambda w: {"answer": "Matrix answer."},
    ),
    page("report page", lambda w: "/handovers/report/", REPORTS),
    page("settings page", lambda w: "/handovers/settings/", ADMIN),
    web(
        "settings policy post",
        "post",
        lambda w: "/handovers/settings/",
        ADMIN,
        payload=lambda w: {
            "form": "policy",
            "handover_sla_hours": 12,
            "shared_window_days": 7,
            "key_account_min_value": "50000",
        },
    ),
    web(
        "settings rule post",
        "post",
        lambda w: "/handovers/settings/",
        ADMIN,
        payload=lambda w: {"form": "rule", "name": "Matrix rule", "order": 1, "team": w.team_id},
    ),
    page("rule edit page", lambda w: f"/handovers/settings/rules/{w.rule_id}/", ADMIN),
    web(
        "rule edit post",
        "post",
        lambda w: f"/handovers/settings/rules/{w.rule_id}/",
        ADMIN,
        payload=lambda w: {"name": "Renamed", "order": 2, "team": w.team_id, "is_active": "on"},
    ),
]

SECRETS = [SECRET, "Tessa&#x27;s Secret Customer", "Tessa's Secret Customer", TARGET_NAME]


@pytest.mark.parametrize("endpoint", API_ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_handover_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role`` and Tessa's three hand-overs to Rex (or to them)
    world = build_handover_world(role)
    before = snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body
        if role not in endpoint.shows_target:
            for secret in SECRETS[:3]:
                assert secret not in body
        elif response.status_code == 200:
            assert any(secret in body for secret in SECRETS[:3])
    else:
        assert response.status_code in (403, 404, 405), body
        for secret in SECRETS:
            assert secret not in body
        assert snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


MATRIX = Matrix(build_handover_world, API_ENDPOINTS + WEB_ENDPOINTS)
