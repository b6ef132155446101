"""Share of wallet reaches every sale: a deal's buying centre is set from the deal's page and
the API, and sales in another currency are shown beside the account's own (issue 13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import cared_account
from tests.sales.factories import won_deal
from twofold.accounts.models import Account, Contract
from twofold.accounts.selectors.care import wallet_of
from twofold.accounts.services.budget import budget_line_create

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _won_for(account, amount="150.00", currency="EUR"):
    deal = won_deal(
        account.relationship_owner,
        amount=Decimal(amount),
        closed_on=date(YEAR, 1, 15),
        currency=currency,
    )
    deal.company = account.company
    deal.save()
    return deal


def _it_row(account):
    rows = {row.centre: row for row in wallet_of(account=account)[0].rows}
    return rows["IT"]


def test_the_deal_page_sets_the_buying_centre_and_the_wallet_shows_the_sale_there(client):
    account, manager, _ = cared_account()
    budget_line_create(
        actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal(1000)
    )
    deal = _won_for(account)
    client.force_login(manager)

    response = client.post(
        reverse("sales:opportunity_edit", args=[deal.pk]),
        {
            "name": deal.name,
            "currency": "EUR",
            "amount": "150.00",
            "buying_centre": " IT ",
        },
    )

    deal.refresh_from_db()
    assert response.status_code == 302
    assert deal.buying_centre == "IT"
    assert "<dt>Buying centre</dt>" in client.get(response["Location"]).content.decode()
    assert (_it_row(account).sold, _it_row(account).share) == (Decimal("150.00"), Decimal("15.0"))


def test_the_api_sets_the_buying_centre_and_reads_it_back(api_as):
    account, manager, _ = cared_account()
    budget_line_create(
        actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal(1000)
    )
    deal = _won_for(account)

    response = api_as(manager).patch(
        f"/api/v1/opportunities/{deal.pk}/", {"buying_centre": "IT"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["buying_centre"] == "IT"
    assert _it_row(account).sold == Decimal("150.00")


def test_patching_other_fields_keeps_the_buying_centre(api_as):
    account, manager, _ = cared_account()
    deal = _won_for(account)
    deal.buying_centre = "IT"
    deal.save()

    api_as(manager).patch(f"/api/v1/opportunities/{deal.pk}/", {"next_step": "Call"}, format="json")

    deal.refresh_from_db()
    assert deal.buying_centre == "IT"


def test_the_wallet_shows_sales_budgets_and_proposals_in_another_currency_beside_the_total():
    account, manager, _ = cared_account()
    budget_line_create(
        actor=manager,
        account=account,
        year=YEAR,
        buying_centre="IT",
        amount=Decimal(900),
        currency="USD",
    )
    _won_for(account, "500.00", currency="USD")
    _won_for(account, "100.00")

    (wallet,) = wallet_of(account=account)

    assert wallet.total.sold == Decimal("100.00")
    assert [(f.currency, f.budget, f.sold, f.proposed) for f in wallet.other_currencies] == [
        ("USD", Decimal("900.00"), Decimal("500.00"), Decimal("0.00"))
    ]


def test_the_budget_page_and_api_show_a_year_sold_only_in_another_currency(client, api_as):
    account, manager, _ = cared_account()
    _won_for(account, "500.00", currency="USD")
    client.force_login(manager)

    page = client.get(f"/accounts/{account.pk}/budget/")
    body = api_as(manager).get(f"/api/v1/accounts/{account.pk}/budget/").json()

    assert "sold 500.00 USD" in page.content.decode()
    assert body["wallet"][0]["other_currencies"] == [
        {"currency": "USD", "budget": "0.00", "sold": "500.00", "proposed": "0.00"}
    ]


def test_a_contract_in_another_currency_is_shown_beside_the_yearly_value(api_as):
    account, manager, _ = cared_account()
    Account.objects.filter(pk=account.pk).update(annual_value=Decimal("1000.00"))
    for value, currency in [("300.00", "USD"), ("200.00", "USD"), ("50.00", "CHF")]:
        deal = _won_for(account, value, currency=currency)
        Contract.objects.create(
            account=account,
            opportunity=deal,
            starts_on=date(YEAR, 1, 15),
            ends_on=date(YEAR, 12, 31),
            value=Decimal(value),
            currency=currency,
        )

    body = api_as(manager).get(f"/api/v1/accounts/{account.pk}/").json()

    assert body["annual_value"] == "1000.00"
    assert body["annual_values"] == [
        {"amount": "1000.00", "currency": "EUR"},
        {"amount": "50.00", "currency": "CHF"},
        {"amount": "500.00", "currency": "USD"},
    ]
