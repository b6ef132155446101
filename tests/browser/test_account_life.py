"""The account's life, clicked through by each person in turn: the seller wins a new-business
deal and fills in its hand-over, the account manager sends it back with a question, the seller
answers, the account manager accepts, logs a call and asks delivery for help, delivery resolves
the request and its outcome comes back to the account's timeline."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.accounts.factories import account_team, department_team
from tests.factories import PASSWORD, user_with
from tests.sales.factories import CompanyFactory, deal_for, sales_team
from twofold.accounts.choices import AccountStatus, InteractionKind
from twofold.accounts.models import Account
from twofold.activities.models import Activity
from twofold.departments.choices import RequestStatus
from twofold.departments.models import InternalRequest
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage
from twofold.people.choices import Department, Role
from twofold.sales.choices import OpportunityStatus
from twofold.sales.services.terms import terms_propose

SCREENSHOTS = Path(os.environ.get("TWOFOLD_SCREENSHOT_DIR", "screenshots"))
CUSTOMER = "Nordwind Logistics"
DEAL = "Nordwind Logistics — new business"
QUESTION = "Who signs the purchase orders, and is the Hamburg depot in scope?"
ANSWER = "Anna Berg signs. Hamburg joins in the second year."
CALL = "Kick-off call with Anna Berg"
REQUEST = "Set up the Berlin depot"
OUTCOME = "Berlin depot live on 3 March; 40 drivers trained."


@pytest.fixture
def org(seeded_db):
    """The people of the story, and a new-business deal with terms approved within policy.

    The terms are proposed through the service: the sale's negotiation has its own browser
    test (test_whole_sale.py); this one starts where the deal is won.
    """
    seller = user_with(Role.BDM, full_name="Sam Seller", email="sam@life.example")
    sales_team(seller, lead=user_with(Role.SALES_LEAD, full_name="Lea Saleslead"))
    manager = user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager", email="ada@life.example")
    account_team(manager, lead=user_with(Role.ACCOUNT_EXECUTIVE, full_name="Eve Executive"))
    delivery = user_with(Role.DEPARTMENT_MEMBER, full_name="Dan Delivery", email="dan@life.example")
    department_team(
        Department.DELIVERY,
        delivery,
        lead=user_with(Role.DEPARTMENT_MEMBER, full_name="Lena Lead"),
    )
    deal = deal_for(
        seller,
        name=DEAL,
        amount=Decimal("12000.00"),
        company=CompanyFactory(name=CUSTOMER, domain="nordwind.example"),
        stage_name="Negotiation",
    )
    terms_propose(
        actor=seller,
        opportunity=deal,
        discount_percent=Decimal("5"),
        net_days=30,
        instalment_count=2,
    )
    return {"seller": seller, "manager": manager, "delivery": delivery, "deal": deal}


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"account-life-{name}.png"), full_page=True)


def signed_in(browser: Browser, live_server, email: str) -> Page:
    """A fresh browser context signed in as ``email``: every person works in their own session."""
    page = browser.new_context().new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def expect_status(page: Page, status: str) -> None:
    expect(page.locator(".page-header .badge").first).to_have_text(status)


def test_a_won_customer_is_handed_over_cared_for_and_helped_by_delivery(org, live_server, browser):
    deal = org["deal"]

    # 1. The seller wins the deal on its page: one sale, one account, one hand-over.
    seller = signed_in(browser, live_server, "sam@life.example")
    seller.goto(f"{live_server.url}/sales/deals/{deal.pk}/")
    seller.get_by_text("Won…", exact=True).click()
    seller.get_by_role("button", name="Record the sale").click()
    handover_link = seller.get_by_role("link", name="Draft")  # the hand-over's status
    expect(handover_link).to_be_visible()
    sold_for = seller.locator("dt", has_text="Sold for").locator("xpath=following-sibling::dd[1]")
    expect(sold_for).to_contain_text("11,400.00 EUR")  # less 5 %
    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.WON

    # 2. … opens the hand-over from the deal and submits it too early: the error names what
    # is missing. Then fills in the rest and submits it to the routed account manager.
    handover_link.click()
    expect(seller.get_by_role("heading", level=1)).to_have_text(f"Hand-over of {CUSTOMER}")
    expect_status(seller, "Draft")
    seller.get_by_role("link", name="Fill in").click()
    expect(seller.get_by_role("heading", level=1)).to_have_text("Fill in the hand-over")
    seller.get_by_label("Short-term goals").fill("Roll out to the Berlin depot\nTrain 40 drivers")
    seller.get_by_role("button", name="Save and submit").click()
    # Each missing field is named once, next to it; no summary repeats them on top.
    expect(seller.locator(".field.has-error")).to_have_count(4)
    expect(seller.get_by_text("Fill in the customer's long-term goals.")).to_have_count(1)
    shot(seller, "1-handover-form")
    seller.get_by_label("Long-term goals").fill("Replace the legacy fleet system")
    seller.get_by_label("Expectations").fill("Weekly check-ins during the roll-out")
    seller.get_by_label("Success criteria").fill("Fuel cost down 8 % within a year")
    seller.get_by_label("Key stakeholders").fill("Anna Berg (COO), decides")
    seller.get_by_role("button", name="Save and submit").click()
    expect_message(seller, "Submitted to Ada Manager.")
    expect_status(seller, "Waiting for acceptance")
    seller.context.close()

    # 3. The account manager finds it among the hand-overs and sends it back with a question.
    manager = signed_in(browser, live_server, "ada@life.example")
    nav(manager, "Hand-overs")
    manager.get_by_role("link", name=CUSTOMER).click()
    expect(manager.get_by_role("heading", name="Your decision")).to_be_visible()
    manager.get_by_role("textbox", name="Questions").fill(QUESTION)
    manager.get_by_role("button", name="Send back with questions").click()
    expect_message(manager, "Sent back to Sam Seller with your questions.")
    expect_status(manager, "Sent back with questions")
    expect(manager.get_by_role("heading", name="Your decision")).to_have_count(0)

    # 4. The seller reads the question on the hand-over, answers and submits it again.
    seller = signed_in(browser, live_server, "sam@life.example")
    nav(seller, "Hand-overs")
    seller.get_by_role("link", name=CUSTOMER).click()
    expect(seller.locator(".handover-round")).to_contain_text(QUESTION)
    expect(seller.locator(".handover-round")).to_contain_text("Waiting for the seller's answer.")
    seller.get_by_role("textbox", name="Answer").fill(ANSWER)
    seller.get_by_role("button", name="Answer and submit again").click()
    expect_message(seller, "Submitted to Ada Manager.")
    expect_status(seller, "Waiting for acceptance")
    seller.context.close()

    # 5. The account manager reads the answer and accepts: the account is theirs.
    manager.reload()
    expect(manager.locator(".handover-round")).to_contain_text(ANSWER)
    shot(manager, "2-handover-rounds")
    manager.get_by_role("button", name="Accept the account").click()
    expect_message(manager, f"Accepted: you now manage {CUSTOMER}.")
    expect_status(manager, "Accepted")
    expect(manager.locator(".handover-facts")).to_contain_text("by Ada Manager")
    shot(manager, "3-handover-accepted")
    manager.get_by_role("heading", level=1).get_by_role("link", name=CUSTOMER).click()
    owners = manager.get_by_label("Owners")
    expect(owners.locator("div", has_text="Relationship owner").locator("dd")).to_have_text(
        "Ada Manager"
    )
    expect(manager.locator(".account-header .badge").first).to_have_text("Managed")
    expect(manager.locator("#timeline-list")).to_contain_text(
        "Ada Manager accepted the hand-over from Sam Seller"
    )

    # 6. … logs a call in the quick log (htmx puts it on the timeline without a reload) …
    manager.wait_for_load_state("load")  # htmx binds the form on load
    manager.locator("#quick-log").get_by_text("Call", exact=True).click()
    manager.get_by_label("Subject").fill(CALL)
    manager.get_by_label("Subject").press("Enter")
    expect(manager.locator("#log-status")).to_have_text("Call logged.")
    first_entry = manager.locator("#timeline-list > li.interaction").first
    expect(first_entry).to_contain_text(CALL)
    expect(first_entry.locator(".kind")).to_have_text("Call")
    expect(manager.get_by_label("Subject")).to_have_value("")

    # … and asks delivery for help from the account's Requests tab.
    manager.get_by_role("navigation", name="Account", exact=True).get_by_role(
        "link", name="Requests"
    ).click()
    manager.get_by_label("Department").select_option(label="Delivery")
    manager.get_by_label("Type").select_option(label="Delivery or implementation work")
    manager.get_by_label("Priority").select_option(label="High")
    manager.get_by_label("What do you need?").fill(REQUEST)
    manager.get_by_label("Details").fill("Two loading bays, 40 drivers, go-live in March.")
    manager.get_by_role("button", name="Send request").click()
    expect_message(manager, "Sent to Delivery: due")
    row = manager.get_by_role("row", name=re.compile(REQUEST))
    expect(row.locator(".rq-status")).to_have_text("Open")
    shot(manager, "4-account-requests")

    # 7. The delivery member finds it in their queue, takes it and resolves it.
    delivery = signed_in(browser, live_server, "dan@life.example")
    nav(delivery, "Requests")
    expect(delivery.get_by_role("heading", level=1)).to_have_text("Requests")
    queued = delivery.get_by_role("row", name=re.compile(REQUEST))
    expect(queued).to_contain_text(CUSTOMER)
    expect(queued).to_contain_text("Ada Manager")
    expect(queued.locator(".rq-status")).to_have_text("Open")
    shot(delivery, "5-department-queue")
    queued.get_by_role("link", name=REQUEST).click()
    expect(delivery.get_by_role("heading", level=1)).to_have_text(REQUEST)
    delivery.get_by_role("button", name="Take it").click()
    expect_message(delivery, "The request is yours.")
    expect(delivery.locator(".rq-about")).to_contain_text("Dan Delivery")
    shot(delivery, "6-request-detail")
    delivery.get_by_role("textbox", name="Outcome").fill(OUTCOME)
    delivery.get_by_role("button", name="Resolve", exact=True).click()
    expect_message(delivery, "Resolved: the outcome is on the account's timeline.")
    expect(delivery.locator(".page-header .badges")).to_contain_text("Resolved")
    expect(delivery.locator(".rq-outcome")).to_have_text(OUTCOME)
    shot(delivery, "7-request-resolved")
    delivery.context.close()

    # 8. The account manager sees the outcome on the account's timeline.
    nav(manager, "Portfolio")
    portfolio_row = manager.get_by_role("row", name=re.compile(CUSTOMER))
    expect(portfolio_row).to_contain_text("Ada Manager")
    shot(manager, "8-portfolio")
    portfolio_row.get_by_role("link", name=CUSTOMER).click()
    newest = manager.locator("#timeline-list > li.interaction").first
    expect(newest).to_contain_text(f"Delivery resolved: {REQUEST}")
    expect(newest).to_contain_text(OUTCOME)
    expect(newest.locator(".kind")).to_have_text("Internal request")
    shot(manager, "9-account-timeline")
    manager.context.close()

    # What the database holds: one accepted hand-over after one send-back (two submissions),
    # the call and the resolved request on the account.
    package = HandoverPackage.objects.get(opportunity=deal)
    assert (package.status, package.send_backs, package.accepted_by) == (
        HandoverStatus.ACCEPTED,
        1,
        org["manager"],
    )
    first, latest = package.first_submitted_at, package.submitted_at
    assert first is not None
    assert latest is not None
    assert latest > first  # submitted, sent back, submitted again
    assert [(r.questions, r.answer) for r in package.rounds.all()] == [(QUESTION, ANSWER)]
    account = Account.objects.get(pk=package.account_id)
    assert (account.status, account.relationship_owner) == (
        AccountStatus.MANAGED,
        org["manager"],
    )
    assert list(
        Activity.objects.filter(account=account, kind=InteractionKind.CALL).values_list(
            "subject", "owner__email"
        )
    ) == [(CALL, "ada@life.example")]
    request = InternalRequest.objects.get(account=account)
    assert (request.status, request.outcome, request.resolved_by) == (
        RequestStatus.RESOLVED,
        OUTCOME,
        org["delivery"],
    )
