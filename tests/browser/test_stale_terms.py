"""Terms that no longer price the items: a seller who adds an item after the terms were agreed
sees the warning on the deal page and on the quote."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, user_with
from tests.sales.factories import ProductFactory, deal_for, sales_team
from twofold.people.choices import Role
from twofold.sales.services.items import line_item_add
from twofold.sales.services.terms import terms_propose

WARNING = "These terms are out of date"


@pytest.fixture
def agreed_deal(seeded_db):
    seller = user_with(Role.BDM, email="seller@example.com")
    sales_team(seller)
    deal = deal_for(seller, amount=Decimal("0.00"), name="Harbour analytics")
    line_item_add(
        actor=seller,
        opportunity=deal,
        product=ProductFactory(name="Insight Pro", list_price=Decimal("1500.00")),
    )
    terms_propose(
        actor=seller,
        opportunity=deal,
        discount_percent=Decimal("0"),
        net_days=30,
        instalment_count=1,
    )
    return deal


def test_a_seller_sees_that_the_terms_are_out_of_date_after_adding_an_item(
    agreed_deal, signed_in_page, live_server
):
    page = signed_in_page("seller@example.com", PASSWORD)
    page.goto(f"{live_server.url}/sales/deals/{agreed_deal.pk}/")
    terms = page.locator("#terms")
    expect(terms).to_contain_text("Approved")
    expect(terms).not_to_contain_text(WARNING)

    line_item_add(
        actor=None,
        opportunity=agreed_deal,
        product=ProductFactory(name="Onboarding", list_price=Decimal("500.00")),
    )
    page.reload()

    expect(terms.get_by_role("alert")).to_contain_text(
        f"{WARNING}: the items now come to 2,000.00 EUR, these terms to 1,500.00 EUR."
    )
    page.locator("#items").get_by_role("link", name="Quote").click()
    expect(page.get_by_role("alert")).to_contain_text(WARNING)
