"""The whole sale, clicked through by each role in turn: a lead arrives through the public web
form, the lead generator qualifies it and hands it to a BDM, the BDM works the deal through the
board, quotes and proposes a discount beyond policy, the sales lead approves, the BDM wins it
and exactly one sale is recorded."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from twofold.catalog.services import product_create
from twofold.demo import people
from twofold.people.models import Team
from twofold.sales.choices import LeadSource, LeadStatus, OpportunityStatus
from twofold.sales.models import Lead, Sale
from twofold.sales.services.leads import webform_create
from twofold.sales.services.pipelines import pipeline_create_default
from twofold.sales.services.routing import assignment_rule_create

SCREENSHOTS = Path(os.environ.get("TWOFOLD_SCREENSHOT_DIR", "screenshots"))
DEAL = "Fjordline Shipping — new business"


@pytest.fixture
def sales_org(seeded_db):
    """The demo people, the standard pipeline, one product, a web form routed to the North team."""
    people.load(progress=lambda message: None)
    pipeline_create_default(actor=None)
    product = product_create(
        actor=None,
        code="ANL-PRO",
        name="Analytics Professional",
        family="Analytics",
        tier=2,
        list_price=Decimal("12000.00"),
    )
    assignment_rule_create(
        actor=None, name="Everything to the North", team=Team.objects.get(name="Sales — North")
    )
    form = webform_create(actor=None, name="Contact us")
    return {"form": form, "product": product}


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"whole-sale-{name}.png"), full_page=True)


def as_role(browser: Browser, live_server, login: str) -> Page:
    """A fresh browser context signed in as ``login``: every role works in its own session."""
    page = browser.new_context().new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", people.email_of(login))
    page.fill("#id_password", settings.TWOFOLD_DEMO_PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def move_on_board(page: Page, stage: str) -> None:
    """Move the deal with its "Move to" control, by keyboard: pick the stage, Enter on Move."""
    # htmx binds the form when the page has loaded; before that, Enter submits it natively.
    page.wait_for_load_state("load")
    select = page.get_by_label(f"Move {DEAL} to")
    select.select_option(label=stage)
    select.locator("xpath=following-sibling::button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_contain_text(stage)
    column = page.locator("section.board-column", has=page.get_by_role("heading", name=stage))
    expect(column.get_by_role("link", name=DEAL)).to_be_visible()


def test_a_web_lead_is_qualified_negotiated_approved_and_won_once(
    sales_org, live_server, page, browser
):
    # A prospect fills in the public form, without signing in.
    page.goto(f"{live_server.url}/forms/{sales_org['form'].key}/")
    page.get_by_label("Your name").fill("Ingrid Solberg")
    page.get_by_label("E-mail").fill("ingrid.solberg@fjordline.example")
    page.get_by_label("Company").fill("Fjordline Shipping")
    page.get_by_label("How can we help?").fill("We need reporting for 40 vessels.")
    shot(page, "1-web-form")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text(sales_org["form"].thank_you_message)).to_be_visible()
    lead = Lead.objects.get(email="ingrid.solberg@fjordline.example")
    assert (lead.source, lead.owner.email) == (LeadSource.WEB_FORM, people.email_of("sdr"))

    # The lead generator it was routed to finds it, qualifies it and hands it to a BDM.
    sdr = as_role(browser, live_server, "sdr")
    sdr.get_by_role("navigation", name="Main").get_by_role("link", name="Leads").click()
    sdr.get_by_role("link", name="Ingrid Solberg").click()
    expect(sdr.get_by_role("heading", level=1)).to_contain_text("Ingrid Solberg")
    sdr.get_by_label("Hand to").select_option(label="Marco Rossi")
    sdr.get_by_label("Note for the BDM").fill("Budget approved; wants a pilot this quarter.")
    shot(sdr, "2-lead-qualify")
    sdr.get_by_role("button", name="Qualify and hand over").click()
    sdr.wait_for_load_state()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED
    deal = lead.opportunity
    assert (deal.name, deal.owner.email) == (DEAL, people.email_of("bdm"))
    sdr.context.close()

    # The BDM moves the deal through the stages on the board, by keyboard.
    bdm = as_role(browser, live_server, "bdm")
    bdm.get_by_role("navigation", name="Main").get_by_role("link", name="Board").click()
    move_on_board(bdm, "Proposal")
    move_on_board(bdm, "Negotiation")
    shot(bdm, "3-board")

    # … quotes a product and proposes a discount beyond the policy's 10 %.
    bdm.get_by_role("link", name=DEAL).click()
    bdm.get_by_role("link", name="Add item").click()
    bdm.get_by_label("Product").select_option(value=str(sales_org["product"].pk))
    bdm.get_by_label("Quantity").fill("2")
    bdm.get_by_role("button", name="Save").click()
    expect(bdm.locator("#items")).to_contain_text("Analytics Professional")
    bdm.get_by_role("link", name="Propose terms").click()
    bdm.get_by_label("Discount %").fill("15")
    bdm.get_by_label("Payment terms (net days)").fill("30")
    bdm.get_by_label("Instalments").fill("2")
    bdm.locator("form [type=submit]").last.click()
    expect(bdm.locator("#terms")).to_contain_text("Waiting for approval")
    shot(bdm, "4-terms-pending")
    bdm.context.close()

    # The sales lead approves on the approvals page.
    lead_page = as_role(browser, live_server, "saleslead")
    lead_page.get_by_role("navigation", name="Main").get_by_role("link", name="Approvals").click()
    approval = lead_page.locator("section.card", has_text=DEAL)
    approval.get_by_label(re.compile("Comment")).fill("Approved: a strategic logo in the Nordics.")
    shot(lead_page, "5-approvals")
    approval.get_by_role("button", name="Approve").click()
    expect(lead_page.get_by_role("status")).to_contain_text(f"Terms for {DEAL} approved.")
    lead_page.get_by_role("link", name="Approved").click()
    expect(lead_page.locator("main")).to_contain_text("Approved: a strategic logo in the Nordics.")
    lead_page.context.close()

    # The BDM closes the deal as won: one sale, all credit to the BDM.
    bdm = as_role(browser, live_server, "bdm")
    bdm.goto(f"{live_server.url}/sales/deals/{deal.pk}/")
    bdm.get_by_text("Won…", exact=True).click()
    bdm.get_by_role("button", name="Record the sale").click()
    expect(bdm.locator("main")).to_contain_text("Won")
    sold_for = bdm.get_by_role("definition").filter(has_text="with the agreed terms")
    expect(sold_for).to_contain_text("20,400.00 EUR")  # sold for, at the agreed terms
    shot(bdm, "6-deal-won")

    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.WON
    sale = Sale.objects.get(opportunity=deal)
    assert sale.amount == Decimal("20400.00")  # 2 x 12,000 less 15 %
    assert [(c.seller.email, c.percent) for c in sale.credits.all()] == [
        (people.email_of("bdm"), Decimal("100.00"))
    ]
    assert Sale.objects.count() == 1
