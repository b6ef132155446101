"""The top bar's search: "/" focuses it, typing shows what the user may see, grouped."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import PASSWORD, user_with
from tests.sales.factories import LeadFactory, open_deal, sales_team
from twofold.people.choices import Role


def test_slash_focuses_the_search_and_typing_shows_grouped_results(seeded_db, signed_in_page):
    seller = user_with(Role.BDM, full_name="Sam Seller", email="sam@search.example")
    sales_team(seller)
    stranger = user_with(Role.BDM)
    sales_team(stranger)
    LeadFactory(full_name="Erik Sandström", owner=seller, company_name="Nordic Logistics AB")
    LeadFactory(full_name="Eva Sandström", owner=stranger)
    open_deal(seller, name="Sandström fleet")
    page = signed_in_page("sam@search.example", PASSWORD)

    page.locator("main").click()
    page.keyboard.press("/")
    expect(page.locator("#globalsearch-q")).to_be_focused()
    page.keyboard.type("sandström")

    results = page.locator("#globalsearch-results")
    expect(results.locator("[data-kind=leads]")).to_contain_text("Erik Sandström")
    expect(results.locator("[data-kind=leads] [data-count]")).to_have_text("1")
    expect(results.locator("[data-kind=deals]")).to_contain_text("Sandström fleet")
    expect(results).not_to_contain_text("Eva Sandström")

    page.keyboard.press("Escape")
    expect(results).to_be_empty()
    page.locator("#globalsearch-q").fill("nobody-at-all")
    expect(results).to_contain_text("Nothing you may see matches")
