"""The internal-request endpoints: the queue with its filters, one request, raising on an
account and working it; errors in the one shape."""

from __future__ import annotations

import pytest

from tests.departments.world import Org, build_org, raise_request
from tests.factories import user_with
from twofold.accounts.models import Account
from twofold.activities.models import Activity
from twofold.departments.models import InternalRequest
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Org:
    return build_org()


def test_the_queue_lists_the_departments_requests_with_the_account_name_only(org, api_as):
    req = raise_request(org)
    raise_request(org, title="Support one", department="support")

    body = api_as(org.delivery).get("/api/v1/requests/").json()

    assert [row["id"] for row in body["results"]] == [req.pk]
    row = body["results"][0]
    assert row["account_name"] == "Acme Client"
    assert not {"annual_value", "relationship_owner", "contract", "deal"} & set(row)


def test_the_queue_filters_by_priority_and_view(org, api_as):
    raise_request(org, title="Low", priority="low")
    high = raise_request(org, title="High", priority="high")
    client = api_as(org.delivery)

    by_priority = client.get("/api/v1/requests/?priority=high").json()["results"]
    unassigned = client.get("/api/v1/requests/?view=mine").json()["results"]

    assert [row["id"] for row in by_priority] == [high.pk]
    assert unassigned == []


def test_an_account_manager_lists_the_requests_on_their_accounts_only(org, api_as):
    own = raise_request(org)
    raise_request(org, title="Someone else's", account=org.other_account)

    body = api_as(org.am).get("/api/v1/requests/").json()

    assert [row["id"] for row in body["results"]] == [own.pk]


def test_an_agent_has_no_request_list(org, api_as):
    response = api_as(user_with(Role.AGENT)).get("/api/v1/requests/")

    assert response.status_code == 403
    assert set(response.json()) == {"message", "code", "fields"}


def test_the_account_manager_raises_a_request_on_their_account(org, api_as):
    response = api_as(org.am).post(
        f"/api/v1/accounts/{org.account.pk}/requests/",
        {"department": "finance", "type": "billing", "title": "Split the invoice"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["priority"] == "normal"
    assert response.json()["department"] == "finance"
    assert Account.objects.get(pk=org.account.pk).open_requests == 1


def test_a_bad_department_is_named_in_the_error(org, api_as):
    response = api_as(org.am).post(
        f"/api/v1/accounts/{org.account.pk}/requests/",
        {"department": "marketing", "type": "billing", "title": "Split the invoice"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["department"]
    assert not InternalRequest.objects.exists()


def test_raising_on_someone_elses_account_is_not_found(org, api_as):
    response = api_as(org.am).post(
        f"/api/v1/accounts/{org.other_account.pk}/requests/",
        {"department": "finance", "type": "billing", "title": "Split the invoice"},
        format="json",
    )

    assert response.status_code == 404
    assert not InternalRequest.objects.exists()


def test_the_department_takes_starts_and_resolves_it(org, api_as):
    req = raise_request(org)
    client = api_as(org.delivery)

    taken = client.post(f"/api/v1/requests/{req.pk}/take/")
    started = client.post(f"/api/v1/requests/{req.pk}/start/")
    resolved = client.post(
        f"/api/v1/requests/{req.pk}/resolve/", {"outcome": "Done."}, format="json"
    )

    assert taken.json()["assignee_id"] == org.delivery.pk
    assert started.json()["status"] == "in_progress"
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["outcome"] == "Done."
    assert Activity.objects.get(account=org.account).body == "Done."


def test_resolving_twice_answers_400_with_the_reason(org, api_as):
    req = raise_request(org)
    client = api_as(org.delivery)
    client.post(f"/api/v1/requests/{req.pk}/resolve/", {"outcome": "Done."}, format="json")

    response = client.post(
        f"/api/v1/requests/{req.pk}/resolve/", {"outcome": "Again."}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "This request was resolved already."
    assert response.json()["code"] == "already_resolved"


def test_the_lead_assigns_by_id(org, api_as):
    req = raise_request(org)

    response = api_as(org.delivery_lead).post(
        f"/api/v1/requests/{req.pk}/assign/", {"assignee_id": org.delivery.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["assignee_id"] == org.delivery.pk


def test_assigning_to_an_outsider_is_refused_by_field(org, api_as):
    req = raise_request(org)

    response = api_as(org.delivery_lead).post(
        f"/api/v1/requests/{req.pk}/assign/", {"assignee_id": org.support.pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["assignee_id"]


def test_the_requester_withdraws_through_decline(org, api_as):
    req = raise_request(org)

    response = api_as(org.am).post(
        f"/api/v1/requests/{req.pk}/decline/", {"reason": "No longer needed."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "declined"


def test_another_department_gets_not_found(org, api_as):
    req = raise_request(org)

    response = api_as(org.support).post(
        f"/api/v1/requests/{req.pk}/resolve/", {"outcome": "Done."}, format="json"
    )

    assert response.status_code == 404


def test_the_queue_endpoint_costs_the_same_queries_with_more_rows(
    org, api_as, django_assert_max_num_queries
):
    client = api_as(org.delivery)
    raise_request(org)
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/requests/")
    for n in range(30):
        raise_request(org, title=f"Request {n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/requests/").status_code == 200
