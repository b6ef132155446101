"""Reads of activities: a subject's timeline and a person's open tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from twofold.activities.models import Activity, ActivityKind
from twofold.people.models import User

if TYPE_CHECKING:
    from twofold.sales.models import Lead, Opportunity

TIMELINE_LIMIT = 100


def activities_of(
    *, lead: Lead | None = None, opportunity: Opportunity | None = None, limit: int = TIMELINE_LIMIT
) -> list[Activity]:
    """The newest activities of a lead or deal the caller already may see (one query)."""
    activities = Activity.objects.select_related("owner")
    if lead is not None:
        activities = activities.filter(lead=lead)
    elif opportunity is not None:
        activities = activities.filter(opportunity=opportunity)
    else:
        return []
    return list(activities.order_by("-occurred_at", "-id")[:limit])


@dataclass(frozen=True)
class MyTasks:
    overdue: list[Activity]
    today: list[Activity]


def open_tasks_of(*, actor: User, today: date | None = None, limit: int = 50) -> MyTasks:
    """The actor's open tasks due today or earlier (one query on the partial index)."""
    today = today or timezone.localdate()
    tasks: QuerySet[Activity] = (
        Activity.objects.filter(
            owner=actor, kind=ActivityKind.TASK, done_at__isnull=True, due_on__lte=today
        )
        .select_related("lead", "opportunity", "meeting__team", "account")
        .order_by("due_on", "id")[:limit]
    )
    rows = list(tasks)
    return MyTasks(
        overdue=[t for t in rows if t.due_on is not None and t.due_on < today],
        today=[t for t in rows if t.due_on == today],
    )
