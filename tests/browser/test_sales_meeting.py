"""A sales meeting a team can use, clicked through: the sales lead records a decision for the
team at large with an action item for a member (a task with no deal); the member opens the
Meetings menu, reads the meeting and the decision, and finds the task on their home page."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD, user_with
from tests.sales.factories import open_deal, sales_team
from twofold.activities.models import Activity
from twofold.people.choices import Role
from twofold.sales.models import Opportunity
from twofold.sales.services.meetings import sales_meeting_schedule
from twofold.sales.services.terms import terms_propose

SCREENSHOTS = Path(os.environ.get("TWOFOLD_SCREENSHOT_DIR", "screenshots"))
DECISION = "Every BDM books two demos a week"
ACTION = "Share the demo script with the team"


@pytest.fixture
def meeting(seeded_db):
    lead = user_with(Role.SALES_LEAD, full_name="Nora North", email="nora@meet.example")
    bea = user_with(Role.BDM, full_name="Bea One", email="bea@meet.example")
    ben = user_with(Role.BDM, full_name="Ben Two", email="ben@meet.example")
    team = sales_team(bea, ben, lead=lead)
    stalled = open_deal(bea, name="Harbour Freight — new business", amount=Decimal("48000.00"))
    Opportunity.objects.filter(pk=stalled.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=30)
    )
    pending = open_deal(ben, name="Kestrel Foods — new business", amount=Decimal("12500.00"))
    terms_propose(
        actor=None,
        opportunity=pending,
        discount_percent=Decimal(15),
        net_days=30,
        instalment_count=6,
    )
    return sales_meeting_schedule(actor=None, team=team, scheduled_for=timezone.now())


def signed_in(browser: Browser, live_server, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def test_a_member_reads_the_meeting_and_its_team_action_item(meeting, live_server, browser):
    # The sales lead records a decision for the team at large, with a task for Bea, no deal
    lead = signed_in(browser, live_server, "nora@meet.example")
    lead.goto(f"{live_server.url}/sales/meetings/{meeting.pk}/")
    decisions = lead.locator("#meeting-decisions")
    expect(decisions.get_by_label("Deal")).to_have_value("")  # the team at large
    decisions.get_by_label("Decision").fill(DECISION)
    decisions.get_by_label("Action item").fill(ACTION)
    decisions.get_by_label("Task for").select_option(label="Bea One")
    decisions.get_by_label("Due").fill(timezone.localdate().isoformat())
    decisions.get_by_role("button", name="Record").click()
    expect(lead.locator("#meeting-decisions")).to_contain_text("The decision was recorded.")
    expect(lead.locator("#meeting-decisions")).to_contain_text(f"Task for Bea One: {ACTION}")
    task = Activity.objects.get(subject=ACTION)
    assert (task.opportunity_id, task.lead_id, task.meeting_id) == (None, None, meeting.pk)

    # Bea, a member of the team, opens it from the menu: no "Not allowed"
    bea = signed_in(browser, live_server, "bea@meet.example")
    bea.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    when = timezone.localtime(meeting.scheduled_for)
    bea.get_by_role("link", name=f"{when:%a} {when.day} {when:%b %Y}").click()
    expect(bea.get_by_role("heading", level=1)).to_contain_text("Sales meeting")
    expect(bea.locator("#meeting-decisions")).to_contain_text(DECISION)
    expect(bea.locator("#meeting-decisions")).to_contain_text(f"Task for Bea One: {ACTION}")
    expect(bea.get_by_role("button", name="Record")).to_have_count(0)
    expect(bea.locator("main")).to_contain_text("15 %, 6 instalments, net 30 days")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bea.screenshot(path=str(SCREENSHOTS / "sales-meeting-member-1440.png"), full_page=True)
    lead.screenshot(path=str(SCREENSHOTS / "sales-meeting-lead-1440.png"), full_page=True)

    # ...and the task is on her home page, linked to the meeting
    bea.goto(live_server.url + "/")
    expect(bea.locator("main")).to_contain_text(ACTION)
    bea.get_by_role("link", name=f"sales meeting of {meeting.team.name}").click()
    expect(bea).to_have_url(f"{live_server.url}/sales/meetings/{meeting.pk}/")
