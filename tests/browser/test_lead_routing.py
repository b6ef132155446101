"""A sales lead keeps their team's routing rules in the browser: moves one up, deletes another,
and never sees the other team's rule."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from twofold.demo import people
from twofold.people.models import Team
from twofold.sales.models import AssignmentRule
from twofold.sales.services.routing import assignment_rule_create

SCREENSHOTS = Path(os.environ.get("TWOFOLD_SCREENSHOT_DIR", "screenshots"))


@pytest.fixture
def rules(seeded_db):
    people.load(progress=lambda message: None)
    north = Team.objects.get(name=people.NORTH)
    south = Team.objects.get(name=people.SOUTH)
    assignment_rule_create(actor=None, name="Retail first", team=north, priority=10)
    assignment_rule_create(
        actor=None, name="South catch-all", team=south, priority=15, region="South"
    )
    assignment_rule_create(
        actor=None, name="DACH events", team=north, priority=20, source="event", region="DACH"
    )
    assignment_rule_create(actor=None, name="North catch-all", team=north, priority=30)


def rule_names(page: Page) -> list[str]:
    return page.locator("tbody tr td:nth-child(2) a").all_inner_texts()


def test_a_sales_lead_reorders_and_deletes_their_teams_rules(rules, signed_in_page):
    page = signed_in_page(people.email_of("saleslead"), settings.TWOFOLD_DEMO_PASSWORD)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Lead routing").click()

    expect(page.get_by_role("heading", name="Lead routing")).to_be_visible()
    assert rule_names(page) == ["Retail first", "DACH events", "North catch-all"]
    expect(page.get_by_role("button", name="Move “Retail first” up")).to_be_disabled()
    expect(page.get_by_role("button", name="Move “North catch-all” down")).to_be_disabled()
    row = page.locator("tr", has=page.get_by_role("link", name="DACH events"))
    expect(row.locator("td").nth(3)).to_have_text("source event · region DACH")

    page.get_by_role("button", name="Move “DACH events” up").click()
    expect(page.locator("tbody tr").first).to_contain_text("DACH events")
    assert rule_names(page) == ["DACH events", "Retail first", "North catch-all"]

    page.get_by_role("button", name="Delete “North catch-all”").click()
    expect(page.get_by_text("The rule “North catch-all” was deleted.")).to_be_visible()
    assert rule_names(page) == ["DACH events", "Retail first"]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "lead-routing-1440.png"), full_page=True)
    names = dict(AssignmentRule.objects.values_list("name", "priority"))
    assert names == {"DACH events": 10, "Retail first": 20, "South catch-all": 15}
