"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: it downloads a browser build of its own. The launch arguments below
point Playwright at the system Chromium (``apt-get install chromium``) instead.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No traffic beyond the live server: no updates, sync or component downloads.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIGN_IN_TIMEOUT_MS = 15_000
SEED_MIGRATION = ("handbook", "0003_seed_role_profiles")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not just this folder's: pick ours by path.
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def seeded_db(transactional_db: None) -> None:
    """A live-server test's database with the rows data migrations write (the role handbook).

    Live-server tests commit for real, so each ends with a flush that also empties what the
    migrations seeded; the next test gets those rows back from the migration itself.
    """
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from twofold.handbook.models import RoleProfile

    if RoleProfile.objects.exists():
        return
    seed = importlib.import_module("twofold.handbook.migrations.0003_seed_role_profiles")
    state = MigrationExecutor(connection).loader.project_state(SEED_MIGRATION)
    seed.create_profiles(state.apps, None)


@pytest.fixture
def signed_in_page(live_server, page: Page) -> Callable[[str, str], Page]:
    """``signed_in_page(email, password)`` signs in through the login form and returns the page."""

    def sign_in(email: str, password: str) -> Page:
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", password)
        page.locator("form:has(#id_password) [type=submit]").click()
        try:
            page.wait_for_url(lambda url: "/login/" not in url, timeout=SIGN_IN_TIMEOUT_MS)
        except PlaywrightTimeoutError:
            pytest.fail(f"sign-in as {email} stayed on {page.url}:\n{page.inner_text('main')}")
        return page

    return sign_in
