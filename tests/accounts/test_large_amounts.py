"""The largest accepted amounts add up without breaking a stored total or a read (issue 13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.accounts.factories import cared_account
from tests.factories import user_with
from tests.sales.factories import deal_for, won_deal
from twofold.accounts.models import Account
from twofold.accounts.services.budget import account_refresh_wallet, budget_line_create
from twofold.core import money
from twofold.core.money import MONEY_MAX, TOTAL_DIGITS, TOTAL_MAX
from twofold.handover.won_deal import deal_close_won
from twofold.people.choices import Role
from twofold.sales.models import Sale
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
LARGEST = Decimal("999999999999.99")


def _win(deal):
    terms_propose(
        actor=deal.owner,
        opportunity=deal,
        discount_percent=Decimal(0),
        net_days=30,
        instalment_count=1,
    )
    won = deal_close_won(actor=deal.owner, opportunity=deal, closed_on=timezone.localdate())
    return won.sale


def test_the_largest_amount_is_what_a_money_field_holds():
    assert MONEY_MAX == LARGEST


def test_a_stored_total_holds_a_million_of_the_largest_amounts():
    field = Account._meta.get_field("annual_value")

    assert field.max_digits == TOTAL_DIGITS
    assert LARGEST * 1_000_000 <= TOTAL_MAX


def test_two_of_the_largest_wins_for_one_company_add_up_to_its_yearly_value():
    seller = user_with(Role.BDM)
    first = deal_for(seller, amount=LARGEST)
    second = deal_for(seller, amount=LARGEST, company=first.company, name="Second deal")

    _win(first)
    _win(second)

    account = Account.objects.get(company=first.company)
    assert account.annual_value == Decimal("1999999999999.98")
    assert account.sold_total == Decimal("1999999999999.98")


def test_the_account_list_and_page_answer_with_two_of_the_largest_wins(client, api_as):
    seller = user_with(Role.BDM)
    first = deal_for(seller, amount=LARGEST)
    second = deal_for(seller, amount=LARGEST, company=first.company, name="Second deal")
    _win(first)
    _win(second)
    account = Account.objects.get(company=first.company)

    api = api_as(seller)
    listed = api.get("/api/v1/accounts/")
    detail = api.get(f"/api/v1/accounts/{account.pk}/")
    client.force_login(seller)
    page = client.get("/accounts/")

    assert listed.status_code == 200
    assert [row["sold_total"] for row in listed.json()["results"]] == ["1999999999999.98"]
    assert detail.status_code == 200
    assert detail.json()["annual_value"] == "1999999999999.98"
    assert page.status_code == 200


def test_a_win_that_would_overflow_the_yearly_value_is_refused_and_records_nothing(monkeypatch):
    # SQLite keeps only about 15 significant digits of a decimal, so the column's real limit
    # (TOTAL_MAX, 20 digits) is tried on a lowered one; PostgreSQL holds TOTAL_MAX exactly.
    monkeypatch.setattr(money, "TOTAL_MAX", Decimal("1000000.00"))
    seller = user_with(Role.BDM)
    deal = deal_for(seller, amount=Decimal("10.00"))
    Account.objects.create(
        company=deal.company,
        name=deal.company.name,
        seller=seller,
        annual_value=Decimal("999999.99"),
    )

    with pytest.raises(ValidationError) as raised:
        _win(deal)

    assert list(raised.value.message_dict) == ["amount"]
    assert "more than is stored" in raised.value.message_dict["amount"][0]
    assert not Sale.objects.filter(opportunity=deal).exists()


def test_a_budget_line_above_the_largest_amount_is_refused_naming_the_amount():
    account, manager, _ = cared_account()

    with pytest.raises(ValidationError) as raised:
        budget_line_create(
            actor=manager,
            account=account,
            year=YEAR,
            buying_centre="IT",
            amount=LARGEST + Decimal("0.01"),
        )

    assert raised.value.message_dict == {"amount": ["At most 999,999,999,999.99."]}


def test_the_budget_answers_when_a_year_s_total_passes_a_trillion(api_as):
    account, manager, _ = cared_account()
    for centre in ("IT", "HR"):
        budget_line_create(
            actor=manager, account=account, year=YEAR, buying_centre=centre, amount=LARGEST
        )

    response = api_as(manager).get(f"/api/v1/accounts/{account.pk}/budget/")

    assert response.status_code == 200
    assert response.json()["wallet"][0]["total"]["budget"] == "1999999999999.98"
    account.refresh_from_db()
    assert account.budget_total == Decimal("1999999999999.98")


def test_the_budget_answers_when_the_share_passes_ten_million_per_cent(api_as, client):
    account, manager, _ = cared_account()
    budget_line_create(
        actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal("0.01")
    )
    deal = won_deal(manager, amount=LARGEST, closed_on=date(YEAR, 1, 15))
    deal.company = account.company
    deal.buying_centre = "IT"
    deal.save()
    account_refresh_wallet(account)

    response = api_as(manager).get(f"/api/v1/accounts/{account.pk}/budget/")
    client.force_login(manager)
    page = client.get(f"/accounts/{account.pk}/budget/")
    listed = api_as(manager).get("/api/v1/accounts/")

    assert response.status_code == 200
    assert response.json()["wallet"][0]["rows"][0]["share_percent"] == "9999999999999900.0"
    assert page.status_code == 200
    assert listed.json()["results"][0]["budget_use_percent"] == 9999999999999900
