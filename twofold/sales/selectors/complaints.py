"""Reads of complaints raised during the sale, scoped to the leads and deals the actor sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404

from twofold import policies
from twofold.core.sorting import Sort, SortColumn, Sorting
from twofold.people.models import User
from twofold.sales.choices import ComplaintSeverity, ComplaintStatus
from twofold.sales.models import Complaint


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


def open_complaints_for(*, actor: User, limit: int = 10) -> list[Complaint]:
    """The actor's own open complaints, soonest due first (for the seller's home)."""
    return list(
        Complaint.objects.filter(owner=actor, status=ComplaintStatus.OPEN)
        .select_related("lead", "opportunity")
        .order_by(F("due_on").asc(nulls_last=True), "raised_at", "id")[:limit]
    )


@dataclass(frozen=True)
class ResolutionTime:
    severity: str
    label: str
    resolved: int
    average: timedelta | None


def resolution_times(*, actor: User) -> list[ResolutionTime]:
    """Average time to resolve per severity, over the complaints the actor sees (one query)."""
    rows = (
        complaints_visible_to(actor)
        .filter(status=ComplaintStatus.RESOLVED)
        .values("severity")
        .annotate(
            resolved=Count("id"),
            average=Avg(
                ExpressionWrapper(F("resolved_at") - F("raised_at"), output_field=DurationField())
            ),
        )
    )
    found = {row["severity"]: row for row in rows}
    return [
        ResolutionTime(
            severity=value,
            label=label,
            resolved=found.get(value, {}).get("resolved", 0),
            average=found.get(value, {}).get("average"),
        )
        for value, label in ComplaintSeverity.choices
    ]
