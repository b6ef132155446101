"""Hand-over pages and endpoints: the life through the interfaces, errors shown where they
belong, the report, the settings, and query counts that do not grow with rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.handover.helpers import FILLED, manager_team, won_package
from twofold.accounts.models import Account, AccountPolicy
from twofold.handover import services
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage, RoutingRule
from twofold.handover.services import handover_submit, handover_update

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted(package: HandoverPackage) -> HandoverPackage:
    handover_update(actor=package.seller, package=package, **FILLED)
    return handover_submit(actor=package.seller, package=package)


def test_the_seller_fills_in_and_submits_from_the_edit_page():
    _, manager, _ = manager_team()
    package = won_package()

    response = client_for(package.seller).post(
        f"/handovers/{package.pk}/edit/", FILLED | {"then": "submit"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/handovers/{package.pk}/"
    package.refresh_from_db()
    assert (package.status, package.receiver_id) == (HandoverStatus.SUBMITTED, manager.pk)


def test_submitting_an_incomplete_package_shows_what_is_missing_on_the_form():
    manager_team()
    package = won_package()

    response = client_for(package.seller).post(
        f"/handovers/{package.pk}/edit/", {"then": "submit", "risks": "Some"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {
        "short_term_goals",
        "long_term_goals",
        "expectations",
        "success_criteria",
        "stakeholders",
    }
    assert form.non_field_errors() == []
    body = response.content.decode()
    assert body.count("Fill in the customer&#x27;s short-term goals") == 1
    package.refresh_from_db()
    assert package.status == HandoverStatus.DRAFT


def test_submitting_an_incomplete_package_from_its_page_opens_the_form_with_what_is_missing():
    manager_team()
    package = won_package()

    response = client_for(package.seller).post(f"/handovers/{package.pk}/submit/")

    assert response.status_code == 200
    assert response.templates[0].name == "handover/edit.html"
    form = response.context["form"]
    assert "short_term_goals" in form.errors
    assert form.non_field_errors() == []
    assert response.content.decode().count("Fill in the customer&#x27;s short-term goals") == 1
    package.refresh_from_db()
    assert package.status == HandoverStatus.DRAFT


def test_the_receiver_sends_back_and_accepts_from_the_detail_page():
    _, manager, _ = manager_team()
    package = submitted(won_package())
    client = client_for(manager)

    empty = client.post(f"/handovers/{package.pk}/send-back/", {"questions": ""})
    assert empty.status_code == 400
    assert "Ask the seller what you need to know." in empty.content.decode()

    client.post(f"/handovers/{package.pk}/send-back/", {"questions": "Who signs?"})
    client_for(package.seller).post(f"/handovers/{package.pk}/answer/", {"answer": "Anna."})
    accepted = client.post(f"/handovers/{package.pk}/accept/")

    assert accepted.status_code == 302
    package.refresh_from_db()
    assert (package.status, package.send_backs) == (HandoverStatus.ACCEPTED, 1)
    page = client.get(f"/handovers/{package.pk}/").content.decode()
    assert "Who signs?" in page
    assert "Anna." in page


def test_accepting_twice_on_the_page_shows_the_reason():
    _, manager, _ = manager_team()
    package = submitted(won_package())
    client = client_for(manager)
    client.post(f"/handovers/{package.pk}/accept/")

    again = client.post(f"/handovers/{package.pk}/accept/")

    assert again.status_code == 400
    assert "This hand-over was accepted already." in again.content.decode()


def test_the_overdue_tab_lists_only_overdue_handovers():
    _, manager, _ = manager_team()
    late = submitted(won_package())
    won_package(seller=late.seller)
    HandoverPackage.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))

    response = client_for(manager).get("/handovers/?tab=overdue")

    assert [p.pk for p in response.context["page_obj"]] == [late.pk]
    assert "overdue" in response.content.decode()


def test_the_list_page_costs_the_same_for_one_or_many_handovers(django_assert_max_num_queries):
    _, manager, _ = manager_team()
    first = won_package()
    client = client_for(manager)
    with django_assert_max_num_queries(12) as one:
        client.get("/handovers/")
    for _ in range(4):
        won_package(seller=first.seller)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/handovers/")

    assert len(response.context["page_obj"]) == 5


def test_the_detail_page_costs_the_same_with_more_rounds(django_assert_max_num_queries):
    from twofold.handover.services import handover_answer, handover_send_back

    _, manager, executive = manager_team()
    package = submitted(won_package())
    client = client_for(executive)
    handover_send_back(actor=manager, package=package, questions="Question 0")
    handover_answer(actor=package.seller, package=package, answer="Answer 0")
    with django_assert_max_num_queries(20) as one:
        client.get(f"/handovers/{package.pk}/")
    for n in range(1, 4):
        handover_send_back(actor=manager, package=package, questions=f"Question {n}")
        handover_answer(actor=package.seller, package=package, answer=f"Answer {n}")

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/handovers/{package.pk}/")

    assert response.content.decode().count("Question ") == 4


def test_the_api_walks_the_life(api_as):
    _, manager, _ = manager_team()
    package = won_package()
    seller_api = api_as(package.seller)
    incomplete = seller_api.post(f"/api/v1/handovers/{package.pk}/submit/")
    assert incomplete.status_code == 400
    assert incomplete.json()["message"].startswith("Fill in the customer's short-term goals")
    assert seller_api.patch(f"/api/v1/handovers/{package.pk}/", FILLED).status_code == 200
    assert seller_api.post(f"/api/v1/handovers/{package.pk}/submit/").json()["status"] == (
        "submitted"
    )

    manager_api = api_as(manager)
    back = manager_api.post(
        f"/api/v1/handovers/{package.pk}/send-back/", {"questions": "Who signs?"}
    )
    assert back.json()["send_backs"] == 1
    seller_api = api_as(package.seller)
    seller_api.post(f"/api/v1/handovers/{package.pk}/answer/", {"answer": "Anna."})
    manager_api = api_as(manager)
    accepted = manager_api.post(f"/api/v1/handovers/{package.pk}/accept/")

    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert [r["answer"] for r in accepted.json()["rounds"]] == ["Anna."]
    again = manager_api.post(f"/api/v1/handovers/{package.pk}/accept/")
    assert (again.status_code, again.json()["message"]) == (
        400,
        "This hand-over was accepted already.",
    )


def test_the_api_list_costs_the_same_for_one_or_many(api_as, django_assert_max_num_queries):
    _, manager, _ = manager_team()
    first = won_package()
    api = api_as(manager)
    with django_assert_max_num_queries(10) as one:
        api.get("/api/v1/handovers/")
    for _ in range(4):
        won_package(seller=first.seller)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = api.get("/api/v1/handovers/")

    assert len(response.json()["results"]) == 5


def test_the_report_gives_time_to_accept_and_send_backs_by_person(api_as):
    _, manager, executive = manager_team()
    package = submitted(won_package())
    start = timezone.now() - timedelta(hours=10)
    HandoverPackage.objects.filter(pk=package.pk).update(
        first_submitted_at=start,
        submitted_at=start,
        status=HandoverStatus.ACCEPTED,
        accepted_at=start + timedelta(hours=6),
        send_backs=2,
    )

    body = api_as(executive).get("/api/v1/handovers/report/").json()

    assert body["by_receiver"] == [
        {
            "person_id": manager.pk,
            "person": "Ada Manager",
            "handovers": 1,
            "accepted": 1,
            "median_hours": 6.0,
            "average_hours": 6.0,
            "send_backs_per_handover": 2.0,
        }
    ]
    assert [row["person"] for row in body["by_seller"]] == ["Sam Seller"]


def test_the_report_page_renders_for_a_sales_lead():
    from tests.factories import user_with
    from twofold.people.choices import Role

    response = client_for(user_with(Role.SALES_LEAD)).get("/handovers/report/")

    assert response.status_code == 200
    assert "No hand-overs were submitted in this period." in response.content.decode()


def test_an_admin_sets_the_policy_and_adds_a_routing_rule(admin_user):
    team, _, _ = manager_team()
    client = client_for(admin_user)

    client.post(
        "/handovers/settings/",
        {
            "form": "policy",
            "handover_sla_hours": 12,
            "shared_window_days": 7,
            "key_account_min_value": "50000",
        },
    )
    client.post(
        "/handovers/settings/",
        {"form": "rule", "name": "DACH", "order": 1, "team": team.pk, "region": "DACH"},
    )

    policy = AccountPolicy.current()
    assert (policy.handover_sla_hours, policy.shared_window_days) == (12, 7)
    assert policy.key_account_min_value == Decimal("50000.00")
    rule = RoutingRule.objects.get()
    assert (rule.name, rule.region, rule.team_id) == ("DACH", "DACH", team.pk)


def test_the_account_is_managed_after_acceptance_through_the_web():
    _, manager, _ = manager_team()
    package = submitted(won_package())

    client_for(manager).post(f"/handovers/{package.pk}/accept/")

    account = Account.objects.get(pk=package.account_id)
    assert account.relationship_owner_id == manager.pk


def test_the_won_deal_page_links_to_its_handover():
    manager_team()
    package = won_package()

    body = client_for(package.seller).get(f"/sales/deals/{package.opportunity_id}/").content
    assert f'href="/handovers/{package.pk}/"' in body.decode()


@pytest.mark.parametrize("query", ["end=9999-12-31", "end=0001-01-01", "start=9999-12-31"])
def test_the_report_page_falls_back_to_the_last_90_days_on_a_date_out_of_range(admin_user, query):
    response = client_for(admin_user).get(f"/handovers/report/?{query}")

    report = response.context["report"]
    assert response.status_code == 200
    assert (report.start, report.end) == (
        timezone.localdate() - timedelta(days=89),
        timezone.localdate(),
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [("end=9999-12-31", "end"), ("end=0001-01-01", "end"), ("start=1899-12-31", "start")],
)
def test_the_report_api_refuses_a_date_out_of_range_naming_it(admin_user, api_as, query, field):
    response = api_as(admin_user).get(f"/api/v1/handovers/report/?{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_the_report_api_takes_the_last_day_it_can_hold(admin_user, api_as):
    response = api_as(admin_user).get("/api/v1/handovers/report/?end=9998-12-31")

    assert response.status_code == 200
    assert response.json()["end"] == "9998-12-31"


def test_routing_through_the_api_names_the_receiver_id_when_the_service_refuses(
    admin_user, api_as, monkeypatch
):
    _, manager, _ = manager_team()
    package = won_package()

    def refuse_receiver(**_kwargs):
        raise ValidationError({"receiver": "Not an account manager any more."})

    # The API lets only active account managers through, so the service's refusal is staged.
    monkeypatch.setattr(services, "handover_route", refuse_receiver)
    response = api_as(admin_user).post(
        f"/api/v1/handovers/{package.pk}/route/", {"receiver_id": manager.pk}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"receiver_id": ["Not an account manager any more."]}
