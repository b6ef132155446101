"""Sales meetings: a sales lead meets a team they lead over its pipeline.

Scheduling drafts the agenda from the team's pipeline at that moment and stores it, with ids,
in the meeting: deals moved since the team's last meeting, deals stalled in a stage, deals
expected to close this month, terms waiting for approval and open complaints. Decisions are
recorded against deals (each one a deal event) or the team at large; an action item becomes a
task on the deal, or, for the team at large, a task on the meeting for the person named.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from twofold import policies
from twofold.activities.models import ActivityKind
from twofold.activities.services import activity_log
from twofold.core.audit import attribute
from twofold.core.dates import MEETING, PLANNED
from twofold.core.text_limits import check_text, limit_for, too_long
from twofold.people.choices import TeamKind
from twofold.people.models import Team, TeamMembership, User
from twofold.policies import Perm
from twofold.sales.choices import (
    ApprovalStatus,
    ComplaintStatus,
    OpportunityEventType,
    OpportunityStatus,
)
from twofold.sales.events import opportunity_meeting_decision
from twofold.sales.models import (
    ApprovalRequest,
    Complaint,
    MeetingDecision,
    Opportunity,
    OpportunityEvent,
    SalesMeeting,
    SalesPolicy,
)

AGENDA_LIMIT = 20
# With no earlier meeting, "moved since the last meeting" looks back this far.
FIRST_MEETING_LOOKBACK = timedelta(days=14)
AGENDA_SECTIONS = ("moved", "stalled", "closing", "approvals", "complaints")


def _require_runs(actor: User | None, team: Team) -> None:
    """Only the sales lead of the team (or an admin) runs its meetings (the policy decides)."""
    if actor is None:
        return
    policies.require(
        actor, Perm.SALES_MEETINGS, team, "Only the sales lead of this team runs its meetings."
    )


def team_people(team: Team) -> QuerySet[Any]:
    """Ids of the team's members (an indexed subquery): their deals are the team's."""
    return TeamMembership.objects.filter(team=team).values("user_id")


def _deal_row(deal: Opportunity, **extra: Any) -> dict[str, Any]:
    return {
        "id": deal.pk,
        "name": deal.name,
        "stage": deal.stage.name,
        "owner": deal.owner.full_name,
        "owner_id": deal.owner_id,
        "amount": str(deal.amount),
        "currency": deal.currency,
        **extra,
    }


def _deals(team: Team) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(owner_id__in=team_people(team)).select_related(
        "stage", "owner"
    )


def draft_agenda(*, team: Team, at: datetime, since: datetime | None) -> dict[str, Any]:
    """The agenda for a meeting of ``team`` drafted ``at`` that moment: five bounded lists,
    each one indexed query (two for the moves: the grouped events, then their deals)."""
    now = timezone.now()
    policy = SalesPolicy.current()
    since = since or now - FIRST_MEETING_LOOKBACK
    month = timezone.localtime(at).date().replace(day=1)
    month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    stalled_before = now - timedelta(days=policy.stalled_after_days)

    moves = list(
        OpportunityEvent.objects.filter(
            type=OpportunityEventType.STAGE_CHANGED,
            at__gt=since,
            opportunity__owner_id__in=team_people(team),
        )
        .values("opportunity_id")
        .annotate(moves=Count("pk"), last=Max("at"))
        .order_by("-last", "-opportunity_id")[:AGENDA_LIMIT]
    )
    moved_deals = _deals(team).in_bulk([row["opportunity_id"] for row in moves])
    moved = [
        _deal_row(
            moved_deals[row["opportunity_id"]],
            moves=row["moves"],
            last_moved_at=row["last"].isoformat(),
        )
        for row in moves
        if row["opportunity_id"] in moved_deals
    ]
    stalled = [
        _deal_row(
            deal,
            in_stage_since=deal.stage_entered_at.isoformat(),
            days_in_stage=(now - deal.stage_entered_at).days,
        )
        for deal in _deals(team)
        .filter(status=OpportunityStatus.OPEN, stage_entered_at__lt=stalled_before)
        .order_by("stage_entered_at", "id")[:AGENDA_LIMIT]
    ]
    closing = [
        _deal_row(deal, expected_close_date=deal.expected_close_date.isoformat())  # type: ignore[union-attr]
        for deal in _deals(team)
        .filter(
            status=OpportunityStatus.OPEN,
            expected_close_date__gte=month,
            expected_close_date__lte=month_end,
        )
        .order_by("expected_close_date", "id")[:AGENDA_LIMIT]
    ]
    approvals = [
        _deal_row(
            approval.term_sheet.opportunity,
            approval_id=approval.pk,
            reasons=list(approval.reasons or []),
            requested_at=approval.requested_at.isoformat(),
            terms={
                "discount_percent": str(approval.term_sheet.discount_percent),
                "instalment_count": approval.term_sheet.instalment_count,
                "net_days": approval.term_sheet.net_days,
                "total": str(approval.term_sheet.total),
                "currency": approval.term_sheet.currency,
            },
        )
        for approval in ApprovalRequest.objects.filter(
            status=ApprovalStatus.PENDING,
            term_sheet__opportunity__owner_id__in=team_people(team),
        )
        .select_related("term_sheet__opportunity__stage", "term_sheet__opportunity__owner")
        .order_by("requested_at", "id")[:AGENDA_LIMIT]
    ]
    complaints = [
        {
            "complaint_id": complaint.pk,
            "summary": complaint.summary,
            "severity": complaint.severity,
            "owner": complaint.owner.full_name,
            "due_on": complaint.due_on.isoformat() if complaint.due_on else None,
            "id": complaint.opportunity_id,
            "name": complaint.opportunity.name if complaint.opportunity else "",
            "lead_id": complaint.lead_id,
            "lead": complaint.lead.full_name if complaint.lead else "",
        }
        for complaint in Complaint.objects.filter(status=ComplaintStatus.OPEN)
        .filter(Q(owner_id__in=team_people(team)) | Q(opportunity__owner_id__in=team_people(team)))
        .select_related("owner", "opportunity", "lead")
        .order_by("raised_at", "id")[:AGENDA_LIMIT]
    ]
    return {
        "drafted_at": now.isoformat(),
        "since": since.isoformat(),
        "stalled_after_days": policy.stalled_after_days,
        "month": month.isoformat(),
        "limit": AGENDA_LIMIT,
        "moved": moved,
        "stalled": stalled,
        "closing": closing,
        "approvals": approvals,
        "complaints": complaints,
    }


@transaction.atomic
def sales_meeting_schedule(
    *, actor: User | None, team: Team, scheduled_for: datetime | None
) -> SalesMeeting:
    """Schedule a meeting of a sales team, led by its sales lead, and draft its agenda.

    Only the team's sales lead (or an admin, for the lead) schedules. "Moved since the last
    meeting" counts from the team's latest meeting before this one.
    """
    _require_runs(actor, team)
    errors: dict[str, str] = {}
    if team.kind != TeamKind.SALES or not team.is_active:
        errors["team"] = f"{team} is not an active sales team."
    elif team.lead_id is None:
        errors["team"] = f"{team} has no sales lead to lead the meeting."
    if scheduled_for is None:
        errors["scheduled_for"] = "Say when the meeting takes place."
    elif timezone.is_naive(scheduled_for):
        errors["scheduled_for"] = "Give the time with its time zone."
    else:
        errors |= MEETING.errors(scheduled_for=scheduled_for)
    if errors:
        raise ValidationError(errors)
    assert scheduled_for is not None  # noqa: S101
    assert team.lead_id is not None  # noqa: S101
    previous = (
        SalesMeeting.objects.filter(team=team, scheduled_for__lt=scheduled_for)
        .order_by("-scheduled_for", "-id")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    meeting = SalesMeeting(
        team=team,
        scheduled_for=scheduled_for,
        led_by_id=team.lead_id,
        agenda=draft_agenda(team=team, at=scheduled_for, since=previous),
        created_at=timezone.now(),
    )
    meeting.full_clean()
    attribute(meeting, actor, "Scheduled")
    meeting.save()
    return meeting


@transaction.atomic
def sales_meeting_update_notes(
    *, actor: User | None, meeting: SalesMeeting, notes: str
) -> SalesMeeting:
    """Write the meeting's notes; the same text again changes nothing."""
    _require_runs(actor, meeting.team)
    notes = (notes or "").strip()
    if len(notes) > (limit := limit_for(SalesMeeting, "notes")):
        raise ValidationError({"notes": too_long(limit, len(notes))})
    current = SalesMeeting.objects.select_for_update().get(pk=meeting.pk)
    if current.notes == notes:
        return current
    current.notes = notes
    attribute(current, actor, "Notes written")
    current.save(update_fields=["notes"])
    meeting.notes = notes
    return current


@transaction.atomic
def sales_meeting_record_decision(
    *,
    actor: User | None,
    meeting: SalesMeeting,
    text: str,
    opportunity: Opportunity | None = None,
    action_subject: str = "",
    action_owner: User | None = None,
    action_due_on: date | None = None,
) -> MeetingDecision:
    """Record a decision, against one of the team's deals or the team at large.

    A decision on a deal writes a ``meeting_decision`` event on it. An action item (a subject,
    optionally an owner from the team — the deal's owner by default — and a due date) becomes
    a task on the deal, linked from the decision. For the team at large there is no deal: the
    action item is a task on the meeting, for the member named (required).
    """
    _require_runs(actor, meeting.team)
    errors: dict[str, str] = {}
    text = (text or "").strip()
    action_subject = (action_subject or "").strip()
    people = set(team_people(meeting.team).values_list("user_id", flat=True))
    if not text:
        errors["text"] = "Say what was decided."
    if opportunity is not None and opportunity.owner_id not in people:
        errors["opportunity"] = f"{opportunity} is not a deal of {meeting.team}."
    wants_action = bool(action_subject or action_owner or action_due_on)
    if wants_action:
        if opportunity is None and action_owner is None:
            errors["action_owner"] = "Say who does it: the team at large has no deal owner."
        if not action_subject:
            errors["action_subject"] = "Say what has to be done."
        elif len(action_subject) > 200:
            errors["action_subject"] = "At most 200 characters."
        if action_owner is not None and (
            action_owner.pk not in people or not action_owner.is_active
        ):
            errors["action_owner"] = f"{action_owner} is not an active member of the team."
        if action_due_on is not None and action_due_on < timezone.localdate():
            errors["action_due_on"] = "The due date cannot be in the past."
        else:
            errors |= PLANNED.errors(action_due_on=action_due_on)
    if errors:
        raise ValidationError(errors)
    task = None
    if wants_action:
        owner = action_owner or (opportunity.owner if opportunity is not None else None)
        task = activity_log(
            actor=actor,
            kind=ActivityKind.TASK,
            subject=action_subject,
            body=f"Decided in the sales meeting of {meeting}: {text}",
            opportunity=opportunity,
            meeting=meeting if opportunity is None else None,
            owner=owner,
            due_on=action_due_on,
        )
    decision = MeetingDecision(
        meeting=meeting,
        opportunity=opportunity,
        text=text,
        action_item=task,
        created_at=timezone.now(),
    )
    decision.full_clean()
    attribute(decision, actor, "Decided")
    check_text(decision)
    decision.save()
    if opportunity is not None:
        opportunity_meeting_decision(opportunity, actor=actor, decision=decision)
    return decision
