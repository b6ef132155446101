"""The sales reports' and sales meetings' rows of the authorization matrix: every role x every
endpoint and page.

The world of ``tests/authz/harness.py`` is extended with a sale of the
target seller (in the targeted team, led by someone else), a meeting of the targeted team with
secret notes, a team of the actor's own with its meeting (when the actor is a sales lead), and a
team the actor sits in as a member (any sales role), led by someone else, with its meeting.
Only admins see the target's figures and meetings; a sales lead sees their own team's; the
members of a team (sales leads, BDMs, lead generators; never agents) read its meetings, and only
its sales lead runs them; account managers and departments get nothing. A refused call answers
403/404/405, shows nothing of the target and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.authz.harness import (
    ADMIN,
    NOBODY,
    TARGET_NAME,
    TARGET_TEAM,
    Endpoint,
    Matrix,
    World,
    api,
    build_world,
    call,
    web,
)
from tests.conftest import people_snapshot
from tests.factories import TeamFactory, user_with
from tests.sales.factories import commercial_snapshot, open_deal, won_deal
from twofold.activities.models import Activity
from twofold.people.choices import SALES_ROLES, Role
from twofold.sales.models import MeetingDecision, SalesMeeting
from twofold.sales.services.meetings import sales_meeting_schedule, sales_meeting_update_notes

pytestmark = pytest.mark.django_db

LEADS = frozenset({Role.SALES_LEAD}) | ADMIN
# Who reads the meetings of a sales team they belong to (agents see no one's pipeline).
MEMBERS = frozenset({Role.SALES_LEAD, Role.BDM, Role.LEAD_GENERATOR}) | ADMIN
SECRET_AMOUNT = "86420.13"
SECRET_NOTES = "Tessa secret notes"
SECRETS = [TARGET_NAME, TARGET_TEAM, SECRET_AMOUNT, SECRET_NOTES]


def this_year() -> str:
    year = timezone.localdate().year
    return f"from={year}-01-01&to={year}-12-31"


@dataclass
class Insights:
    base: World
    deal: Any  # the target's open deal
    meeting: Any  # the targeted team's meeting
    own_team: Any
    own_meeting: Any
    own_deal: Any
    member_meeting: Any  # a meeting of a team the actor belongs to (sales roles), led by another
    member_deal: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


def build_insights_world(role: Role) -> Insights:
    base = build_world(role)
    today = timezone.localdate()
    won_deal(base.target, amount=Decimal(SECRET_AMOUNT), closed_on=today, source="referral")
    deal = open_deal(base.target, stage="Proposal", name="Tessa open deal")
    meeting = sales_meeting_schedule(
        actor=None, team=base.team, scheduled_for=timezone.now() - timedelta(hours=1)
    )
    sales_meeting_update_notes(actor=None, meeting=meeting, notes=SECRET_NOTES)
    lead = base.actor if role == Role.SALES_LEAD else user_with(Role.SALES_LEAD)
    seller = user_with(Role.BDM, full_name="Own Seller")
    own_team = TeamFactory(name="Own Team", lead=lead, members=[seller])
    own_deal = open_deal(seller, stage="Proposal", name="Own team deal")
    own_meeting = sales_meeting_schedule(actor=None, team=own_team, scheduled_for=timezone.now())
    colleague = user_with(Role.BDM, full_name="Member Colleague")
    members = [colleague, base.actor] if role in SALES_ROLES else [colleague]
    member_team = TeamFactory(name="Member Team", members=members)
    member_deal = open_deal(colleague, stage="Proposal", name="Member team deal")
    member_meeting = sales_meeting_schedule(
        actor=None, team=member_team, scheduled_for=timezone.now()
    )
    return Insights(
        base, deal, meeting, own_team, own_meeting, own_deal, member_meeting, member_deal
    )


V1 = "/api/v1"


def _when() -> str:
    return timezone.now().isoformat()


def _local_when() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


ENDPOINTS = [
    api(
        "sales report",
        "get",
        lambda w: f"{V1}/reports/sales/?{this_year()}",
        LEADS,
        shows_target=ADMIN,
    ),
    api(
        "sales report of the targeted team",
        "get",
        lambda w: f"{V1}/reports/sales/?team={w.team.pk}",
        ADMIN,
        shows_target=ADMIN,
        success=200,
    ),
    api("sales meetings", "get", lambda w: f"{V1}/sales-meetings/", MEMBERS, shows_target=ADMIN),
    api(
        "targeted team's meeting",
        "get",
        lambda w: f"{V1}/sales-meetings/{w.meeting.pk}/",
        ADMIN,
        shows_target=ADMIN,
    ),
    api("own team's meeting", "get", lambda w: f"{V1}/sales-meetings/{w.own_meeting.pk}/", LEADS),
    api(
        "meeting of a team the actor belongs to",
        "get",
        lambda w: f"{V1}/sales-meetings/{w.member_meeting.pk}/",
        MEMBERS,
    ),
    api(
        "notes of a meeting of a team the actor belongs to",
        "patch",
        lambda w: f"{V1}/sales-meetings/{w.member_meeting.pk}/",
        ADMIN,
        payload=lambda w: {"notes": "Overwritten"},
    ),
    api(
        "decision in a meeting of a team the actor belongs to",
        "post",
        lambda w: f"{V1}/sales-meetings/{w.member_meeting.pk}/decisions/",
        ADMIN,
        success=201,
        payload=lambda w: {"text": "Go", "opportunity_id": w.member_deal.pk},
    ),
    api(
        "schedule for the targeted team",
        "post",
        lambda w: f"{V1}/sales-meetings/",
        ADMIN,
        success=201,
        payload=lambda w: {"team_id": w.team.pk, "scheduled_for": _when()},
        shows_target=ADMIN,
    ),
    api(
        "schedule for own team",
        "post",
        lambda w: f"{V1}/sales-meetings/",
        LEADS,
        success=201,
        payload=lambda w: {"team_id": w.own_team.pk, "scheduled_for": _when()},
    ),
    api(
        "notes of the targeted team's meeting",
        "patch",
        lambda w: f"{V1}/sales-meetings/{w.meeting.pk}/",
        ADMIN,
        payload=lambda w: {"notes": "Overwritten"},
        shows_target=ADMIN,
    ),
    api(
        "decision in the targeted team's meeting",
        "post",
        lambda w: f"{V1}/sales-meetings/{w.meeting.pk}/decisions/",
        ADMIN,
        success=201,
        payload=lambda w: {"text": "Go", "opportunity_id": w.deal.pk, "action_subject": "Call"},
        shows_target=ADMIN,
    ),
    api(
        "decision in own team's meeting",
        "post",
        lambda w: f"{V1}/sales-meetings/{w.own_meeting.pk}/decisions/",
        LEADS,
        success=201,
        payload=lambda w: {"text": "Go", "opportunity_id": w.own_deal.pk, "action_subject": "Call"},
    ),
    api(
        "decision about the target's deal in own team's meeting",
        "post",
        lambda w: f"{V1}/sales-meetings/{w.own_meeting.pk}/decisions/",
        NOBODY,
        payload=lambda w: {"text": "Take it", "opportunity_id": w.deal.pk},
    ),
    api("meeting delete", "delete", lambda w: f"{V1}/sales-meetings/{w.own_meeting.pk}/", NOBODY),
]

WEB_ENDPOINTS = [
    web(
        "reports page", "get", lambda w: f"/sales/reports/?{this_year()}", LEADS, shows_target=ADMIN
    ),
    web(
        "revenue CSV",
        "get",
        lambda w: f"/sales/reports/revenue-by-seller.csv?{this_year()}",
        LEADS,
        shows_target=ADMIN,
    ),
    web("funnel CSV", "get", lambda w: f"/sales/reports/funnel.csv?{this_year()}", LEADS),
    web("meetings page", "get", lambda w: "/sales/meetings/", MEMBERS, shows_target=ADMIN),
    web("schedule form", "get", lambda w: "/sales/meetings/new/", LEADS, shows_target=ADMIN),
    web(
        "schedule for the targeted team",
        "post",
        lambda w: "/sales/meetings/new/",
        ADMIN,
        success=302,
        payload=lambda w: {"team": w.team.pk, "scheduled_for": _local_when()},
    ),
    web(
        "schedule for own team",
        "post",
        lambda w: "/sales/meetings/new/",
        LEADS,
        success=302,
        payload=lambda w: {"team": w.own_team.pk, "scheduled_for": _local_when()},
    ),
    web(
        "targeted team's meeting page",
        "get",
        lambda w: f"/sales/meetings/{w.meeting.pk}/",
        ADMIN,
        shows_target=ADMIN,
    ),
    web("own team's meeting page", "get", lambda w: f"/sales/meetings/{w.own_meeting.pk}/", LEADS),
    web(
        "meeting page of a team the actor belongs to",
        "get",
        lambda w: f"/sales/meetings/{w.member_meeting.pk}/",
        MEMBERS,
    ),
    web(
        "notes of a meeting of a team the actor belongs to",
        "post",
        lambda w: f"/sales/meetings/{w.member_meeting.pk}/notes/",
        ADMIN,
        success=302,
        payload=lambda w: {"notes": "Overwritten"},
    ),
    web(
        "decision in a meeting of a team the actor belongs to",
        "post",
        lambda w: f"/sales/meetings/{w.member_meeting.pk}/decisions/",
        ADMIN,
        success=302,
        payload=lambda w: {"text": "Go", "opportunity": w.member_deal.pk},
    ),
    web(
        "notes of the targeted team's meeting",
        "post",
        lambda w: f"/sales/meetings/{w.meeting.pk}/notes/",
        ADMIN,
        success=302,
        payload=lambda w: {"notes": "Overwritten"},
    ),
    web(
        "decision in the targeted team's meeting",
        "post",
        lambda w: f"/sales/meetings/{w.meeting.pk}/decisions/",
        ADMIN,
        success=302,
        payload=lambda w: {"text": "Go", "opportunity": w.deal.pk, "action_subject": "Call"},
    ),
    web(
        "decision in own team's meeting",
        "post",
        lambda w: f"/sales/meetings/{w.own_meeting.pk}/decisions/",
        LEADS,
        success=302,
        payload=lambda w: {"text": "Go", "opportunity": w.own_deal.pk},
    ),
]


def snapshot() -> dict[str, int]:
    counts = people_snapshot() | commercial_snapshot()
    for model in (SalesMeeting, MeetingDecision, Activity):
        counts[model.__name__] = model.objects.count()
        counts[f"{model.__name__} history"] = model.history.count()
    counts["notes"] = SalesMeeting.objects.filter(notes=SECRET_NOTES).count()
    return counts


@pytest.mark.parametrize("endpoint", ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_insights_authorization_matrix(endpoint: Endpoint, role: Role):
    # Given a user holding only ``role``, the target's sale, deal and team meeting
    world = build_insights_world(role)
    before = snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode(errors="replace")
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body[:2000]
        if role not in endpoint.shows_target:
            for secret in SECRETS:
                assert secret not in body, secret
        elif endpoint.method == "get":
            assert any(secret in body for secret in SECRETS), body[:2000]
    else:
        assert response.status_code in (400, 403, 404, 405), body[:2000]
        for secret in SECRETS:
            assert secret not in body, secret
        assert snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


MATRIX = Matrix(build_insights_world, ENDPOINTS + WEB_ENDPOINTS)
