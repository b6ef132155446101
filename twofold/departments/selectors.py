"""Reads of internal requests, scoped to what the actor may see: lists and the one request
read the same ``policies.requests_visible_to``.

A department member's queue holds their departments' requests only, ordered by due date on
the ``departments_queue`` index; each page is one query plus its count, whatever the size.
Nothing of the account beyond its name is loaded for the queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from twofold import policies
from twofold.accounts.models import Account
from twofold.core import history
from twofold.departments.choices import (
    DEFAULT_SLA_HOURS,
    OPEN_REQUEST_STATUSES,
    Priority,
    RequestStatus,
    RequestType,
)
from twofold.departments.models import InternalRequest, RequestSla
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import Team, User
from twofold.policies.accounts import departments_of
from twofold.policies.people import is_admin

# The queue's views ("tabs"); "open" is the default.
QUEUE_VIEWS = {
    "open": "Open",
    "mine": "Mine",
    "unassigned": "Unassigned",
    "overdue": "Overdue",
    "closed": "Resolved",
}
ACCOUNT_LIST_LIMIT = 200
# What the queue and request pages load of the account: its name, nothing else.
_QUEUE_FIELDS = (
    "id",
    "account_id",
    "account__id",
    "account__name",
    "department",
    "type",
    "title",
    "priority",
    "status",
    "raised_by_id",
    "raised_by__id",
    "raised_by__full_name",
    "raised_at",
    "due_at",
    "assignee_id",
    "assignee__id",
    "assignee__full_name",
    "resolved_at",
)


def queue_departments(actor: User) -> list[str]:
    """The departments whose queue the actor works (every one for an admin)."""
    return list(Department.values) if is_admin(actor) else departments_of(actor)


def request_queue(
    *,
    actor: User,
    view: str = "open",
    status: str = "",
    priority: str = "",
    type: str = "",
    department: str = "",
) -> QuerySet[InternalRequest]:
    """The requests the actor sees, for one view of the queue, soonest due first (resolved:
    latest due first). Unknown filter values are ignored.

    The scope is ``requests_visible_to``, the one the request's own page reads: a department
    member's queue is their departments' requests, an account manager's (or a seller's) the
    requests on the accounts they see, so every request listed opens and every one that opens
    is listed."""
    requests = policies.requests_visible_to(actor)
    if department in Department.values:
        requests = requests.filter(department=department)
    if view == "closed":
        requests = requests.exclude(status__in=OPEN_REQUEST_STATUSES)
    else:
        requests = requests.filter(status__in=OPEN_REQUEST_STATUSES)
    if view == "mine":
        requests = requests.filter(assignee=actor)
    elif view == "unassigned":
        requests = requests.filter(assignee__isnull=True)
    elif view == "overdue":
        requests = requests.filter(due_at__lt=timezone.now())
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    if priority in Priority.values:
        requests = requests.filter(priority=priority)
    if type in RequestType.values:
        requests = requests.filter(type=type)
    order = ("-due_at", "-id") if view == "closed" else ("due_at", "id")
    return (
        requests.select_related("account", "raised_by", "assignee")
        .only(*_QUEUE_FIELDS)
        .order_by(*order)
    )


def request_get_for_actor(*, actor: User, pk: int | str) -> InternalRequest:
    """One request the actor may see (its account's name only), otherwise 404."""
    try:
        return (
            policies.requests_visible_to(actor)
            .select_related("account", "raised_by", "assignee", "resolved_by")
            .only(*_QUEUE_FIELDS, "details", "outcome", "resolved_by__full_name", "resolved_by_id")
            .get(pk=pk)
        )
    except (InternalRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such request.") from exc


def request_history(request: InternalRequest) -> list[history.HistoryEntry]:
    return history.timeline(
        [history.HistorySource(InternalRequest, {"id": request.pk}, subject="Request")]
    )


def account_requests(*, actor: User, account: Account) -> list[InternalRequest]:
    """The account's requests the actor may see: open ones first (soonest due), then the
    closed ones, newest first. Bounded: an account has tens, not thousands."""
    open_first = Case(
        When(status__in=OPEN_REQUEST_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        policies.requests_visible_to(actor)
        .filter(account=account)
        .select_related("raised_by", "assignee")
        .order_by(open_first, "due_at", "-raised_at", "-id")[:ACCOUNT_LIST_LIMIT]
    )


def open_requests_for(*, actor: User, limit: int = 10) -> list[InternalRequest]:
    """For a department member's home: their departments' open requests that are theirs or
    nobody's, overdue first (soonest due first)."""
    departments = departments_of(actor)
    if not departments:
        return []
    return list(
        InternalRequest.objects.filter(
            Q(assignee=actor) | Q(assignee__isnull=True),
            department__in=departments,
            status__in=OPEN_REQUEST_STATUSES,
        )
        .select_related("account", "assignee")
        .only(*_QUEUE_FIELDS)
        .order_by("due_at", "id")[:limit]
    )


@dataclass(frozen=True)
class SlaCell:
    department: str
    priority: str
    hours: int
    default: int

    @property
    def field_name(self) -> str:
        return f"hours_{self.department}_{self.priority}"

    @property
    def is_default(self) -> bool:
        return self.hours == self.default


@dataclass(frozen=True)
class SlaRow:
    department: str
    label: str
    cells: list[SlaCell]


def sla_table() -> list[SlaRow]:
    """Hours to resolve per department x priority, the admin's or the default (one query)."""
    set_hours = {(r.department, r.priority): r.hours for r in RequestSla.objects.all()}
    return [
        SlaRow(
            department=department,
            label=label,
            cells=[
                SlaCell(
                    department=department,
                    priority=priority,
                    hours=set_hours.get((department, priority), DEFAULT_SLA_HOURS[priority]),
                    default=DEFAULT_SLA_HOURS[priority],
                )
                for priority in Priority
            ],
        )
        for department, label in Department.choices
    ]


def members_of_department(department: str) -> QuerySet[User]:
    """Active members (and leads) of the department's active teams, to assign to."""
    teams = Team.objects.filter(
        kind=TeamKind.DEPARTMENT, department=department, is_active=True
    ).values("pk")
    return (
        User.objects.filter(
            Q(memberships__team__in=teams) | Q(led_teams__in=teams),
            is_active=True,
            role_assignments__role=Role.DEPARTMENT_MEMBER,
        )
        .distinct()
        .order_by("full_name")
    )
