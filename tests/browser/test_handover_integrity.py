"""Hand-over integrity in the browser (issue 12, point 1): a customer's lead goes to its
account manager as an upsell or cross-sell, not to a BDM as new business."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import PASSWORD, TeamFactory, user_with
from tests.sales.factories import CompanyFactory, commercial_pipeline
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityKind
from twofold.sales.models import Lead
from twofold.sales.services.leads import lead_create

pytestmark = pytest.mark.usefixtures("seeded_db")


def test_a_customer_s_lead_warns_and_is_offered_to_its_account_manager_as_an_upsell(
    signed_in_page, live_server
):
    commercial_pipeline()
    sdr = user_with(Role.LEAD_GENERATOR, full_name="Sam SDR", email="sam@integrity.example")
    TeamFactory(lead=user_with(Role.SALES_LEAD), members=[sdr, user_with(Role.BDM)])
    manager = user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager")
    account_team(manager)
    AccountFactory(company=CompanyFactory(name="Nordwind Logistics"), relationship_owner=manager)
    lead = lead_create(actor=sdr, full_name="Nina Buyer", company_name="Nordwind Logistics").lead

    page: Page = signed_in_page(sdr.email, PASSWORD)
    page.goto(live_server.url + reverse("sales:lead_detail", args=[lead.pk]))

    card = page.locator("section[aria-labelledby=qualify-title]")
    expect(card).to_contain_text(
        "Nordwind Logistics is already a customer, looked after by Ada Manager"
    )
    expect(card.get_by_role("button", name="Qualify and hand over")).to_have_count(0)
    card.get_by_label("Offer as").select_option(OpportunityKind.CROSS_SELL)
    card.get_by_role("button", name="Offer to Ada Manager").click()

    expect(page.locator("ul.messages")).to_contain_text("Handed to Ada Manager")
    deal = Lead.objects.select_related("opportunity").get(pk=lead.pk).opportunity
    assert deal is not None
    assert (deal.kind, deal.owner_id) == (OpportunityKind.CROSS_SELL, manager.pk)
