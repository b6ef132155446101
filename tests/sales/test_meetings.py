"""Sales meetings: the agenda drafted from the team's pipeline, decisions against deals with
their tasks and events, notes, who may run a meeting; the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import open_deal, sales_team
from twofold.activities.models import Activity
from twofold.core.templatetags.formats import day
from twofold.people.choices import Role
from twofold.people.models import User
from twofold.sales.choices import OpportunityEventType
from twofold.sales.models import MeetingDecision, Opportunity, OpportunityEvent, SalesMeeting
from twofold.sales.services.complaints import complaint_log, complaint_resolve
from twofold.sales.services.meetings import (
    sales_meeting_record_decision,
    sales_meeting_schedule,
    sales_meeting_update_notes,
)
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db


@dataclass
class World:
    lead: User
    other_lead: User
    bdm1: User
    bdm2: User
    bdm3: User
    north: Any
    south: Any
    moved: Opportunity
    moved_before: Opportunity
    stalled: Opportunity
    fresh: Opportunity
    closing: Opportunity
    closing_later: Opportunity
    pending: Opportunity
    complaint: Any
    south_deal: Opportunity


def _age(deal: Opportunity, days: int) -> Opportunity:
    Opportunity.objects.filter(pk=deal.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=days)
    )
    return deal


@pytest.fixture
def world() -> World:
    lead = user_with(Role.SALES_LEAD, full_name="Nora North")
    other_lead = user_with(Role.SALES_LEAD, full_name="Sam South")
    bdm1 = user_with(Role.BDM, full_name="Bea One")
    bdm2 = user_with(Role.BDM, full_name="Ben Two")
    bdm3 = user_with(Role.BDM, full_name="Bo Three")
    north = sales_team(bdm1, bdm2, lead=lead)
    south = sales_team(bdm3, lead=other_lead)
    now = timezone.now()
    # The team's last meeting was yesterday; one deal moved before it, one after.
    SalesMeeting.objects.create(team=north, scheduled_for=now - timedelta(days=1), led_by=lead)
    moved_before = open_deal(bdm2, stage="Proposal", name="Moved before")
    OpportunityEvent.objects.filter(opportunity=moved_before).update(at=now - timedelta(days=2))
    moved = open_deal(bdm1, stage="Proposal", name="Moved")
    stalled = _age(open_deal(bdm1, name="Stalled"), 30)
    fresh = _age(open_deal(bdm2, name="Fresh"), 10)
    closing = _age(open_deal(bdm2, name="Closing", expected_close_date=now.date()), 1)
    closing_later = _age(
        open_deal(bdm2, name="Closing later", expected_close_date=now.date() + timedelta(days=40)),
        1,
    )
    pending = _age(open_deal(bdm2, name="Pending", amount=Decimal("5000.00")), 1)
    terms_propose(
        actor=None,
        opportunity=pending,
        discount_percent=Decimal(40),
        net_days=30,
        instalment_count=1,
    )
    complaint = complaint_log(actor=None, opportunity=fresh, summary="Late answer", owner=bdm2)
    solved = complaint_log(actor=None, opportunity=fresh, summary="Solved", owner=bdm2)
    complaint_resolve(actor=None, complaint=solved, resolution="Called back")
    south_deal = _age(open_deal(bdm3, stage="Proposal", name="South deal"), 40)
    complaint_log(actor=None, opportunity=south_deal, summary="South issue", owner=bdm3)
    for deal in (moved_before, moved):
        Opportunity.objects.filter(pk=deal.pk).update(stage_entered_at=now)
    return World(
        lead,
        other_lead,
        bdm1,
        bdm2,
        bdm3,
        north,
        south,
        moved,
        moved_before,
        stalled,
        fresh,
        closing,
        closing_later,
        pending,
        complaint,
        south_deal,
    )


def ids(meeting: SalesMeeting, section: str) -> list[int]:
    return [row["id"] for row in meeting.agenda[section]]


# --- The agenda -----------------------------------------------------------------------------


def test_scheduling_drafts_each_agenda_section_from_the_team_s_pipeline(world: World):
    meeting = sales_meeting_schedule(
        actor=world.lead, team=world.north, scheduled_for=timezone.now()
    )

    assert ids(meeting, "moved") == [world.moved.pk]
    assert ids(meeting, "stalled") == [world.stalled.pk]
    assert ids(meeting, "closing") == [world.closing.pk]
    assert ids(meeting, "approvals") == [world.pending.pk]
    assert [row["complaint_id"] for row in meeting.agenda["complaints"]] == [world.complaint.pk]
    assert meeting.agenda["stalled_after_days"] == 21


def test_the_meeting_is_led_by_the_team_s_sales_lead(world: World):
    meeting = sales_meeting_schedule(
        actor=world.lead, team=world.north, scheduled_for=timezone.now()
    )

    assert meeting.led_by == world.lead
    assert meeting.team == world.north


def test_a_first_meeting_looks_back_two_weeks_for_moves(world: World):
    SalesMeeting.objects.filter(team=world.north).delete()

    meeting = sales_meeting_schedule(
        actor=world.lead, team=world.north, scheduled_for=timezone.now()
    )

    assert sorted(ids(meeting, "moved")) == sorted([world.moved.pk, world.moved_before.pk])


def test_each_agenda_section_is_bounded(world: World):
    for n in range(25):
        _age(open_deal(world.bdm1, name=f"Old {n}"), 50)

    meeting = sales_meeting_schedule(
        actor=world.lead, team=world.north, scheduled_for=timezone.now()
    )

    assert len(meeting.agenda["stalled"]) == 20


def test_drafting_the_agenda_costs_the_same_queries_for_a_bigger_pipeline(
    world: World, django_assert_max_num_queries
):
    for n in range(30):
        _age(open_deal(world.bdm1, stage="Proposal", name=f"More {n}"), 60)

    with django_assert_max_num_queries(16):
        sales_meeting_schedule(actor=world.lead, team=world.north, scheduled_for=timezone.now())


# --- Who runs meetings ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_lead", "bdm1"])
def test_only_the_sales_lead_of_the_team_may_schedule(world: World, who: str):
    with pytest.raises(PermissionDenied):
        sales_meeting_schedule(
            actor=getattr(world, who), team=world.north, scheduled_for=timezone.now()
        )

    assert SalesMeeting.objects.filter(team=world.north).count() == 1


def test_an_admin_schedules_for_the_team_s_lead(world: World):
    admin = user_with(Role.ADMIN)

    meeting = sales_meeting_schedule(actor=admin, team=world.north, scheduled_for=timezone.now())

    assert meeting.led_by == world.lead


def test_a_meeting_needs_a_time(world: World):
    with pytest.raises(ValidationError) as exc:
        sales_meeting_schedule(actor=world.lead, team=world.north, scheduled_for=None)

    assert exc.value.message_dict == {"scheduled_for": ["Say when the meeting takes place."]}


@pytest.mark.parametrize(
    "when",
    [
        datetime(1999, 6, 1, 9, tzinfo=UTC),
        timezone.now() + timedelta(days=3 * 365),
        datetime(9999, 12, 31, 9, tzinfo=UTC),
    ],
)
def test_a_meeting_long_ago_or_years_ahead_is_refused(world: World, when: datetime):
    before = SalesMeeting.objects.count()

    with pytest.raises(ValidationError) as exc:
        sales_meeting_schedule(actor=world.lead, team=world.north, scheduled_for=when)

    assert list(exc.value.message_dict) == ["scheduled_for"]
    assert SalesMeeting.objects.count() == before


def test_a_meeting_next_month_is_scheduled(world: World):
    when = timezone.now() + timedelta(days=30)

    meeting = sales_meeting_schedule(actor=world.lead, team=world.north, scheduled_for=when)

    assert meeting.scheduled_for == when


# --- Decisions and notes --------------------------------------------------------------------


@pytest.fixture
def meeting(world: World) -> SalesMeeting:
    return sales_meeting_schedule(actor=world.lead, team=world.north, scheduled_for=timezone.now())


def test_a_decision_with_an_action_item_creates_a_task_on_the_deal(
    world: World, meeting: SalesMeeting
):
    due = timezone.localdate() + timedelta(days=3)

    decision = sales_meeting_record_decision(
        actor=world.lead,
        meeting=meeting,
        text="Push for a pilot",
        opportunity=world.stalled,
        action_subject="Offer a pilot",
        action_owner=world.bdm2,
        action_due_on=due,
    )

    task = decision.action_item
    assert task is not None
    assert (task.kind, task.subject, task.owner, task.due_on, task.opportunity) == (
        "task",
        "Offer a pilot",
        world.bdm2,
        due,
        world.stalled,
    )


def test_a_decision_writes_a_meeting_decision_event_on_the_deal(
    world: World, meeting: SalesMeeting
):
    decision = sales_meeting_record_decision(
        actor=world.lead,
        meeting=meeting,
        text="Push for a pilot",
        opportunity=world.stalled,
        action_subject="Offer a pilot",
    )

    event = OpportunityEvent.objects.get(
        opportunity=world.stalled, type=OpportunityEventType.MEETING_DECISION
    )
    assert event.actor == world.lead
    assert event.data["meeting"] == meeting.pk
    assert event.data["decision"] == decision.pk
    assert event.data["task"] == decision.action_item_id
    assert event.data["text"] == "Push for a pilot"


def test_an_action_item_goes_to_the_deal_owner_by_default(world: World, meeting: SalesMeeting):
    decision = sales_meeting_record_decision(
        actor=world.lead,
        meeting=meeting,
        text="Call them",
        opportunity=world.stalled,
        action_subject="Call the CFO",
    )

    assert decision.action_item.owner == world.bdm1  # type: ignore[union-attr]


def test_a_decision_without_an_action_item_creates_no_task(world: World, meeting: SalesMeeting):
    before = Activity.objects.count()

    decision = sales_meeting_record_decision(
        actor=world.lead, meeting=meeting, text="Wait a week", opportunity=world.fresh
    )

    assert decision.action_item is None
    assert Activity.objects.count() == before


def test_a_decision_about_another_team_s_deal_is_refused(world: World, meeting: SalesMeeting):
    with pytest.raises(ValidationError) as exc:
        sales_meeting_record_decision(
            actor=world.lead, meeting=meeting, text="Take it", opportunity=world.south_deal
        )

    assert list(exc.value.message_dict) == ["opportunity"]
    assert MeetingDecision.objects.count() == 0


def test_a_team_action_item_needs_someone_to_do_it(world: World, meeting: SalesMeeting):
    with pytest.raises(ValidationError) as exc:
        sales_meeting_record_decision(
            actor=world.lead, meeting=meeting, text="Hire", action_subject="Post the job ad"
        )

    assert list(exc.value.message_dict) == ["action_owner"]
    assert Activity.objects.filter(subject="Post the job ad").count() == 0


def test_a_decision_for_the_team_at_large_gives_a_task_to_the_member_named(
    world: World, meeting: SalesMeeting
):
    due = timezone.localdate() + timedelta(days=2)

    decision = sales_meeting_record_decision(
        actor=world.lead,
        meeting=meeting,
        text="Hire a second BDM",
        action_subject="Post the job ad",
        action_owner=world.bdm2,
        action_due_on=due,
    )

    task = decision.action_item
    assert task is not None
    assert (task.kind, task.owner, task.due_on, task.meeting, task.opportunity, task.lead) == (
        "task",
        world.bdm2,
        due,
        meeting,
        None,
        None,
    )
    assert decision.opportunity is None


def test_a_team_task_due_today_is_on_its_owner_s_home_page(
    world: World, meeting: SalesMeeting, client
):
    sales_meeting_record_decision(
        actor=world.lead,
        meeting=meeting,
        text="Tidy the pipeline",
        action_subject="Close dead deals",
        action_owner=world.bdm1,
        action_due_on=timezone.localdate(),
    )
    client.force_login(world.bdm1)

    body = client.get("/").content.decode()

    assert "Close dead deals" in body
    assert f'href="/sales/meetings/{meeting.pk}/">sales meeting of {world.north.name}' in body


def test_the_owner_marks_a_team_task_done_and_returns_to_the_meeting(
    world: World, meeting: SalesMeeting, client
):
    decision = sales_meeting_record_decision(
        actor=world.lead,
        meeting=meeting,
        text="Tidy the pipeline",
        action_subject="Close dead deals",
        action_owner=world.bdm1,
    )
    client.force_login(world.bdm1)

    response = client.post(f"/sales/activities/{decision.action_item_id}/done/")

    assert response.status_code == 302
    assert response["Location"] == f"/sales/meetings/{meeting.pk}/"
    assert Activity.objects.get(pk=decision.action_item_id).done_at is not None


def test_an_action_item_goes_to_a_member_of_the_team_only(world: World, meeting: SalesMeeting):
    with pytest.raises(ValidationError) as exc:
        sales_meeting_record_decision(
            actor=world.lead,
            meeting=meeting,
            text="Help",
            opportunity=world.stalled,
            action_subject="Help out",
            action_owner=world.bdm3,
        )

    assert list(exc.value.message_dict) == ["action_owner"]


def test_another_lead_cannot_record_decisions(world: World, meeting: SalesMeeting):
    with pytest.raises(PermissionDenied):
        sales_meeting_record_decision(
            actor=world.other_lead, meeting=meeting, text="Mine now", opportunity=world.stalled
        )


def test_writing_the_same_notes_twice_changes_nothing(world: World, meeting: SalesMeeting):
    sales_meeting_update_notes(actor=world.lead, meeting=meeting, notes="Good week.")
    versions = meeting.history.count()

    sales_meeting_update_notes(actor=world.lead, meeting=meeting, notes="Good week.")

    meeting.refresh_from_db()
    assert meeting.notes == "Good week."
    assert meeting.history.count() == versions


# --- Pages and API --------------------------------------------------------------------------


def test_the_lead_schedules_a_meeting_from_the_form(world: World, client):
    client.force_login(world.lead)

    response = client.post(
        "/sales/meetings/new/",
        {"team": world.north.pk, "scheduled_for": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )

    meeting = SalesMeeting.objects.filter(team=world.north).order_by("-id").first()
    assert response.status_code == 302
    assert response["Location"] == f"/sales/meetings/{meeting.pk}/"


def test_the_meeting_page_links_the_agenda_s_deals(world: World, meeting: SalesMeeting, client):
    client.force_login(world.lead)

    body = client.get(f"/sales/meetings/{meeting.pk}/").content.decode()

    assert f'href="/sales/deals/{world.stalled.pk}/"' in body
    assert f'href="/sales/complaints/{world.complaint.pk}/"' in body
    assert "South deal" not in body


def test_the_meeting_page_writes_the_expected_close_date_as_a_day_not_iso(
    world: World, meeting: SalesMeeting, client
):
    client.force_login(world.lead)
    expected = world.closing.expected_close_date

    body = client.get(f"/sales/meetings/{meeting.pk}/").content.decode()

    assert f"expected {day(expected)}" in body
    assert expected.isoformat() not in body


def test_the_meeting_page_pins_its_queries(
    world: World, meeting: SalesMeeting, client, django_assert_max_num_queries
):
    client.force_login(world.lead)
    for n in range(5):
        sales_meeting_record_decision(
            actor=world.lead,
            meeting=meeting,
            text=f"Decision {n}",
            opportunity=world.stalled,
            action_subject=f"Task {n}",
        )
        sales_meeting_record_decision(
            actor=world.lead,
            meeting=meeting,
            text=f"Team decision {n}",
            action_subject=f"Team task {n}",
            action_owner=world.bdm2,
        )

    with django_assert_max_num_queries(9):
        response = client.get(f"/sales/meetings/{meeting.pk}/")

    assert response.status_code == 200


def test_the_meeting_page_of_a_member_pins_its_queries(
    world: World, meeting: SalesMeeting, client, django_assert_max_num_queries
):
    for n in range(5):
        sales_meeting_record_decision(
            actor=world.lead,
            meeting=meeting,
            text=f"Team decision {n}",
            action_subject=f"Team task {n}",
            action_owner=world.bdm2,
        )
    client.force_login(world.bdm1)

    with django_assert_max_num_queries(7):
        response = client.get(f"/sales/meetings/{meeting.pk}/")

    assert response.status_code == 200


def test_a_decision_recorded_with_htmx_answers_the_decisions_panel(
    world: World, meeting: SalesMeeting, client
):
    client.force_login(world.lead)

    response = client.post(
        f"/sales/meetings/{meeting.pk}/decisions/",
        {"opportunity": world.stalled.pk, "text": "Discount ok", "action_subject": "Send offer"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="meeting-decisions"')
    assert "Task for Bea One: Send offer" in body


def test_the_meeting_list_shows_the_lead_s_teams_only(world: World, client):
    sales_meeting_schedule(actor=world.other_lead, team=world.south, scheduled_for=timezone.now())
    client.force_login(world.lead)

    body = client.get("/sales/meetings/").content.decode()

    assert world.north.name in body
    assert world.south.name not in body


def test_the_api_schedules_and_records_decisions(world: World, api_as):
    api = api_as(world.lead)

    created = api.post(
        "/api/v1/sales-meetings/",
        {"team_id": world.north.pk, "scheduled_for": timezone.now().isoformat()},
    )
    decided = api.post(
        f"/api/v1/sales-meetings/{created.json()['id']}/decisions/",
        {"text": "Go", "opportunity_id": world.stalled.pk, "action_subject": "Book a demo"},
    )

    assert created.status_code == 201
    assert [row["id"] for row in created.json()["agenda"]["stalled"]] == [world.stalled.pk]
    assert decided.status_code == 201
    assert decided.json()["opportunity"] == {"id": world.stalled.pk, "name": "Stalled"}
    assert decided.json()["action_item"]["subject"] == "Book a demo"


def test_the_api_records_a_team_decision_with_a_task_for_a_member(
    world: World, meeting: SalesMeeting, api_as
):
    response = api_as(world.lead).post(
        f"/api/v1/sales-meetings/{meeting.pk}/decisions/",
        {"text": "Hire", "action_subject": "Post the job ad", "action_owner_id": world.bdm2.pk},
    )

    assert response.status_code == 201
    assert response.json()["opportunity"] is None
    assert response.json()["action_item"]["owner_id"] == world.bdm2.pk
    assert Activity.objects.get(subject="Post the job ad").meeting == meeting


def test_the_api_hides_another_lead_s_team(world: World, api_as):
    response = api_as(world.other_lead).post(
        "/api/v1/sales-meetings/",
        {"team_id": world.north.pk, "scheduled_for": timezone.now().isoformat()},
    )

    assert response.status_code == 404


# --- Members of the team read its meetings --------------------------------------------------


def test_a_member_of_the_team_reads_its_meeting_page(world: World, meeting: SalesMeeting, client):
    client.force_login(world.bdm1)

    response = client.get(f"/sales/meetings/{meeting.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/sales/deals/{world.stalled.pk}/"' in body
    assert "Record a decision" not in body


def test_a_member_of_the_team_finds_its_meetings_in_the_list(
    world: World, meeting: SalesMeeting, client
):
    sales_meeting_schedule(actor=world.other_lead, team=world.south, scheduled_for=timezone.now())
    client.force_login(world.bdm2)

    body = client.get("/sales/meetings/").content.decode()

    assert f'href="/sales/meetings/{meeting.pk}/"' in body
    assert world.south.name not in body
    assert "Schedule a meeting" not in body


def test_a_member_of_another_team_does_not_find_the_meeting(
    world: World, meeting: SalesMeeting, client
):
    client.force_login(world.bdm3)

    assert client.get(f"/sales/meetings/{meeting.pk}/").status_code == 404


def test_an_agent_in_the_team_does_not_read_its_meetings(world: World, meeting: SalesMeeting):
    from twofold.people.models import TeamMembership
    from twofold.sales.selectors.meetings import meeting_list

    agent = user_with(Role.AGENT)
    TeamMembership.objects.create(team=world.north, user=agent)

    assert list(meeting_list(actor=agent)) == []


def test_a_member_of_the_team_cannot_record_decisions_on_the_page(
    world: World, meeting: SalesMeeting, client
):
    client.force_login(world.bdm1)

    response = client.post(
        f"/sales/meetings/{meeting.pk}/decisions/", {"text": "Mine", "opportunity": ""}
    )

    assert response.status_code == 403
    assert MeetingDecision.objects.count() == 0


def test_the_api_shows_a_member_their_team_s_meeting(world: World, meeting: SalesMeeting, api_as):
    api = api_as(world.bdm1)

    listed = api.get("/api/v1/sales-meetings/")
    shown = api.get(f"/api/v1/sales-meetings/{meeting.pk}/")

    assert [row["id"] for row in listed.json()["results"]] == [
        m.pk for m in SalesMeeting.objects.filter(team=world.north)
    ]
    assert shown.status_code == 200
    assert [row["id"] for row in shown.json()["agenda"]["stalled"]] == [world.stalled.pk]


def test_the_api_hides_a_meeting_from_a_member_of_another_team(
    world: World, meeting: SalesMeeting, api_as
):
    assert api_as(world.bdm3).get(f"/api/v1/sales-meetings/{meeting.pk}/").status_code == 404


def test_the_api_refuses_a_member_writing_the_notes(world: World, meeting: SalesMeeting, api_as):
    response = api_as(world.bdm1).patch(
        f"/api/v1/sales-meetings/{meeting.pk}/", {"notes": "Mine"}, format="json"
    )

    assert response.status_code == 403
    assert SalesMeeting.objects.get(pk=meeting.pk).notes == ""


# --- The stalled deals past the agenda's cap ------------------------------------------------


def test_the_stalled_section_past_its_cap_links_to_the_team_s_stalled_deals(world: World, client):
    for n in range(25):
        _age(open_deal(world.bdm1, name=f"Old {n}"), 50)
    meeting = sales_meeting_schedule(
        actor=world.lead, team=world.north, scheduled_for=timezone.now()
    )
    client.force_login(world.lead)

    body = client.get(f"/sales/meetings/{meeting.pk}/").content.decode()

    assert f'href="/sales/deals/?stalled=1&amp;team={world.north.pk}"' in body


def test_the_stalled_section_within_its_cap_has_no_link(
    world: World, meeting: SalesMeeting, client
):
    client.force_login(world.lead)

    body = client.get(f"/sales/meetings/{meeting.pk}/").content.decode()

    assert "?stalled=1" not in body


def test_the_deal_list_shows_every_stalled_deal_of_the_team(world: World, client):
    old = [_age(open_deal(world.bdm1, name=f"Old {n:02d}"), 50) for n in range(22)]
    client.force_login(world.lead)

    body = client.get(f"/sales/deals/?stalled=1&team={world.north.pk}").content.decode()

    for deal in [*old, world.stalled]:
        assert f'href="/sales/deals/{deal.pk}/"' in body
    assert f'href="/sales/deals/{world.fresh.pk}/"' not in body
    assert "South deal" not in body
    assert "in the same stage for more than 21 days" in body


def test_the_team_s_stalled_deal_list_pins_its_queries(
    world: World, client, django_assert_max_num_queries
):
    for n in range(22):
        _age(open_deal(world.bdm1, name=f"Old {n:02d}"), 50)
    client.force_login(world.lead)

    with django_assert_max_num_queries(10):
        response = client.get(f"/sales/deals/?stalled=1&team={world.north.pk}")

    assert response.status_code == 200


# --- Figures read as prose ------------------------------------------------------------------


def test_the_meeting_page_writes_the_waiting_terms_as_prose(
    world: World, meeting: SalesMeeting, client
):
    client.force_login(world.lead)

    body = client.get(f"/sales/meetings/{meeting.pk}/").content.decode()

    assert "40 %, 1 instalment, net 30 days, 3,000.00 EUR in all" in body
    assert "Discount 40 % is above the policy&#x27;s 10 %." in body
    assert "40.00" not in body


def test_the_meeting_page_names_the_month_and_day_of_its_agenda(
    world: World, meeting: SalesMeeting, client
):
    client.force_login(world.lead)
    drafted = timezone.localdate()

    body = client.get(f"/sales/meetings/{meeting.pk}/").content.decode()

    assert f"Expected to close in {drafted:%B %Y}." in body
    assert f"in {drafted:%Y-%m}" not in body
