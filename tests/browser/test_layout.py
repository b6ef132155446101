"""Pages hold their shape: a very long word wraps instead of widening the page, the top bar stays
on one line on a laptop with room for the search box, and the deal pages fit a phone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import PASSWORD, user_with
from tests.sales.factories import (
    CompanyFactory,
    LeadFactory,
    ProductFactory,
    deal_for,
    sales_team,
)
from twofold.activities.models import ActivityKind
from twofold.activities.services import activity_log
from twofold.people.choices import Role
from twofold.sales.services.items import line_item_add

LONG_WORD = "W" * 10_000
LAPTOP = {"width": 1440, "height": 900}
SMALL_LAPTOP = {"width": 1280, "height": 800}
SEARCH_BOX_ROOM_PX = 240  # the global search box sits between the menu and the user menu
PHONE = {"width": 390, "height": 844}


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def sticking_out(page: Page, width: int) -> list[str]:
    """The outermost elements reaching past ``width``: what to fix when a page scrolls sideways."""
    return list(
        page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > width + 0.5)
                .filter((el) => el.parentElement.getBoundingClientRect().right <= width + 0.5)
                .map((el) => [el.parentElement, el]
                    .map((e) => [e.tagName.toLowerCase(), ...e.classList].join("."))
                    .join(" > "))""",
            width,
        )
    )


def word(model: Any, field: str, prefix: str) -> str:
    """``prefix`` and the longest word the column holds (PostgreSQL enforces a varchar's length,
    SQLite does not): at 150 or more characters still far wider than any screen."""
    length = model._meta.get_field(field).max_length or len(LONG_WORD)
    return prefix + LONG_WORD[: length - len(prefix)]


@pytest.fixture
def long_records(seeded_db):
    """A lead, a deal and an account whose names are one word as long as their columns allow,
    and a lead whose need is one 10,000-character word."""
    from twofold.accounts.models import Account
    from twofold.parties.models import Company
    from twofold.people.models import User
    from twofold.sales.models import Lead, Opportunity

    admin = user_with(Role.ADMIN, full_name="Alex Admin", email="alex@layout.example")
    seller = user_with(
        Role.BDM, full_name=word(User, "full_name", "Sam "), email="sam@layout.example"
    )
    sales_team(seller)
    manager = user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager", email="ada@layout.example")
    account_team(manager)
    company = CompanyFactory(name=word(Company, "name", "Company "), domain="long.example")
    lead = LeadFactory(
        full_name=word(Lead, "full_name", "Lee "),
        company_name=word(Lead, "company_name", ""),
        need=LONG_WORD,
        owner=seller,
    )
    deal = deal_for(
        seller, name=word(Opportunity, "name", "Deal "), company=company, amount=Decimal("39000")
    )
    account = AccountFactory(
        company=company,
        relationship_owner=manager,
        seller=seller,
        name=word(Account, "name", "Account "),
    )
    return {"admin": admin, "lead": lead, "deal": deal, "account": account}


def sign_in(signed_in_page, user) -> Page:
    return signed_in_page(user.email, PASSWORD)


@pytest.mark.parametrize(
    "path",
    [
        "/sales/leads/",
        "/sales/leads/{lead}/",
        "/sales/deals/",
        "/sales/deals/{deal}/",
        "/sales/board/",
        "/accounts/",
        "/accounts/{account}/",
    ],
)
def test_a_ten_thousand_character_word_does_not_widen_the_page(
    long_records, live_server, signed_in_page, page, path
):
    page.set_viewport_size(LAPTOP)
    sign_in(signed_in_page, long_records["admin"])

    url = path.format(
        lead=long_records["lead"].pk,
        deal=long_records["deal"].pk,
        account=long_records["account"].pk,
    )
    page.goto(live_server.url + url)

    assert page.locator("main").inner_text().count("WWWW") > 0
    assert page_width(page) <= LAPTOP["width"]


def test_the_top_bar_stays_on_one_line_at_1280_px_for_an_admin(seeded_db, signed_in_page, page):
    # The admin is offered the most top-bar links of any role.
    admin = user_with(Role.ADMIN, full_name="Alexandra Administrator", email="alex@bar.example")
    page.set_viewport_size(SMALL_LAPTOP)

    sign_in(signed_in_page, admin)

    bar = page.evaluate(
        """() => {
            const bar = document.querySelector(".topbar");
            const style = getComputedStyle(bar);
            const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
            const boxes = [...bar.children].map((child) => child.getBoundingClientRect());
            const links = [...bar.querySelectorAll(".mainnav li")];
            return {
                height: bar.getBoundingClientRect().height - padding,
                row: Math.max(...boxes.map((box) => box.height)),
                linkTops: [
                    ...new Set(links.map((li) => Math.round(li.getBoundingClientRect().top))),
                ],
                room: document.querySelector(".usermenu").getBoundingClientRect().left
                    - document.querySelector(".mainnav").getBoundingClientRect().right,
            };
        }"""
    )
    assert page.get_by_role("navigation", name="Main").get_by_role("link").last.inner_text() == (
        "Settings"
    )
    assert len(bar["linkTops"]) == 1
    assert bar["height"] == pytest.approx(bar["row"], abs=1)
    assert bar["room"] >= SEARCH_BOX_ROOM_PX


@pytest.fixture
def everyday_records(seeded_db):
    """A seller's deals in several stages, one with products on it, and a manager's accounts."""
    seller = user_with(Role.BDM, full_name="Marco Rossi", email="marco@phone.example")
    sales_team(seller)
    manager = user_with(Role.ACCOUNT_MANAGER, full_name="Emma Manager", email="emma@phone.example")
    account_team(manager)
    deals = [
        deal_for(seller, name=f"Fleet renewal for Nordic Logistics {n}", stage_name=stage)
        for n, stage in enumerate(["Discovery", "Proposal", "Negotiation"])
    ]
    for deal in deals:  # the home page lists them with a "Mark done" button each
        activity_log(
            actor=seller,
            kind=ActivityKind.TASK,
            subject="Check references with a customer",
            opportunity=deal,
            due_on=timezone.localdate() - timedelta(days=2),
        )
    for n in range(3):
        line_item_add(
            actor=None,
            opportunity=deals[1],
            product=ProductFactory(name=f"Route planning analytics, tier {n + 1}"),
            quantity=Decimal("12"),
        )
        AccountFactory(
            company=CompanyFactory(name=f"Sandström Freight Partners {n}", domain=f"f{n}.example"),
            relationship_owner=manager,
            seller=seller,
            name=f"Sandström Freight Partners {n}",
        )
    return {"seller": seller, "manager": manager, "deal": deals[1]}


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("seller", "/"),
        ("seller", "/sales/board/"),
        ("seller", "/sales/deals/{deal}/"),
        ("manager", "/accounts/"),
    ],
)
def test_the_page_fits_a_phone_without_scrolling_sideways(
    everyday_records, live_server, signed_in_page, page, who, path
):
    page.set_viewport_size(PHONE)
    sign_in(signed_in_page, everyday_records[who])

    page.goto(live_server.url + path.format(deal=everyday_records["deal"].pk))

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page_width(page) <= PHONE["width"], sticking_out(page, PHONE["width"])


LIST_ROWS = 40
ROWS_PER_LAPTOP_SCREEN = 15


@pytest.fixture
def full_lists(seeded_db):
    """More leads, deals and accounts than a screen holds, named and described as real ones are."""
    admin = user_with(Role.ADMIN, full_name="Alex Admin", email="alex@lists.example")
    seller = user_with(Role.BDM, full_name="Marco Rossi", email="marco@lists.example")
    sales_team(seller)
    manager = user_with(Role.ACCOUNT_MANAGER, full_name="Emma Clarke", email="emma@lists.example")
    account_team(manager)
    for n in range(LIST_ROWS):
        company = CompanyFactory(name=f"Riverstone Engineering {n}", domain=f"river{n}.example")
        LeadFactory(
            full_name=f"Katja Ivanova {n}",
            email=f"katja.ivanova{n}@riverstoneengineering.example",
            company_name=company.name,
            industry="Manufacturing",
            region="Southern Europe",
            owner=seller,
        )
        deal_for(seller, name=f"{company.name} — new business", company=company)
        AccountFactory(
            company=company, relationship_owner=manager, seller=seller, name=company.name
        )
    return {"admin": admin, "manager": manager}


@pytest.mark.parametrize(
    ("who", "path"),
    [("admin", "/sales/leads/"), ("admin", "/sales/deals/"), ("manager", "/accounts/")],
)
def test_a_list_shows_fifteen_or_more_whole_rows_on_a_laptop_screen(
    full_lists, live_server, signed_in_page, page, who, path
):
    page.set_viewport_size(LAPTOP)
    sign_in(signed_in_page, full_lists[who])

    page.goto(live_server.url + path)

    visible = page.evaluate(
        """(height) => [...document.querySelectorAll("main tbody tr")]
            .filter((row) => row.getBoundingClientRect().bottom <= height).length""",
        LAPTOP["height"],
    )
    assert visible >= ROWS_PER_LAPTOP_SCREEN
    assert page_width(page) <= LAPTOP["width"]


PARAGRAPHS = [
    "Win the COO first: the outage in March cost them a week of deliveries.",
    "Keep the CFO close; she signs above 50,000 and wants the instalments spelled out.",
    "Show the pilot figures from the Nordic depots, not the brochure.",
]


def strategy_text(length: int) -> str:
    """The paragraphs, one blank line apart, then prose until the text is ``length`` long."""
    head = "\n\n".join(PARAGRAPHS) + "\n\n"
    filler = ("Call the buyer back before Friday and confirm the route planning tier. " * 400)[
        : length - len(head)
    ]
    return head + filler


def test_a_twenty_thousand_character_strategy_keeps_its_paragraphs_within_the_page(
    seeded_db, live_server, signed_in_page, page
):
    from twofold.core.text_limits import limit_for
    from twofold.sales.models import DealStrategy
    from twofold.sales.services.strategy import deal_strategy_set

    seller = user_with(Role.BDM, full_name="Marco Rossi", email="marco@strategy.example")
    team = sales_team(seller)
    deal = deal_for(seller, name="Fleet renewal", amount=Decimal("39000"))
    limit = limit_for(DealStrategy, "approach")
    deal_strategy_set(
        actor=team.lead,
        opportunity=deal,
        approach=strategy_text(limit),
        key_messages="Uptime.",
        risks="R" * limit,
        next_steps="Call",
    )
    page.set_viewport_size(LAPTOP)
    sign_in(signed_in_page, seller)

    page.goto(live_server.url + f"/sales/deals/{deal.pk}/")

    approach = page.locator(".strategy dd").first
    lines = approach.inner_text().split("\n")
    assert [line for line in lines if line][:3] == PARAGRAPHS
    assert approach.inner_html().count("<br>") == 2 * (len(PARAGRAPHS))
    assert page_width(page) <= LAPTOP["width"], sticking_out(page, LAPTOP["width"])
