"""Every list sorts through one whitelisted ``sort`` parameter: a header link sorts by its column,
a second click reverses it, the filters stay, and an unknown key changes nothing (the API
refuses it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from tests.sales.factories import CompanyFactory, LeadFactory, deal_for
from twofold.people.choices import Role
from twofold.sales.models import Complaint, Lead

pytestmark = pytest.mark.django_db


def _leads():
    for name in ["Brisk", "Crisp", "Ardent"]:
        LeadFactory(full_name=name)


def _deals():
    owner = user_with(Role.BDM)
    for name, amount, close in [("Brisk", 2, 3), ("Crisp", 3, 1), ("Ardent", 1, 2)]:
        deal_for(
            owner,
            name=name,
            amount=Decimal(amount),
            expected_close_date=date(2030, 1, close),
            company=CompanyFactory(),
        )


def _accounts():
    for name in ["Brisk", "Crisp", "Ardent"]:
        AccountFactory(name=name)


def _complaints():
    deal = deal_for(name="Deal")
    for summary in ["Brisk", "Crisp", "Ardent"]:
        Complaint.objects.create(opportunity=deal, summary=summary, owner=deal.owner)


ABC = ["Ardent", "Brisk", "Crisp"]
# list -> (url, setup, sort key, the order it gives)
LISTS = {
    "leads": ("sales:lead_list", _leads, "name", ABC),
    "deals": ("sales:opportunity_list", _deals, "amount", ABC),
    "deals by close": ("sales:opportunity_list", _deals, "close", ["Crisp", "Ardent", "Brisk"]),
    "accounts": ("accounts:portfolio", _accounts, "name", ABC),
    "complaints": ("sales:complaint_list", _complaints, "summary", ABC),
}


def order_on(client, url: str, **params: str) -> list[str]:
    html = client.get(reverse(url), params).content.decode().split("<tbody", 1)[1]
    return sorted(ABC, key=html.index)


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_sorts_by_a_column_both_ways(client, admin_user, name):
    url, setup, key, expected = LISTS[name]
    setup()
    client.force_login(admin_user)

    assert order_on(client, url, sort=key) == expected
    assert order_on(client, url, sort=f"-{key}") == expected[::-1]


@pytest.mark.parametrize("name", list(LISTS))
def test_an_unknown_sort_key_falls_back_to_the_default_order(client, admin_user, name):
    url, setup, *_ = LISTS[name]
    setup()
    client.force_login(admin_user)

    response = client.get(reverse(url), {"sort": "password"})

    assert response.status_code == 200
    assert order_on(client, url, sort="password") == order_on(client, url)
    assert "password" not in response.content.decode().split("<main", 1)[1]


def test_the_sorted_header_reverses_the_sort_keeps_filters_and_shows_an_arrow(client, admin_user):
    _leads()
    client.force_login(admin_user)

    html = client.get(reverse("sales:lead_list"), {"sort": "name", "status": "new"}).content
    html = html.decode()

    assert 'aria-sort="ascending"' in html
    assert (
        'href="?sort=-name&amp;status=new"' in html or 'href="?status=new&amp;sort=-name"' in html
    )
    assert "↑" in html


def test_a_list_shows_how_many_rows_match(client, admin_user):
    _leads()
    Lead.objects.bulk_create(LeadFactory.build_batch(1_000, full_name="Zed"))
    client.force_login(admin_user)

    html = client.get(reverse("sales:lead_list")).content.decode()

    assert "1,003 leads" in html


@pytest.mark.parametrize("path", ["/api/v1/opportunities/", "/api/v1/accounts/"])
def test_the_api_refuses_an_unknown_sort_key_naming_it(api_as, admin_user, path):
    response = api_as(admin_user).get(path, {"sort": "password"})

    assert response.status_code == 400
    assert "sort" in response.json()["fields"]


@pytest.mark.django_db
def test_a_column_without_empty_values_sorts_without_a_nulls_clause(admin_user):
    # PostgreSQL uses an index only for the NULLS order it was built with: "created_at DESC
    # NULLS LAST" missed the (created_at DESC, id DESC) index and sorted every matching lead.
    from twofold.sales.selectors.leads import LEAD_SORTING

    ordered = Lead.objects.order_by(*LEAD_SORTING.parse("-created").order_by())

    assert "NULLS" not in str(ordered.query)
