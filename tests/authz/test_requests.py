"""The internal-request pages' and endpoints' rows of the authorization matrix.

The people matrix's world (an actor holding one role) gains Amy's client account with a
delivery request and a support request on it. An account manager or key account manager
actor owns the account; an account executive actor leads Amy's team; a BDM actor sold it
(read-only); a department member actor is a plain member of delivery (works delivery's
requests, not support's, assigns nothing). Agents, lead generators and sales leads see none
of it. A refused call answers 403 or 404, shows nothing of the requests and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.accounts.factories import AccountFactory, account_team, department_team
from tests.authz.harness import (
    ADMIN,
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
from twofold.accounts.models import Account
from twofold.activities.models import Activity
from twofold.departments import services
from twofold.departments.models import InternalRequest, RequestSla
from twofold.people.choices import Department, Role

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Matrix secret request"
SECRET_DETAILS = "Matrix secret details"
SUPPORT_TITLE = "Matrix support ticket"

DEPT = frozenset({Role.DEPARTMENT_MEMBER})
WORKS = ADMIN | DEPT
CARERS = frozenset({Role.ACCOUNT_MANAGER, Role.KEY_ACCOUNT_MANAGER, Role.ACCOUNT_EXECUTIVE})
RAISES = ADMIN | CARERS
SEES_ACCOUNT = RAISES | {Role.BDM}
SEES_REQUEST = SEES_ACCOUNT | DEPT
# The API's list reads the detail's scope: whoever may see a request at all gets a list.
LISTS = SEES_REQUEST | {Role.LEAD_GENERATOR, Role.SALES_LEAD}


@dataclass
class RequestWorld:
    people: World
    account: Account
    request: InternalRequest
    support_request: InternalRequest
    colleague_id: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def build_request_world(role: Role) -> RequestWorld:
    people = build_world(role)
    actor = people.actor
    amy = user_with(Role.ACCOUNT_MANAGER, full_name="Amy Owner")
    account_team(amy, lead=actor if role == Role.ACCOUNT_EXECUTIVE else None)
    owner = actor if role in (Role.ACCOUNT_MANAGER, Role.KEY_ACCOUNT_MANAGER) else amy
    seller = actor if role == Role.BDM else user_with(Role.BDM)
    account = AccountFactory(name="Matrix Client", relationship_owner=owner, seller=seller)
    colleague = user_with(Role.DEPARTMENT_MEMBER, full_name="Dan Delivery")
    delivery_members = [colleague] + ([actor] if role == Role.DEPARTMENT_MEMBER else [])
    department_team(Department.DELIVERY, *delivery_members)
    department_team(Department.SUPPORT, user_with(Role.DEPARTMENT_MEMBER))
    common = {"actor": None, "account": account, "raised_by": amy, "priority": "high"}
    request = services.request_raise(
        department="delivery", type="delivery", title=SECRET_TITLE, details=SECRET_DETAILS, **common
    )
    support_request = services.request_raise(
        department="support", type="support", title=SUPPORT_TITLE, **common
    )
    return RequestWorld(
        people=people,
        account=account,
        request=request,
        support_request=support_request,
        colleague_id=colleague.pk,
    )


def request_snapshot() -> dict[str, Any]:
    counts: dict[str, Any] = {
        "requests": InternalRequest.objects.count(),
        "request history": InternalRequest.history.count(),
        "sla": RequestSla.objects.count(),
        "sla history": RequestSla.history.count(),
        "timeline": Activity.objects.count(),
    }
    counts["open"] = list(Account.objects.order_by("pk").values_list("open_requests", flat=True))
    return counts


def req_api(suffix: str = "") -> Any:
    return lambda w: f"/api/v1/requests/{w.request.pk}/{suffix}"


def req_page(suffix: str = "") -> Any:
    return lambda w: f"/requests/{w.request.pk}/{suffix}"


RAISE = {"department": "legal", "type": "contract", "title": "Matrix raise", "priority": "low"}
SLA_FORM = {
    f"hours_{d}_{p}": h
    for d in Department.values
    for p, h in [("low", 120), ("normal", 48), ("high", 24), ("urgent", 4)]
} | {"hours_legal_urgent": 8}

API_ENDPOINTS = [
    api(
        "requests list",
        "get",
        lambda w: "/api/v1/requests/",
        LISTS,
        shows_target=SEES_REQUEST,
    ),
    api("request retrieve", "get", req_api(), SEES_REQUEST, shows_target=SEES_REQUEST),
    api(
        "other department's request retrieve",
        "get",
        lambda w: f"/api/v1/requests/{w.support_request.pk}/",
        SEES_ACCOUNT,
    ),
    api("take", "post", req_api("take/"), WORKS),
    api("start", "post", req_api("start/"), WORKS),
    api(
        "assign",
        "post",
        req_api("assign/"),
        ADMIN,
        payload=lambda w: {"assignee_id": w.colleague_id},
    ),
    api("resolve", "post", req_api("resolve/"), WORKS, payload=lambda w: {"outcome": "Done."}),
    api("decline", "post", req_api("decline/"), WORKS, payload=lambda w: {"reason": "No."}),
    api(
        "account's requests",
        "get",
        lambda w: f"/api/v1/accounts/{w.account.pk}/requests/",
        SEES_ACCOUNT,
        shows_target=SEES_ACCOUNT,
    ),
    api(
        "raise",
        "post",
        lambda w: f"/api/v1/accounts/{w.account.pk}/requests/",
        RAISES,
        success=201,
        payload=lambda w: RAISE,
    ),
    api("put a request", "put", req_api(), NOBODY, payload=lambda w: {"title": "x"}),
    api("delete a request", "delete", req_api(), NOBODY),
]

WEB_ENDPOINTS = [
    web("queue page", "get", lambda w: "/requests/", WORKS, shows_target=WORKS),
    web(
        "overdue queue page",
        "get",
        lambda w: "/requests/?view=overdue",
        WORKS,
    ),
    web("request page", "get", req_page(), SEES_REQUEST, shows_target=SEES_REQUEST),
    web(
        "other department's request page",
        "get",
        lambda w: f"/requests/{w.support_request.pk}/",
        SEES_ACCOUNT,
    ),
    web("take from the page", "post", req_page("take/"), WORKS, success=302),
    web("start from the page", "post", req_page("start/"), WORKS, success=302),
    web(
        "assign from the page",
        "post",
        req_page("assign/"),
        ADMIN,
        success=302,
        payload=lambda w: {"assignee": w.colleague_id},
    ),
    web(
        "resolve from the page",
        "post",
        req_page("resolve/"),
        WORKS,
        success=302,
        payload=lambda w: {"outcome": "Done."},
    ),
    web(
        "decline from the page",
        "post",
        req_page("decline/"),
        WORKS,
        success=302,
        payload=lambda w: {"reason": "No."},
    ),
    web("resolve by get", "get", req_page("resolve/"), NOBODY),
    web(
        "account's requests tab",
        "get",
        lambda w: f"/requests/account/{w.account.pk}/",
        SEES_ACCOUNT,
        shows_target=SEES_ACCOUNT,
    ),
    web(
        "raise from the tab",
        "post",
        lambda w: f"/requests/account/{w.account.pk}/",
        RAISES,
        success=302,
        payload=lambda w: RAISE,
    ),
    web("SLA page", "get", lambda w: "/requests/sla/", ADMIN),
    web(
        "save the SLA",
        "post",
        lambda w: "/requests/sla/",
        ADMIN,
        success=302,
        payload=lambda w: SLA_FORM,
    ),
]


@pytest.mark.parametrize("endpoint", API_ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_requests_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role`` and Amy's account with a delivery and a support request
    world = build_request_world(role)
    before = request_snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body
        if role in endpoint.shows_target:
            assert SECRET_TITLE in body
        if endpoint.shows_target and role not in endpoint.shows_target:
            assert SECRET_TITLE not in body
    else:
        assert response.status_code in (403, 404, 405), body
        for secret in [SECRET_TITLE, SECRET_DETAILS, SUPPORT_TITLE, "Matrix Client"]:
            assert secret not in body
        assert request_snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


MATRIX = Matrix(build_request_world, API_ENDPOINTS + WEB_ENDPOINTS)
