"""Hand-over integrity in the browser (issue 12, point 1): a customer's lead goes to its
account manager as an upsell or cross-sell, not to a BDM as new business; a superseded
hand-over says why and links to the newer one; a hand-over left open by its old receiver
cannot undo an account executive's reassignment."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import PASSWORD, TeamFactory, user_with
from tests.handover.helpers import FILLED, manager_team, win, won_package
from tests.sales.factories import CompanyFactory, commercial_pipeline, deal_for, sales_team
from twofold.accounts.models import Account
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage
from twofold.handover.services import handover_accept, handover_submit, handover_update
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


def _signed_in(browser: Browser, live_server, email: str) -> Page:
    """A browser context of its own per person, signed in as ``email``."""
    page = browser.new_context().new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def _submitted(package: HandoverPackage) -> HandoverPackage:
    package = handover_update(actor=package.seller, package=package, **FILLED)
    return handover_submit(actor=package.seller, package=package)


def _another_win(account: Account) -> HandoverPackage:
    seller = user_with(Role.BDM, full_name="Lee Later")
    sales_team(seller)
    deal = win(deal_for(seller, company=account.company, name="Second deal"))
    return HandoverPackage.objects.get(opportunity=deal)


def test_a_superseded_hand_over_shows_why_and_links_to_the_newer_one(browser, live_server):
    _, manager, _ = manager_team()
    first = _submitted(won_package())
    second = _another_win(first.account)

    page = _signed_in(browser, live_server, manager.email)
    page.goto(live_server.url + reverse("handover:detail", args=[first.pk]))

    expect(page.locator(".page-header .badge").first).to_have_text("Superseded")
    closed = page.locator("section[aria-labelledby=closed-title]")
    expect(closed).to_contain_text("Superseded by the hand-over of Second deal")
    expect(page.get_by_role("button", name="Accept the account")).to_have_count(0)
    closed.get_by_role("link", name="Open the newer hand-over of Second deal").click()
    page.wait_for_url(live_server.url + reverse("handover:detail", args=[second.pk]))
    expect(page.locator(".page-header .badge").first).to_have_text("Draft")
    expect(page.locator("section[aria-labelledby=closed-title]")).to_have_count(0)


def test_the_old_receiver_cannot_accept_after_an_account_executive_reassigned_the_account(
    browser, live_server
):
    _, manager, executive = manager_team()
    first = won_package()
    handover_accept(actor=manager, package=_submitted(first))
    newcomer = user_with(Role.ACCOUNT_MANAGER, full_name="Bob Newcomer")
    account_team(newcomer, lead=executive)
    second = _submitted(_another_win(first.account))

    # The old receiver has the hand-over open, ready to accept…
    old = _signed_in(browser, live_server, manager.email)
    old.goto(live_server.url + reverse("handover:detail", args=[second.pk]))
    expect(old.get_by_role("button", name="Accept the account")).to_be_visible()

    # … when the account executive gives the account to another account manager.
    boss = _signed_in(browser, live_server, executive.email)
    boss.goto(live_server.url + reverse("accounts:reassign", args=[first.account_id]))
    boss.get_by_label("New account manager").select_option(label="Bob Newcomer")
    boss.get_by_label("Reason").fill("Rebalancing the portfolios")
    boss.get_by_role("button", name="Reassign").click()
    expect(boss.locator("ul.messages")).to_contain_text("now belongs to Bob Newcomer")

    old.get_by_role("button", name="Accept the account").click()

    expect(old.locator("ul.messages")).to_contain_text(
        "now goes to Bob Newcomer: the account was reassigned, so it is no longer yours"
    )
    account = Account.objects.get(pk=first.account_id)
    assert account.relationship_owner_id == newcomer.pk
    assert HandoverPackage.objects.get(pk=second.pk).status == HandoverStatus.SUBMITTED
