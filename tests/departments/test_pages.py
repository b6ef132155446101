"""The request pages: the department queue, one request, the account's requests tab and the
SLA settings; what a department member sees (the account's name, nothing else)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.departments.world import Org, build_org, raise_request
from tests.factories import user_with
from tests.sales.factories import deal_for
from twofold.accounts.models import Account, Contract
from twofold.activities.models import Activity
from twofold.departments import services
from twofold.departments.choices import RequestStatus
from twofold.departments.models import InternalRequest, RequestSla
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Org:
    return build_org()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The queue ------------------------------------------------------------------------------


def test_a_department_member_sees_their_departments_open_requests(org):
    raise_request(org, title="Install the kiosk")
    raise_request(org, title="Printer broken", department="support")

    body = as_user(org.delivery).get("/requests/").content.decode()

    assert "Install the kiosk" in body
    assert "Printer broken" not in body


def test_the_queue_is_ordered_by_due_date(org):
    raise_request(org, title="Low one", priority="low")
    raise_request(org, title="Urgent one", priority="urgent")

    body = as_user(org.delivery).get("/requests/").content.decode()

    assert body.index("Urgent one") < body.index("Low one")


def test_the_overdue_view_shows_only_overdue_requests_highlighted(org):
    late = raise_request(org, title="Late one")
    InternalRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    raise_request(org, title="Fresh one")

    body = as_user(org.delivery).get("/requests/?view=overdue").content.decode()

    assert "Late one" in body
    assert "Fresh one" not in body
    assert "rq-overdue" in body


def test_the_mine_and_unassigned_views_split_by_assignee(org):
    taken = raise_request(org, title="Taken one")
    services.request_take(actor=org.delivery, request=taken)
    raise_request(org, title="Free one")
    client = as_user(org.delivery)

    mine = client.get("/requests/?view=mine").content.decode()
    unassigned = client.get("/requests/?view=unassigned").content.decode()

    assert "Taken one" in mine
    assert "Free one" not in mine
    assert "Free one" in unassigned
    assert "Taken one" not in unassigned


def test_resolved_requests_leave_the_open_view_for_the_resolved_one(org):
    req = raise_request(org, title="Finished one")
    services.request_resolve(actor=org.delivery, request=req, outcome="Done.")
    client = as_user(org.delivery)

    assert "Finished one" not in client.get("/requests/").content.decode()
    assert "Finished one" in client.get("/requests/?view=closed").content.decode()


def test_the_priority_filter_narrows_the_queue(org):
    raise_request(org, title="Low one", priority="low")
    raise_request(org, title="High one", priority="high")

    body = as_user(org.delivery).get("/requests/?priority=high").content.decode()

    assert "High one" in body
    assert "Low one" not in body


def test_an_empty_queue_says_so(org):
    body = as_user(org.delivery).get("/requests/").content.decode()

    assert "No requests here." in body


@pytest.mark.parametrize("who", ["am", "ae", "seller"])
def test_the_queue_is_for_departments_only(org, who):
    assert as_user(getattr(org, who)).get("/requests/").status_code == 403


def test_the_queue_costs_the_same_number_of_queries_with_more_rows(
    org, django_assert_max_num_queries
):
    client = as_user(org.delivery)
    raise_request(org)
    with django_assert_max_num_queries(12) as few:
        client.get("/requests/")
    for n in range(30):
        raise_request(org, title=f"Request {n}")
        raise_request(org, title=f"Other {n}", account=org.other_account)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/requests/")

    assert response.status_code == 200


# --- What a department member does not see --------------------------------------------------


def test_the_queue_and_request_page_show_no_deal_or_contract_value(org):
    deal_for(org.seller, name="Acme Secret Expansion", company=org.account.company)
    Contract.objects.create(
        account=org.account,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=365),
        value="987654.00",
        currency="EUR",
    )
    Account.objects.filter(pk=org.account.pk).update(annual_value="987654.00")
    req = raise_request(org)
    client = as_user(org.delivery)

    pages = [client.get("/requests/"), client.get(f"/requests/{req.pk}/")]

    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert "Acme Client" in body
        for secret in ["Acme Secret Expansion", "987654", "987,654", "Amy Manager's portfolio"]:
            assert secret not in body


def test_a_department_member_cannot_open_the_account_or_the_portfolio(org):
    raise_request(org)
    client = as_user(org.delivery)

    assert client.get(f"/accounts/{org.account.pk}/").status_code in (403, 404)
    assert client.get("/accounts/").status_code in (403, 404)
    assert client.get(f"/requests/account/{org.account.pk}/").status_code == 404


# --- One request ----------------------------------------------------------------------------


def test_the_request_page_offers_the_department_its_actions(org):
    req = raise_request(org)

    body = as_user(org.delivery).get(f"/requests/{req.pk}/").content.decode()

    for action in ["take", "start", "resolve", "decline"]:
        assert f"/requests/{req.pk}/{action}/" in body
    assert f"/requests/{req.pk}/assign/" not in body


def test_the_departments_lead_is_offered_to_assign(org):
    req = raise_request(org)

    body = as_user(org.delivery_lead).get(f"/requests/{req.pk}/").content.decode()

    assert f"/requests/{req.pk}/assign/" in body
    assert "Dan Delivery" in body


def test_the_requester_is_offered_to_withdraw_only(org):
    req = raise_request(org)

    body = as_user(org.am).get(f"/requests/{req.pk}/").content.decode()

    assert "Withdraw request" in body
    assert f"/requests/{req.pk}/resolve/" not in body
    assert f"/requests/{req.pk}/take/" not in body


def test_another_departments_member_gets_not_found(org):
    req = raise_request(org)

    assert as_user(org.support).get(f"/requests/{req.pk}/").status_code == 404


def test_resolving_from_the_page_shows_the_outcome_on_the_accounts_requests(org):
    req = raise_request(org)

    response = as_user(org.delivery).post(
        f"/requests/{req.pk}/resolve/", {"outcome": "Kiosk installed."}
    )

    assert response.status_code == 302
    body = as_user(org.am).get(f"/requests/account/{org.account.pk}/").content.decode()
    assert "Kiosk installed." in body
    assert Activity.objects.get(account=org.account).body == "Kiosk installed."


def test_resolving_without_an_outcome_shows_the_error_on_the_page(org):
    req = raise_request(org)

    response = as_user(org.delivery).post(f"/requests/{req.pk}/resolve/", {"outcome": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert InternalRequest.objects.get(pk=req.pk).status == RequestStatus.OPEN


def test_resolving_twice_from_the_page_shows_the_reason(org):
    req = raise_request(org)
    client = as_user(org.delivery)
    client.post(f"/requests/{req.pk}/resolve/", {"outcome": "Done."})

    response = client.post(f"/requests/{req.pk}/resolve/", {"outcome": "Again."})

    assert response.status_code == 400
    assert "This request was resolved already." in response.content.decode()


def test_taking_from_the_page_makes_it_yours(org):
    req = raise_request(org)

    as_user(org.delivery).post(f"/requests/{req.pk}/take/")

    assert InternalRequest.objects.get(pk=req.pk).assignee == org.delivery


def test_the_lead_assigns_from_the_page(org):
    req = raise_request(org)

    response = as_user(org.delivery_lead).post(
        f"/requests/{req.pk}/assign/", {"assignee": org.delivery.pk}
    )

    assert response.status_code == 302
    assert InternalRequest.objects.get(pk=req.pk).assignee == org.delivery


# --- The account's requests tab -------------------------------------------------------------


def test_the_account_manager_raises_a_request_from_the_accounts_tab(org):
    response = as_user(org.am).post(
        f"/requests/account/{org.account.pk}/",
        {
            "department": "legal",
            "type": "contract",
            "title": "Review the new DPA",
            "details": "",
            "priority": "high",
        },
    )

    assert response.status_code == 302
    req = InternalRequest.objects.get()
    assert (req.department, req.title, req.raised_by) == ("legal", "Review the new DPA", org.am)
    assert Account.objects.get(pk=org.account.pk).open_requests == 1


def test_a_raise_without_a_title_is_shown_again_with_the_error(org):
    response = as_user(org.am).post(
        f"/requests/account/{org.account.pk}/",
        {"department": "legal", "type": "contract", "title": "", "priority": "high"},
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not InternalRequest.objects.exists()


def test_the_tab_lists_open_requests_before_closed_ones(org):
    closed = raise_request(org, title="Closed one", priority="urgent")
    services.request_resolve(actor=org.delivery, request=closed, outcome="Done.")
    raise_request(org, title="Open one", priority="low")

    body = as_user(org.am).get(f"/requests/account/{org.account.pk}/").content.decode()

    assert body.index("Open one") < body.index("Closed one")


def test_the_seller_sees_the_tab_read_only(org):
    raise_request(org, title="Visible to the seller")

    body = as_user(org.seller).get(f"/requests/account/{org.account.pk}/").content.decode()

    assert "Visible to the seller" in body
    assert "Send request" not in body


def test_the_seller_cannot_raise(org):
    response = as_user(org.seller).post(
        f"/requests/account/{org.account.pk}/",
        {"department": "legal", "type": "contract", "title": "Sneaky", "priority": "high"},
    )

    assert response.status_code == 403
    assert not InternalRequest.objects.exists()


def test_the_account_tab_costs_the_same_number_of_queries_with_more_requests(
    org, django_assert_max_num_queries
):
    client = as_user(org.am)
    raise_request(org)
    with django_assert_max_num_queries(30) as few:
        client.get(f"/requests/account/{org.account.pk}/")
    for n in range(20):
        raise_request(org, title=f"Request {n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/requests/account/{org.account.pk}/").status_code == 200


# --- SLA settings ---------------------------------------------------------------------------


def test_the_sla_page_shows_the_defaults(org):
    admin = user_with(Role.ADMIN)

    body = as_user(admin).get("/requests/sla/").content.decode()

    assert 'name="hours_legal_urgent"' in body
    assert 'value="4"' in body


def test_an_admin_saves_the_sla_hours(org):
    admin = user_with(Role.ADMIN)
    data = {
        f"hours_{d}_{p}": h
        for d in ["delivery", "support", "finance", "legal", "product"]
        for p, h in [("low", 120), ("normal", 48), ("high", 24), ("urgent", 4)]
    }
    data["hours_legal_normal"] = 72

    response = as_user(admin).post("/requests/sla/", data)

    assert response.status_code == 302
    assert list(RequestSla.objects.values_list("department", "priority", "hours")) == [
        ("legal", "normal", 72)
    ]


def test_the_sla_page_is_for_admins(org):
    assert as_user(org.ae).get("/requests/sla/").status_code == 403
