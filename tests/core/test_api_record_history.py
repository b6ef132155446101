"""Every main record answers ``GET …/{id}/history/`` with its changes as JSON, and a path no
endpoint answers is a JSON 404 in the API's error shape, never Django's HTML page."""

from __future__ import annotations

import pytest

from tests.accounts.factories import cared_account
from tests.factories import user_with
from tests.handover.helpers import won_package
from tests.sales.factories import LeadFactory, open_deal, sales_team
from twofold.people.choices import Role
from twofold.sales.services.strategy import deal_strategy_set

pytestmark = pytest.mark.django_db

NOT_FOUND = {"message": "Not found.", "code": "not_found", "fields": {}}


def history_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_a_deals_history_lists_its_changes_and_its_strategy_versions(api_as):
    owner = user_with(Role.BDM)
    sales_lead = user_with(Role.SALES_LEAD)
    sales_team(owner, lead=sales_lead)
    deal = open_deal(owner, stage="Proposal")
    deal_strategy_set(
        actor=sales_lead,
        opportunity=deal,
        approach="Lead with the pilot",
        key_messages="",
        risks="",
        next_steps="",
    )

    entries = history_of(api_as(owner), f"/api/v1/opportunities/{deal.pk}/history/")

    subjects = {entry["subject"] for entry in entries}
    assert {"Deal", "Strategy"} <= subjects
    assert any(change["field"] == "stage" for e in entries for change in e["changes"])


def test_a_leads_history_names_who_changed_it(api_as):
    owner = user_with(Role.LEAD_GENERATOR, full_name="Lena Generator")
    lead = LeadFactory(owner=owner)
    client = api_as(owner)
    client.patch(f"/api/v1/leads/{lead.pk}/", {"phone": "+49 30 1234"}, format="json")

    entries = history_of(client, f"/api/v1/leads/{lead.pk}/history/")

    assert entries[0]["actor_name"] == "Lena Generator"
    assert entries[0]["source"] == "api"


def test_an_accounts_history_answers_json(api_as):
    account, manager, _ = cared_account()

    entries = history_of(api_as(manager), f"/api/v1/accounts/{account.pk}/history/")

    assert isinstance(entries, list)


def test_a_handovers_history_shows_its_creation(api_as):
    package = won_package()

    entries = history_of(api_as(package.seller), f"/api/v1/handovers/{package.pk}/history/")

    assert entries[-1]["action"] == "created"
    assert entries[-1]["subject"] == "Hand-over"


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("leads", Role.LEAD_GENERATOR),
        ("opportunities", Role.BDM),
        ("accounts", Role.ACCOUNT_MANAGER),
        ("handovers", Role.ACCOUNT_MANAGER),
    ],
)
def test_the_history_of_a_record_one_may_not_see_is_a_json_404(api_as, kind, role):
    stranger = user_with(role)

    response = api_as(stranger).get(f"/api/v1/{kind}/999999/history/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing/", "/api/v1/opportunities/1/no-such-action/", "/api/nope"]
)
def test_a_path_no_endpoint_answers_is_a_json_404(api_as, path):
    response = api_as(user_with(Role.BDM)).get(path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_page_outside_the_api_keeps_the_html_404(client):
    user = user_with(Role.BDM)
    client.force_login(user)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
