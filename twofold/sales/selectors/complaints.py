"""Reads of complaints raised during the sale, scoped to the leads and deals the actor sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    Q,
    QuerySet,
    When,
)
from django.http import Http404
from django.utils import timezone

from twofold import policies
from twofold.core.sorting import Sort, SortColumn, Sorting
from twofold.people.models import User
from twofold.sales.choices import ComplaintSeverity, ComplaintStatus
from twofold.sales.models import Complaint, Lead, Opportunity


def complaints_visible_to(actor: User) -> QuerySet[Complaint]:
    """Complaints on leads or deals the actor sees, and those they own."""
    leads = policies.leads_visible_to(actor).values("pk")
    deals = policies.opportunities_visible_to(actor).values("pk")
    return Complaint.objects.filter(Q(owner=actor) | Q(lead__in=leads) | Q(opportunity__in=deals))


COMPLAINT_SORTING = Sorting(
    columns=(
        SortColumn("summary", "Complaint", "summary"),
        SortColumn("due", "Due", "due_on", nullable=True),
        SortColumn("raised", "Raised", "raised_at", descending_first=True),
    ),
    default="-raised",
)


def complaint_list(
    *,
    actor: User,
    status: str = ComplaintStatus.OPEN,
    severity: str = "",
    mine: bool = False,
    sort: Sort | None = None,
) -> QuerySet[Complaint]:
    complaints = complaints_visible_to(actor)
    if status:
        complaints = complaints.filter(status=status)
    if severity:
        complaints = complaints.filter(severity=severity)
    if mine:
        complaints = complaints.filter(owner=actor)
    sort = sort or COMPLAINT_SORTING.parse(None)
    return complaints.select_related("owner", "lead", "opportunity").order_by(*sort.order_by())


def complaint_get_for_actor(*, actor: User, pk: int | str) -> Complaint:
    try:
        return (
            complaints_visible_to(actor)
            .select_related("owner", "raised_by", "lead", "opportunity")
            .get(pk=pk)
        )
    except (Complaint.DoesNotExist, ValueError) as exc:
        raise Http404("No such complaint.") from exc


def open_complaints_of_deal(opportunity: Opportunity) -> QuerySet[Complaint]:
    """Open complaints about the deal, including those logged while it was still a lead:
    they stay with the client (the deal page and the hand-over's pre-fill read them)."""
    return Complaint.objects.filter(
        Q(opportunity=opportunity) | Q(lead__opportunity=opportunity),
        status=ComplaintStatus.OPEN,
    )


def complaints_of_lead(*, lead: Lead, limit: int = 20) -> list[Complaint]:
    """The lead's complaints, open ones first (oldest first: the longest waiting on top), then
    the resolved ones, newest first. The lead page shows whoever may see the lead."""
    return list(
        Complaint.objects.filter(lead=lead)
        .select_related("owner")
        .order_by(
            Case(When(status=ComplaintStatus.OPEN, then=0), default=1),
            Case(When(status=ComplaintStatus.OPEN, then=F("raised_at"))).asc(),
            "-raised_at",
            "-id",
        )[:limit]
    )


def open_complaints_for(*, actor: User, limit: int = 10) -> list[Complaint]:
    """The actor's own open complaints, soonest due first (for the seller's home)."""
    return list(
        Complaint.objects.filter(owner=actor, status=ComplaintStatus.OPEN)
        .select_related("lead", "opportunity")
        .order_by(F("due_on").asc(nulls_last=True), "raised_at", "id")[:limit]
    )


def duration_text(value: timedelta | None) -> str:
    """A time to resolve as people say it: "3 d 4 h", "5 h", "under an hour"."""
    if value is None:
        return "—"
    hours = int(value.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    return f"{hours} h" if hours else "under an hour"


@dataclass(frozen=True)
class ResolutionTime:
    severity: str
    label: str
    resolved: int
    median: timedelta | None

    @property
    def median_text(self) -> str:
        return duration_text(self.median)


def resolution_times(*, actor: User) -> list[ResolutionTime]:
    """Median time to resolve per severity and over all, for the complaints the actor sees
    (one query; the median is taken in Python, which both databases allow)."""
    rows = (
        complaints_visible_to(actor)
        .filter(status=ComplaintStatus.RESOLVED, resolved_at__isnull=False)
        .values_list("severity", "raised_at", "resolved_at")
    )
    durations: dict[str, list[timedelta]] = {value: [] for value in ComplaintSeverity.values}
    for severity, raised_at, resolved_at in rows:
        if resolved_at is not None:  # filtered above; the column is nullable
            durations.setdefault(severity, []).append(resolved_at - raised_at)
    every = [d for values in durations.values() for d in values]
    return [
        ResolutionTime(
            severity=value,
            label=label,
            resolved=len(durations[value]),
            median=_median(durations[value]),
        )
        for value, label in ComplaintSeverity.choices
    ] + [ResolutionTime(severity="", label="All", resolved=len(every), median=_median(every))]


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class OpenAge:
    label: str
    count: int


AGE_BANDS = (("Under a week", 0, 7), ("1 to 4 weeks", 7, 28), ("Over 4 weeks", 28, None))


def open_complaints_by_age(*, actor: User) -> list[OpenAge]:
    """How long the open complaints the actor sees have been waiting, in bands (one query)."""
    now = timezone.now()
    counts: dict[str, Any] = {}
    for n, (_, low, high) in enumerate(AGE_BANDS):
        band = Q(raised_at__lte=now - timedelta(days=low))
        if high is not None:
            band &= Q(raised_at__gt=now - timedelta(days=high))
        counts[f"band{n}"] = Count("id", filter=band)
    row = complaints_visible_to(actor).filter(status=ComplaintStatus.OPEN).aggregate(**counts)
    return [
        OpenAge(label=label, count=row[f"band{n}"] or 0)
        for n, (label, _, _) in enumerate(AGE_BANDS)
    ]
