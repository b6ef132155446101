"""A user signed in on two browsers ends the other one from the Sessions and tokens page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import PASSWORD, user_with
from twofold.people import access
from twofold.people.choices import Role

SCREENSHOTS = Path(os.environ.get("TWOFOLD_SCREENSHOT_DIR", "screenshots"))
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def seller(seeded_db):
    user = user_with(Role.BDM, full_name="Marco Seller", email="marco@example.test")
    access.api_token_create(actor=user, user=user, name="CRM sync script")
    return user


def test_ending_the_other_session_signs_that_browser_out(
    seller, signed_in_page, browser: Browser, live_server
):
    phone = browser.new_context(user_agent=PHONE).new_page()
    phone.goto(live_server.url + "/login/")
    phone.fill("#id_username", seller.email)
    phone.fill("#id_password", PASSWORD)
    phone.locator("form:has(#id_password) [type=submit]").click()
    phone.wait_for_url(lambda url: "/login/" not in url)
    page = signed_in_page(seller.email, PASSWORD)

    page.goto(live_server.url + "/settings/security/")

    expect(page.get_by_role("heading", name="Sessions and tokens")).to_be_visible()
    rows = page.locator("section[aria-labelledby=sessions-title] tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("this browser")
    expect(rows.nth(1)).to_contain_text("Safari on iOS")
    expect(page.get_by_text("CRM sync script")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "sessions-and-tokens-1440.png"), full_page=True)

    rows.nth(1).get_by_role("button", name="End").click()

    expect(page.get_by_text("The session on Safari on iOS was ended.")).to_be_visible()
    expect(rows).to_have_count(1)
    phone.reload()
    assert "/login/" in phone.url
