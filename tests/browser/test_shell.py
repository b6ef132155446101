"""Each demo role signs in through the real form and finds its home page and navigation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from twofold import demo
from twofold.demo import people
from twofold.people.models import User

SCREENSHOTS = Path(os.environ.get("TWOFOLD_SCREENSHOT_DIR", "screenshots"))

# login -> (first name, a role badge on the home page)
DEMO_ROLES = {
    "admin": ("Alex", "Admin"),
    "saleslead": ("Sofia", "Sales lead"),
    "sdr": ("Lena", "Lead generator"),
    "bdm": ("Marco", "Business development manager"),
    "agent": ("Pieter", "Agent"),
    "ae": ("Grace", "Account executive"),
    "kam": ("Nadia", "Key account manager"),
    "am": ("Emma", "Account manager"),
    "delivery": ("Ivan", "Department member"),
    "solo": ("Sam", "Account manager"),
}


SELLER_NAV = ["My work", "Leads", "Board", "Deals", "Meetings", "Hand-overs", "Portfolio"]
ACCOUNTS_NAV = ["My work", "Board", "Deals", "Hand-overs", "Portfolio"]
LEAD_NAV = [
    "My work",
    "Leads",
    "Board",
    "Deals",
    "Approvals",
    "Meetings",
    "Reports",
    "Hand-overs",
    "Portfolio",
]
NAV = {
    "admin": [*LEAD_NAV, "Settings"],
    "saleslead": [*LEAD_NAV, "Settings"],  # lead routing; client voice moves to the user menu
    "sdr": SELLER_NAV,
    "bdm": SELLER_NAV,
    "agent": ["My work", "Leads", "Board", "Deals", "Hand-overs"],
    "ae": [*ACCOUNTS_NAV, "Amendments", "Client voice"],
    "kam": ACCOUNTS_NAV,
    "am": ACCOUNTS_NAV,
    "delivery": ["My work", "Requests"],
    "solo": SELLER_NAV,
}


@pytest.fixture
def demo_org(seeded_db):
    # The people of the demo are what the shell shows; the sales data (slow to build through
    # the services) is exercised by test_whole_sale.py.
    people.load(progress=lambda message: None)


def sign_in_as(signed_in_page, login: str) -> Page:
    return signed_in_page(f"{login}@{demo.DEMO_DOMAIN}", settings.TWOFOLD_DEMO_PASSWORD)


def open_user_menu_link(page: Page, name: str) -> None:
    page.locator(".usermenu summary").click()
    page.locator(".usermenu-panel").get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("login", list(DEMO_ROLES))
def test_each_demo_role_lands_on_its_home_page(demo_org, signed_in_page, login):
    first_name, badge = DEMO_ROLES[login]

    page = sign_in_as(signed_in_page, login)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Good to see you, {first_name}")
    expect(page.get_by_label("Your roles").get_by_text(badge, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=f"As {badge.lower()}", exact=True)).to_be_visible()
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link")).to_have_text(NAV[login])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{login}.png"), full_page=True)


def test_the_user_menu_opens_and_signs_out(demo_org, signed_in_page):
    page = sign_in_as(signed_in_page, "bdm")

    page.locator(".usermenu summary").click()
    menu = page.locator(".usermenu-panel")
    expect(menu.get_by_text("Marco Rossi", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Role handbook")).to_be_visible()
    expect(menu.get_by_role("link", name="API tokens")).to_be_visible()
    menu.get_by_role("button", name="Sign out").click()

    page.wait_for_url("**/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_wrong_password_shows_one_message_and_keeps_the_email(demo_org, live_server, page):
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "bdm@demo.twofold.test")
    page.fill("#id_password", "wrong-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct e-mail and password")
    expect(page.locator("#id_username")).to_have_value("bdm@demo.twofold.test")


def test_an_admin_invites_a_user_and_then_deactivates_them(demo_org, signed_in_page):
    page = sign_in_as(signed_in_page, "admin")

    open_user_menu_link(page, "People")
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("Full name").fill("Noor Haddad")
    page.get_by_label("E-mail", exact=True).fill("noor@demo.twofold.test")
    page.get_by_label("Account manager", exact=True).check()
    page.get_by_label("Accounts — Mid-market (account-management team)").check()
    page.get_by_role("button", name="Add user").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Noor Haddad")
    expect(page.get_by_role("status")).to_contain_text("Noor Haddad was added")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "user-detail.png"), full_page=True)

    page.get_by_label("Reason").fill("Joined by mistake")
    page.get_by_role("button", name="Deactivate Noor").click()

    expect(page.get_by_role("status")).to_contain_text("was deactivated")
    expect(page.get_by_text("Joined by mistake")).to_be_visible()
    assert User.objects.get(email="noor@demo.twofold.test").is_active is False


def test_an_invalid_form_shows_the_error_next_to_the_field(demo_org, signed_in_page):
    page = sign_in_as(signed_in_page, "admin")
    open_user_menu_link(page, "People")
    page.get_by_role("link", name="Invite a user").click()

    page.get_by_label("Full name").fill("Noor Haddad")
    page.get_by_label("E-mail", exact=True).fill("admin@demo.twofold.test")
    page.get_by_role("button", name="Add user").click()

    expect(page.locator("#id_email_errors")).to_have_text("A user with this e-mail already exists.")
    expect(page.get_by_label("Full name")).to_have_value("Noor Haddad")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "user-form-error.png"), full_page=True)


def test_the_layout_fits_a_phone(demo_org, signed_in_page, page):
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in_as(signed_in_page, "am")

    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Portfolio")
    ).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home-phone.png"), full_page=True)


def test_the_skip_link_is_the_first_thing_a_keyboard_reaches(demo_org, signed_in_page):
    page = sign_in_as(signed_in_page, "am")
    page.reload()

    page.keyboard.press("Tab")

    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
