"""Budget lines and share of wallet: budget vs sold vs proposed per year and buying centre."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.accounts.factories import cared_account
from tests.factories import user_with
from tests.sales.factories import open_deal, won_deal
from twofold.accounts.models import BudgetLine
from twofold.accounts.selectors.care import wallet_of
from twofold.accounts.services.budget import (
    account_refresh_wallet,
    budget_line_create,
    budget_line_update,
)
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _won(account, amount, centre="", closed_on=None, currency="EUR"):
    deal = won_deal(
        account.relationship_owner,
        amount=Decimal(amount),
        closed_on=closed_on or date(YEAR, 1, 15),
        currency=currency,
    )
    deal.company = account.company
    deal.buying_centre = centre
    deal.save()
    return deal


def test_a_budget_line_is_unique_per_year_and_buying_centre():
    account, manager, _ = cared_account()
    budget_line_create(
        actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal(100)
    )

    with pytest.raises(ValidationError) as raised:
        budget_line_create(
            actor=manager, account=account, year=YEAR, buying_centre="it ", amount=Decimal(5)
        )

    assert raised.value.message_dict == {
        "buying_centre": ["This buying centre has a budget for that year already."]
    }
    assert BudgetLine.objects.count() == 1


def test_a_negative_budget_is_refused():
    account, manager, _ = cared_account()

    with pytest.raises(ValidationError) as raised:
        budget_line_create(
            actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal(-1)
        )

    assert raised.value.message_dict == {"amount": ["A budget is zero or more."]}


def test_share_of_wallet_sums_budget_sold_and_proposed_per_centre():
    account, manager, _ = cared_account()
    budget_line_create(
        actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal(1000)
    )
    _won(account, "150.00", "IT")
    _won(account, "100.00", "it")
    _won(account, "70.00", "")
    _won(account, "999.00", "IT", closed_on=date(YEAR - 1, 6, 1))
    _won(account, "500.00", "IT", currency="USD")
    proposal = open_deal(user_with(Role.BDM), expected_close_date=date(YEAR, 12, 1))
    proposal.company, proposal.buying_centre, proposal.amount = account.company, "IT", 300
    proposal.save()

    years = wallet_of(account=account)

    this_year = years[0]
    assert [y.year for y in years] == [YEAR, YEAR - 1]
    assert [(r.centre, r.budget, r.sold, r.proposed, r.share) for r in this_year.rows] == [
        ("IT", Decimal(1000), Decimal("250.00"), Decimal("300.00"), Decimal("25.0")),
        ("Unassigned", Decimal(0), Decimal("70.00"), Decimal(0), None),
    ]
    assert (this_year.total.sold, this_year.total.share) == (Decimal("320.00"), Decimal("32.0"))


def test_a_share_of_wallet_on_a_half_rounds_away_from_zero():
    account, manager, _ = cared_account()
    budget_line_create(
        actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal(1000)
    )
    _won(account, "12.50", "IT")  # 1.25 %

    [row] = wallet_of(account=account)[0].rows

    exact = Decimal("12.50") * 100 / Decimal(1000)
    assert row.share == exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == Decimal("1.3")


def test_the_wallet_costs_three_queries_whatever_the_rows(django_assert_num_queries):
    account, manager, _ = cared_account()
    for centre in ["A", "B", "C"]:
        budget_line_create(
            actor=manager, account=account, year=YEAR, buying_centre=centre, amount=Decimal(1)
        )
        _won(account, "1.00", centre)

    with django_assert_num_queries(3):
        wallet_of(account=account)


def test_budget_and_sold_totals_of_this_year_are_kept_on_the_account():
    account, manager, _ = cared_account()
    _won(account, "40.00", "IT")
    line = budget_line_create(
        actor=manager, account=account, year=YEAR, buying_centre="IT", amount=Decimal(100)
    )
    budget_line_create(
        actor=manager, account=account, year=YEAR - 1, buying_centre="IT", amount=Decimal(7)
    )

    budget_line_update(
        actor=manager,
        line=line,
        year=YEAR,
        buying_centre="IT",
        amount=Decimal(200),
        currency="EUR",
    )

    account.refresh_from_db()
    assert (account.budget_total, account.sold_total) == (Decimal("200.00"), Decimal("40.00"))


def test_refreshing_the_wallet_picks_up_a_deal_won_since():
    account, _, _ = cared_account()
    _won(account, "55.00")

    account_refresh_wallet(account)

    account.refresh_from_db()
    assert (account.budget_total, account.sold_total) == (None, Decimal("55.00"))
