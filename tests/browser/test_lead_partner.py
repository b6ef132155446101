"""The lead page's partner control, clicked through: a lead generator gives a lead its partner,
changes it, finds the lead on the partner's page, and clears it again."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from tests.factories import PASSWORD, user_with
from tests.sales.factories import LeadFactory, PartnerFactory
from twofold.people.choices import Role
from twofold.sales.models import Lead


def test_a_lead_generator_sets_changes_and_clears_the_leads_partner(
    seeded_db, live_server, signed_in_page
):
    sdr = user_with(Role.LEAD_GENERATOR, full_name="Sam SDR", email="sam@partners.example")
    PartnerFactory(name="Northwind Resellers")
    PartnerFactory(name="Contoso Referrals")
    lead = LeadFactory(
        owner=sdr,
        full_name="Pat Prospect",
        budget_amount=Decimal("39000.00"),
        budget_currency="EUR",
    )
    page = signed_in_page("sam@partners.example", PASSWORD)
    url = f"{live_server.url}/sales/leads/{lead.pk}/"

    page.goto(url)
    card = page.locator("section#partner")
    card.get_by_label("Partner").select_option(label="Northwind Resellers")
    card.get_by_role("button", name="Save partner").click()

    expect(page.get_by_text("The lead's partner was saved.")).to_be_visible()
    details = page.locator("dl.details").first
    expect(details.get_by_role("link", name="Northwind Resellers")).to_be_visible()
    expect(page.locator("section#partner select")).to_have_value(str(Lead.objects.get().partner_id))

    page.locator("section#partner select").select_option(label="Contoso Referrals")
    page.get_by_role("button", name="Save partner").click()
    expect(details.get_by_role("link", name="Contoso Referrals")).to_be_visible()

    details.get_by_role("link", name="Contoso Referrals").click()
    leads = page.locator("section[aria-labelledby=leads-title]")
    expect(leads.get_by_role("link", name="Pat Prospect")).to_be_visible()
    expect(leads).to_contain_text("39,000.00 EUR")
    expect(page.locator(".stats")).to_contain_text("39,000.00 EUR")

    page.goto(url)
    page.locator("section#partner select").select_option(label="No partner")
    page.get_by_role("button", name="Save partner").click()
    expect(page.get_by_text("The lead's partner was saved.")).to_be_visible()
    assert Lead.objects.get().partner_id is None
