"""The quote: printable HTML and a real PDF listing items, totals, terms and instalments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tests.sales.factories import ProductFactory, deal_for
from twofold.sales.services.items import line_item_add
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def quoted_deal():
    deal = deal_for(amount=Decimal("0.00"), name="Quoted deal")
    line_item_add(
        actor=None,
        opportunity=deal,
        product=ProductFactory(name="Insight Pro", list_price=Decimal("1500.00")),
        quantity=Decimal("2"),
    )
    terms_propose(
        actor=None,
        opportunity=deal,
        discount_percent=Decimal("10"),
        net_days=30,
        instalment_count=3,
    )
    return deal


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_html_quote_lists_items_totals_terms_and_instalments(quoted_deal):
    body = (
        signed_in(quoted_deal.owner).get(f"/sales/deals/{quoted_deal.pk}/quote/").content.decode()
    )

    assert "Insight Pro" in body
    assert "3,000.00 EUR" in body  # subtotal
    assert "\u2212300.00 EUR" in body  # minus 10 % discount
    assert "2,700.00 EUR" in body  # total
    assert body.count("900.00 EUR") == 3  # three instalments
    assert "@media print" in body


def test_the_pdf_quote_is_a_pdf(quoted_deal):
    response = signed_in(quoted_deal.owner).get(f"/sales/deals/{quoted_deal.pk}/quote.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"%%EOF" in response.content[-64:]


def test_a_quote_without_items_or_terms_still_renders(django_assert_max_num_queries):
    deal = deal_for(amount=Decimal("0.00"))
    client = signed_in(deal.owner)

    assert client.get(f"/sales/deals/{deal.pk}/quote/").status_code == 200
    assert client.get(f"/sales/deals/{deal.pk}/quote.pdf").status_code == 200
