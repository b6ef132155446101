"""Amounts and dates are written one way: "39,000.00 EUR" and "3 Dec 2026"."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

import twofold
from tests.factories import user_with
from tests.sales.factories import deal_for, sales_team
from twofold.core.money import format_money
from twofold.core.templatetags.formats import day, money, month, percent
from twofold.people.choices import Role


def test_an_amount_has_thousands_separators_two_decimals_and_its_currency():
    assert money(Decimal("39000"), "EUR") == "39,000.00 EUR"


def test_an_amount_rounds_half_away_from_zero_to_cents():
    assert money(Decimal("1234567.005"), "SEK") == "1,234,567.01 SEK"


def test_no_amount_writes_nothing():
    assert money(None, "EUR") == ""


def test_a_date_is_day_month_name_and_year():
    assert day(datetime.date(2026, 12, 3)) == "3 Dec 2026"


def test_a_moment_is_written_as_its_day_in_the_local_time_zone():
    moment = datetime.datetime(2026, 12, 3, 23, 30, tzinfo=datetime.UTC)

    with timezone.override("Europe/Stockholm"):
        rendered = Template("{% load formats %}{{ moment|day }}").render(
            Context({"moment": moment})
        )

    assert rendered == "4 Dec 2026"


def test_a_date_kept_as_iso_text_is_written_as_a_day():
    assert day("2026-12-03") == "3 Dec 2026"


def test_code_writes_an_amount_as_the_templates_do():
    assert format_money(Decimal("22800"), "EUR") == money(Decimal("22800"), "EUR")


def test_no_template_formats_a_figure_its_own_way():
    """``floatformat`` wrote "EUR 22,800.00" on some pages and "22,800.00 EUR" on others."""
    templates = Path(twofold.__file__).parent.rglob("templates/**/*.html")

    own_way = [str(path) for path in templates if "floatformat" in path.read_text()]

    assert own_way == []


@pytest.mark.django_db
def test_the_deal_list_writes_the_amount_before_its_currency(client):
    seller = user_with(Role.BDM, email="marco@formats.example")
    sales_team(seller)
    deal_for(seller, name="Fleet", amount=Decimal("22800"))
    client.force_login(seller)

    page = client.get(reverse("sales:opportunity_list")).content.decode()

    assert "22,800.00 EUR" in page
    assert "EUR 22,800" not in page


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("10.00"), "10 %"), (Decimal("12.50"), "12.5 %"), (Decimal(40), "40 %"), (0, "0 %")],
)
def test_a_percentage_reads_without_trailing_zeros(value, text):
    assert percent(value) == text


def test_a_month_kept_as_iso_text_reads_as_its_name_and_year():
    assert month("2026-12-01") == "December 2026"
