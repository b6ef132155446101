"""Reads of sales meetings: the members and the sales lead of the team (and admins) see them;
the sales lead runs them (``policies``: ``SALES_MEETING_VIEW``, ``SALES_MEETINGS``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from twofold import policies
from twofold.core.templatetags.formats import day
from twofold.core.templatetags.formats import month as month_text
from twofold.people.models import Team, User
from twofold.policies import Perm
from twofold.policies.sales import sales_teams_run_by, sales_teams_sat_in_by
from twofold.sales.choices import OpportunityStatus
from twofold.sales.models import MeetingDecision, Opportunity, SalesMeeting
from twofold.sales.services.meetings import AGENDA_SECTIONS, team_people

DEAL_CHOICES_LIMIT = 200


def meeting_teams(*, actor: User) -> QuerySet[Team]:
    """The teams whose meetings the actor runs."""
    if not policies.can(actor, Perm.SALES_MEETINGS):
        return Team.objects.none()
    return sales_teams_run_by(actor).order_by("name")


def meeting_visible_teams(*, actor: User) -> QuerySet[Team]:
    """The teams whose meetings the actor reads: those they lead or belong to."""
    if not policies.can(actor, Perm.SALES_MEETING_VIEW):
        return Team.objects.none()
    return sales_teams_sat_in_by(actor).order_by("name")


def team_get_for_meetings(*, actor: User, pk: int | str) -> Team:
    """A team the actor runs meetings of; any other is "not found"."""
    try:
        return meeting_teams(actor=actor).get(pk=pk)
    except (Team.DoesNotExist, ValueError) as exc:
        raise Http404("No such team.") from exc


def meeting_list(*, actor: User, team_id: int | None = None) -> QuerySet[SalesMeeting]:
    """Meetings of the teams the actor leads or belongs to, latest first (the
    ``sales_meeting_team`` index)."""
    if not policies.can(actor, Perm.SALES_MEETING_VIEW):
        return SalesMeeting.objects.none()
    meetings = policies.meetings_visible_to(actor)
    if team_id is not None:
        meetings = meetings.filter(team_id=team_id)
    return meetings.select_related("team", "led_by").order_by("-scheduled_for", "-id")


def meeting_get_for_actor(*, actor: User, pk: int | str) -> SalesMeeting:
    try:
        return meeting_list(actor=actor).get(pk=pk)
    except (SalesMeeting.DoesNotExist, ValueError) as exc:
        raise Http404("No such meeting.") from exc


def decisions_of(*, meeting: SalesMeeting) -> list[MeetingDecision]:
    return list(
        MeetingDecision.objects.filter(meeting=meeting)
        .select_related("opportunity", "action_item__owner")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class AgendaSection:
    key: str
    title: str
    help: str
    rows: tuple[dict[str, Any], ...]
    truncated: bool


SECTION_TITLES = {
    "moved": ("Deals moved since the last meeting", "Stage changes since {since}."),
    "stalled": ("Stalled deals", "In the same stage for more than {days} days."),
    "closing": ("Closing this month", "Expected to close in {month}."),
    "approvals": ("Terms waiting for approval", "Beyond the sales policy."),
    "complaints": ("Open complaints", "Raised by prospects of the team."),
}


def agenda_of(*, meeting: SalesMeeting) -> list[AgendaSection]:
    """The stored agenda as sections (no query: it was drafted at scheduling time)."""
    agenda = meeting.agenda or {}
    limit = int(agenda.get("limit") or 0)
    sections = []
    for key in AGENDA_SECTIONS:
        title, help_text = SECTION_TITLES[key]
        rows = tuple(agenda.get(key) or ())
        sections.append(
            AgendaSection(
                key=key,
                title=title,
                help=help_text.format(
                    since=day(agenda.get("since")) or "the last meeting",
                    days=agenda.get("stalled_after_days", "N"),
                    month=month_text(agenda.get("month")) or "this month",
                ),
                rows=rows,
                truncated=bool(limit) and len(rows) >= limit,
            )
        )
    return sections


def decision_deal_choices(*, meeting: SalesMeeting) -> list[Opportunity]:
    """The deals a decision may be about: the agenda's deals, then the team's other open
    deals most recently updated (bounded)."""
    agenda = meeting.agenda or {}
    agenda_ids = {
        row["id"]
        for key in AGENDA_SECTIONS
        for row in agenda.get(key) or ()
        if isinstance(row, dict) and row.get("id")
    }
    deals = Opportunity.objects.filter(owner_id__in=team_people(meeting.team)).select_related(
        "owner"
    )
    first = list(deals.filter(pk__in=agenda_ids).order_by("name", "id"))
    more = list(
        deals.filter(status=OpportunityStatus.OPEN)
        .exclude(pk__in=agenda_ids)
        .order_by("-updated_at", "-id")[:DEAL_CHOICES_LIMIT]
    )
    return first + more


def decision_deal_get(*, meeting: SalesMeeting, pk: int | str) -> Opportunity:
    """A deal of the meeting's team, named in a request; any other is reported on the field."""
    try:
        return Opportunity.objects.filter(owner_id__in=team_people(meeting.team)).get(pk=pk)
    except (Opportunity.DoesNotExist, ValueError, TypeError) as exc:
        raise ValidationError({"opportunity": "No such deal in this team."}) from exc


def action_owner_choices(*, meeting: SalesMeeting) -> QuerySet[User]:
    return User.objects.filter(pk__in=team_people(meeting.team), is_active=True).order_by(
        "full_name", "id"
    )
