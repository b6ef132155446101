"""The portfolio's and account page's rows of the authorization matrix: every role x every route.

The world: "Secret Account Ltd", looked after by Amy (an account manager in a team), sold by
Tessa (a BDM; by the actor when the actor is a BDM) whose shared window has ended, with a
contact and a logged call. An account executive actor leads Amy's team (sees, works and
reassigns the account); a sales lead actor leads Tessa's team and a BDM actor sold it (both see
it read-only, and may not even add a note after the window); an account manager or key account
manager actor owns nothing here (sees none of it); a lead generator sees no account; agents and
department members get no portfolio at all. A refused call answers 403 or 404, shows nothing of
the account and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.accounts.factories import AccountFactory, account_team
from tests.authz.harness import (
    Endpoint,
    Matrix,
    World,
    api,
    build_world,
    call,
    web,
)
from tests.factories import user_with
from twofold.accounts.models import Account, AccountContact, OwnershipEvent
from twofold.accounts.services.contacts import account_contact_add
from twofold.accounts.services.interactions import interaction_log
from twofold.activities.models import Activity
from twofold.parties.models import Contact
from twofold.people.choices import Role
from twofold.people.models import TeamMembership

pytestmark = pytest.mark.django_db

ACCOUNT_NAME = "Secret Account Ltd"
SECRETS = [ACCOUNT_NAME, "Connie Contact", "Secret call"]

LISTS = frozenset(
    {
        Role.ADMIN,
        Role.ACCOUNT_MANAGER,
        Role.KEY_ACCOUNT_MANAGER,
        Role.ACCOUNT_EXECUTIVE,
        Role.LEAD_GENERATOR,
        Role.BDM,
        Role.SALES_LEAD,
    }
)
SEES = frozenset({Role.ADMIN, Role.ACCOUNT_EXECUTIVE, Role.BDM, Role.SALES_LEAD})
WORKS = frozenset({Role.ADMIN, Role.ACCOUNT_EXECUTIVE})
REPORT = frozenset({Role.ADMIN, Role.ACCOUNT_EXECUTIVE, Role.SALES_LEAD})


@dataclass
class AccountWorld:
    people: World
    account: Account
    link: AccountContact
    nina_id: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.people, name)


def build_account_world(role: Role) -> AccountWorld:
    people = build_world(role)
    amy = user_with(Role.ACCOUNT_MANAGER, full_name="Amy Owner")
    nina = user_with(Role.ACCOUNT_MANAGER, full_name="Nina Next")
    account_team(amy, nina, lead=people.actor if role == Role.ACCOUNT_EXECUTIVE else None)
    if role == Role.SALES_LEAD:
        people.team.lead = people.actor
        people.team.save()
    seller = people.actor if role == Role.BDM else people.target
    if role == Role.BDM:
        TeamMembership.objects.create(team=people.team, user=people.actor)
    account = AccountFactory(
        name=ACCOUNT_NAME,
        relationship_owner=amy,
        seller=seller,
        shared_until=timezone.now() - timedelta(days=1),
    )
    link = account_contact_add(
        actor=None, account=account, role="champion", full_name="Connie Contact"
    )
    interaction_log(actor=None, account=account, kind="call", subject="Secret call")
    return AccountWorld(people=people, account=account, link=link, nina_id=nina.pk)


def snapshot() -> dict[str, int]:
    counts = {
        model.__name__: model.objects.count()
        for model in (Activity, AccountContact, Contact, OwnershipEvent)
    }
    counts |= {
        f"{model.__name__} history": model.history.count()
        for model in (Account, AccountContact, Contact)
    }
    return counts


def acc_api(suffix: str = "") -> Any:
    return lambda w: f"/api/v1/accounts/{w.account.pk}/{suffix}"


def acc_page(suffix: str = "") -> Any:
    return lambda w: f"/accounts/{w.account.pk}/{suffix}"


def contact_api(w: AccountWorld) -> str:
    return f"/api/v1/accounts/{w.account.pk}/contacts/{w.link.pk}/"


def contact_page(suffix: str = "") -> Any:
    return lambda w: f"/accounts/{w.account.pk}/contacts/{w.link.pk}/{suffix}"


API_ENDPOINTS = [
    api("portfolio", "get", lambda w: "/api/v1/accounts/", LISTS, shows_target=SEES),
    api(
        "portfolio search",
        "get",
        lambda w: "/api/v1/accounts/?q=secret",
        LISTS,
        shows_target=SEES,
    ),
    api("account", "get", acc_api(), SEES, shows_target=SEES),
    api("account history", "get", acc_api("history/"), SEES),
    api("account delete", "delete", acc_api(), frozenset()),
    api("interactions", "get", acc_api("interactions/"), SEES),
    api(
        "log a call",
        "post",
        acc_api("interactions/"),
        WORKS,
        success=201,
        payload=lambda w: {"kind": "call", "subject": "Matrix call"},
    ),
    api(
        "add a note after the window",
        "post",
        acc_api("interactions/"),
        WORKS,
        success=201,
        payload=lambda w: {"kind": "note", "subject": "Matrix note"},
    ),
    api("contacts", "get", acc_api("contacts/"), SEES, shows_target=frozenset()),
    api(
        "add a contact",
        "post",
        acc_api("contacts/"),
        WORKS,
        success=201,
        payload=lambda w: {"full_name": "Matrix Person", "role": "user"},
    ),
    api(
        "change a contact",
        "patch",
        contact_api,
        WORKS,
        payload=lambda w: {"role": "buyer"},
    ),
    api("remove a contact", "delete", contact_api, WORKS, success=204),
    api(
        "reassign",
        "post",
        acc_api("reassign/"),
        WORKS,
        payload=lambda w: {"new_owner_id": w.nina_id, "reason": "Matrix"},
        shows_target=WORKS,
    ),
    api("ownership events", "get", lambda w: "/api/v1/ownership-events/", REPORT),
]

WEB_ENDPOINTS = [
    web("portfolio page", "get", lambda w: "/accounts/", LISTS, shows_target=SEES),
    web("account page", "get", acc_page(), SEES, shows_target=SEES),
    web(
        "older timeline",
        "get",
        lambda w: f"/accounts/{w.account.pk}/?before=WyIyMDk5LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwgOTld",
        SEES,
        shows_target=SEES,
    ),
    web(
        "quick-log a call",
        "post",
        acc_page("interactions/"),
        WORKS,
        success=302,
        payload=lambda w: {"kind": "call", "subject": "Matrix call"},
    ),
    web(
        "quick-log a note after the window",
        "post",
        acc_page("interactions/"),
        WORKS,
        success=302,
        payload=lambda w: {"kind": "note", "subject": "Matrix note"},
    ),
    web("quick-log by get", "get", acc_page("interactions/"), frozenset()),
    web("add contact form", "get", acc_page("contacts/new/"), WORKS, shows_target=WORKS),
    web(
        "add contact",
        "post",
        acc_page("contacts/new/"),
        WORKS,
        success=302,
        payload=lambda w: {"full_name": "Matrix Person", "role": "user"},
    ),
    web("edit contact form", "get", contact_page(), WORKS, shows_target=WORKS),
    web(
        "edit contact",
        "post",
        contact_page(),
        WORKS,
        success=302,
        payload=lambda w: {"role": "buyer"},
    ),
    web("remove contact", "post", contact_page("remove/"), WORKS, success=302),
    web("reassign form", "get", acc_page("reassign/"), WORKS, shows_target=WORKS),
    web(
        "reassign",
        "post",
        acc_page("reassign/"),
        WORKS,
        success=302,
        payload=lambda w: {"new_owner": w.nina_id, "reason": "Matrix"},
    ),
    web("ownership report", "get", lambda w: "/accounts/ownership/", REPORT),
    web("ownership csv", "get", lambda w: "/accounts/ownership/?format=csv", REPORT),
]


@pytest.mark.parametrize("endpoint", API_ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_portfolio_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role`` and Amy's account, sold by Tessa (or the actor)
    world = build_account_world(role)
    before = snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, text
        if endpoint.shows_target and role not in endpoint.shows_target:
            assert ACCOUNT_NAME not in text
        if role in endpoint.shows_target:
            assert ACCOUNT_NAME in text
    else:
        assert response.status_code in (403, 404, 405), text
        for secret in SECRETS:
            assert secret not in text
        assert snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


def test_the_seller_is_told_why_their_late_note_is_refused():
    world = build_account_world(Role.BDM)
    endpoint = API_ENDPOINTS[6]

    response = call(endpoint, world)

    assert response.status_code == 403
    assert "the account belongs to Amy Owner now" in response.json()["message"]


MATRIX = Matrix(build_account_world, API_ENDPOINTS + WEB_ENDPOINTS)
