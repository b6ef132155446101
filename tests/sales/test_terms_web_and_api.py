"""Terms, approvals and closing through the web pages and the API: same rules, same errors."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import ProductFactory, commercial_snapshot, deal_for, sales_team
from twofold.people.choices import Role
from twofold.sales.models import ApprovalRequest, Sale
from twofold.sales.selectors.commercial import approval_list, deal_commercials
from twofold.sales.services.items import line_item_add
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db
TODAY = str(timezone.localdate())


@pytest.fixture
def team():
    return sales_team(user_with(Role.BDM))


@pytest.fixture
def deal(team):
    return deal_for(team.memberships.get().user, amount=Decimal("20000.00"))


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_whole_sale_through_the_api(deal, team, api_as):
    seller = api_as(deal.owner)
    proposed = seller.post(
        f"/api/v1/opportunities/{deal.pk}/terms/",
        {"discount_percent": "25", "net_days": 30, "instalment_count": 4},
        format="json",
    )
    assert proposed.status_code == 201
    assert proposed.json()["status"] == "pending_approval"

    refused = seller.post(
        f"/api/v1/opportunities/{deal.pk}/close-won/", {"closed_on": TODAY}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "terms_pending"

    lead = api_as(team.lead)
    (pending,) = lead.get("/api/v1/approvals/").json()["results"]
    approved = lead.post(f"/api/v1/approvals/{pending['id']}/approve/", {"comment": "Go"})
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_by_id"] == team.lead.pk

    seller = api_as(deal.owner)
    won = seller.post(
        f"/api/v1/opportunities/{deal.pk}/close-won/", {"closed_on": TODAY}, format="json"
    )
    assert won.status_code == 200
    assert won.json()["amount"] == "15000.00"
    assert won.json()["credits"] == [
        {"seller_id": deal.owner.pk, "percent": "100.00", "amount": "15000.00"}
    ]
    again = seller.post(
        f"/api/v1/opportunities/{deal.pk}/close-won/", {"closed_on": TODAY}, format="json"
    )
    assert again.json()["id"] == won.json()["id"]
    assert Sale.objects.count() == 1


def test_credits_not_adding_up_answer_in_the_error_shape(deal, api_as):
    terms_propose(
        actor=None, opportunity=deal, discount_percent=Decimal(0), net_days=30, instalment_count=1
    )
    before = commercial_snapshot()

    response = api_as(deal.owner).post(
        f"/api/v1/opportunities/{deal.pk}/close-won/",
        {"closed_on": TODAY, "credits": [{"seller_id": deal.owner.pk, "percent": "90"}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "credits": ["The credit split adds up to 90 %, not 100 %."]
    }
    assert commercial_snapshot() == before


def test_the_web_win_form_splits_credit_between_sellers(deal, team):
    terms_propose(
        actor=None, opportunity=deal, discount_percent=Decimal(0), net_days=30, instalment_count=1
    )
    client = client_of(deal.owner)

    response = client.post(
        f"/sales/deals/{deal.pk}/close-won/",
        {
            "closed_on": TODAY,
            "credit_seller": [str(deal.owner.pk), str(team.lead.pk), ""],
            "credit_percent": ["70", "30", ""],
        },
    )

    assert response.status_code == 302
    sale = Sale.objects.get()
    assert [(c.seller, c.amount) for c in sale.credits.order_by("id")] == [
        (deal.owner, Decimal("14000.00")),
        (team.lead, Decimal("6000.00")),
    ]


def test_the_web_win_form_shows_why_it_is_refused(deal):
    response = client_of(deal.owner).post(
        f"/sales/deals/{deal.pk}/close-won/", {"closed_on": TODAY}
    )

    assert response.status_code == 200
    assert (
        "No terms were agreed: propose terms before winning the deal." in response.content.decode()
    )
    assert Sale.objects.count() == 0


def test_the_web_terms_form_names_the_bad_field(deal):
    response = client_of(deal.owner).post(
        f"/sales/deals/{deal.pk}/terms/",
        {"discount_percent": "100", "net_days": "30", "instalment_count": "1"},
    )

    assert response.status_code == 200
    assert "A discount is from 0 up to (not including) 100 %." in response.content.decode()


def test_a_first_instalment_in_9999_is_a_form_error_on_the_field(deal):
    response = client_of(deal.owner).post(
        f"/sales/deals/{deal.pk}/terms/",
        {
            "discount_percent": "0",
            "net_days": "30",
            "instalment_count": "3",
            "first_due_date": "9999-12-31",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["first_due_date"]
    assert errors["first_due_date"][0].startswith("Use a date from ")
    assert not deal.term_sheets.exists()


def test_a_first_instalment_in_9999_is_a_json_400_naming_the_field(deal, api_as):
    response = api_as(deal.owner).post(
        f"/api/v1/opportunities/{deal.pk}/terms/",
        {"instalment_count": 3, "first_due_date": "9999-12-31"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Please correct: first_due_date."
    assert list(response.json()["fields"]) == ["first_due_date"]
    assert not deal.term_sheets.exists()


def test_the_sales_lead_decides_from_the_approvals_page(deal, team):
    terms_propose(
        actor=None, opportunity=deal, discount_percent=Decimal(30), net_days=30, instalment_count=1
    )
    client = client_of(team.lead)
    approval = ApprovalRequest.objects.get()

    page = client.get("/sales/approvals/").content.decode()
    decided = client.post(
        f"/sales/approvals/{approval.pk}/decide/", {"decision": "reject", "comment": "Too deep"}
    )

    assert "Discount 30 % is above the policy" in page
    assert decided.status_code == 302
    approval.refresh_from_db()
    assert (approval.status, approval.comment) == ("rejected", "Too deep")


def test_the_deal_commercials_take_a_fixed_number_of_queries(deal, django_assert_max_num_queries):
    admin = user_with(Role.ADMIN)

    def load():
        c = deal_commercials(actor=admin, opportunity=deal)
        for sheet in c.term_sheets:
            list(sheet.instalments.all())
            [a.requested_by for a in sheet.approvals.all()]
        [item.product.name for item in c.items]
        return c

    with django_assert_max_num_queries(14) as few:
        load()
    for _ in range(5):
        line_item_add(actor=None, opportunity=deal, product=ProductFactory())
        terms_propose(
            actor=None,
            opportunity=deal,
            discount_percent=Decimal(30),
            net_days=30,
            instalment_count=3,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        load()


def test_the_approvals_queue_lists_only_the_leads_teams_requests(deal, team):
    other_deal = deal_for(sales_team(user_with(Role.BDM)).memberships.get().user)
    for d in (deal, other_deal):
        terms_propose(
            actor=None, opportunity=d, discount_percent=Decimal(30), net_days=30, instalment_count=1
        )

    queue = list(approval_list(actor=team.lead))

    assert [a.term_sheet.opportunity for a in queue] == [deal]


def _agree_at_list_price(deal):
    return terms_propose(
        actor=None, opportunity=deal, discount_percent=Decimal(0), net_days=30, instalment_count=1
    )


def test_a_sale_at_another_amount_than_the_terms_is_refused_in_the_error_shape(deal, api_as):
    _agree_at_list_price(deal)
    before = commercial_snapshot()

    response = api_as(deal.owner).post(
        f"/api/v1/opportunities/{deal.pk}/close-won/",
        {"closed_on": TODAY, "amount": "1.00"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"message", "code", "fields"}
    assert list(response.json()["fields"]) == ["amount"]
    assert commercial_snapshot() == before


def test_a_close_date_before_the_deal_opened_is_refused_in_the_error_shape(deal, api_as):
    _agree_at_list_price(deal)
    opened = timezone.localdate(deal.created_at)

    response = api_as(deal.owner).post(
        f"/api/v1/opportunities/{deal.pk}/close-won/",
        {"closed_on": str(opened - timedelta(days=1))},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["closed_on"]
    assert Sale.objects.count() == 0


def test_the_web_win_form_refuses_a_close_date_before_the_deal_opened(deal):
    _agree_at_list_price(deal)
    opened = timezone.localdate(deal.created_at)

    response = client_of(deal.owner).post(
        f"/sales/deals/{deal.pk}/close-won/", {"closed_on": str(opened - timedelta(days=1))}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["closed_on"] == [
        f"The deal opened on {opened.day} {opened:%B %Y}: it cannot be won before that."
    ]
    assert Sale.objects.count() == 0


def test_the_web_win_form_refuses_another_amount_than_the_terms(deal):
    _agree_at_list_price(deal)

    response = client_of(deal.owner).post(
        f"/sales/deals/{deal.pk}/close-won/", {"closed_on": TODAY, "amount": "1.00"}
    )

    assert response.status_code == 200
    assert "20,000.00 EUR" in response.context["form"].errors["amount"][0]
    assert Sale.objects.count() == 0


def test_the_deal_page_warns_when_the_items_changed_after_the_terms(deal):
    _agree_at_list_price(deal)
    client = client_of(deal.owner)
    before = client.get(f"/sales/deals/{deal.pk}/").content.decode()
    line_item_add(actor=None, opportunity=deal, product=ProductFactory(list_price=Decimal("5")))

    after = client.get(f"/sales/deals/{deal.pk}/").content.decode()

    assert "These terms are out of date" not in before
    assert (
        "These terms are out of date: the items now come to 5.00 EUR, these terms to "
        "20,000.00 EUR." in after
    )
