"""Reads of hand-overs: the list with its tabs, one package with its rounds, the report."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from twofold import policies
from twofold.core import history
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage, RoutingRule
from twofold.people.choices import TeamKind
from twofold.people.models import Team, TeamMembership, User
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.people.models import User as UserType

TABS = ("all", "to_me", "from_me", "team", "overdue")
PAGE_SIZE = 25
MAX_PAGES = 200  # bounded offset pagination: 5,000 rows are enough to page through by hand


@dataclass(frozen=True)
class HandoverFilters:
    tab: str = "all"
    status: str = ""


def _related(queryset: QuerySet[HandoverPackage]) -> QuerySet[HandoverPackage]:
    return queryset.select_related("account", "seller", "receiver", "opportunity")


def handover_list(*, actor: UserType, filters: HandoverFilters) -> QuerySet[HandoverPackage]:
    """The hand-overs the actor may see, narrowed by tab and status, newest first."""
    policies.require(actor, Perm.HANDOVER_LIST)
    rows = policies.handovers_visible_to(actor)
    if filters.tab == "to_me":
        rows = rows.filter(receiver=actor)
    elif filters.tab == "from_me":
        rows = rows.filter(seller=actor)
    elif filters.tab == "team":
        led = TeamMembership.objects.filter(team__lead=actor, team__is_active=True).values(
            "user_id"
        )
        rows = rows.filter(Q(seller_id__in=led) | Q(receiver_id__in=led))
    elif filters.tab == "overdue":
        rows = rows.filter(status=HandoverStatus.SUBMITTED, due_at__lt=timezone.now())
    if filters.status in HandoverStatus.values:
        rows = rows.filter(status=filters.status)
    return _related(rows).order_by("-created_at", "-id")


def handover_history(*, package: HandoverPackage, limit: int = 100) -> list[history.HistoryEntry]:
    """Changes to the hand-over package (fields, status, receiver), newest first."""
    return history.timeline(
        [history.HistorySource(HandoverPackage, {"id": package.pk}, "Hand-over", ("created_at",))],
        limit=limit,
    )


def handover_get_for_actor(*, actor: UserType, pk: int | str) -> HandoverPackage:
    """One hand-over the actor may see; any other is "not found"."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such hand-over.") from None
    package = (
        _related(policies.handovers_visible_to(actor))
        .select_related(
            "account__company",
            "routing_rule",
            "receiver_set_by",
            "accepted_by",
            "superseded_by__opportunity",
        )
        .prefetch_related("rounds__asked_by", "rounds__answered_by")
        .filter(pk=key)
        .first()
    )
    if package is None:
        raise Http404("No such hand-over.")
    return package


def handover_routed_away_from(*, actor: UserType, pk: int | str) -> HandoverPackage | None:
    """A hand-over once addressed to the actor and since routed to someone else (an account
    executive's reassignment moved the account), which the actor no longer sees.

    Lets the old receiver's accept or send-back on a page still open say why it cannot be
    done, instead of "not found"; it tells them no more than who receives it now.
    """
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    was_theirs = HandoverPackage.history.filter(id=key, receiver_id=actor.pk).exists()
    if not was_theirs:
        return None
    return (
        HandoverPackage.objects.select_related("account", "receiver")
        .filter(pk=key)
        .exclude(receiver_id=actor.pk)
        .first()
    )


def receiver_choices() -> QuerySet[User]:
    """Active account managers and key account managers, for routing by hand."""
    return (
        User.objects.filter(is_active=True, role_assignments__role__in=policies.RECEIVER_ROLES)
        .distinct()
        .order_by("full_name", "id")
    )


def routing_rules() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("team").order_by("order", "id")


def account_management_teams() -> QuerySet[Team]:
    return Team.objects.filter(kind=TeamKind.ACCOUNT_MANAGEMENT, is_active=True).order_by("name")


# --- Report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverStats:
    person_id: int
    person: str
    handovers: int
    accepted: int
    median_hours: float | None
    average_hours: float | None
    send_backs_per_handover: float


@dataclass(frozen=True)
class HandoverReport:
    start: date
    end: date
    by_seller: list[HandoverStats]
    by_receiver: list[HandoverStats]
    overdue_now: int


def _stats(rows: list[tuple[int, float | None, int]], names: dict[int, str]) -> list[HandoverStats]:
    grouped: dict[int, list[tuple[float | None, int]]] = {}
    for person_id, hours, send_backs in rows:
        grouped.setdefault(person_id, []).append((hours, send_backs))
    out = []
    for person_id, items in grouped.items():
        taken = [h for h, _ in items if h is not None]
        out.append(
            HandoverStats(
                person_id=person_id,
                person=names.get(person_id, "?"),
                handovers=len(items),
                accepted=len(taken),
                median_hours=round(statistics.median(taken), 1) if taken else None,
                average_hours=round(statistics.fmean(taken), 1) if taken else None,
                send_backs_per_handover=round(sum(s for _, s in items) / len(items), 2),
            )
        )
    return sorted(out, key=lambda s: (s.person.lower(), s.person_id))


def handover_report(*, actor: UserType, start: date, end: date) -> HandoverReport:
    """Time to accept (first submission to acceptance, in hours) and send-backs per hand-over,
    by seller and by account manager, for the hand-overs first submitted in [start, end].

    Reads one row per hand-over of the period (a few thousand a year at most), visible to the
    actor; medians are computed here because SQLite has no percentile function.
    """
    policies.require(actor, Perm.HANDOVER_REPORT)
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    rows = list(
        policies.handovers_visible_to(actor)
        .filter(first_submitted_at__gte=since, first_submitted_at__lt=until)
        .values_list("seller_id", "receiver_id", "first_submitted_at", "accepted_at", "send_backs")
    )
    people = {pk for r in rows for pk in r[:2] if pk is not None}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=people).only("full_name", "email")}

    def hours(submitted: datetime | None, accepted: datetime | None) -> float | None:
        if submitted is None or accepted is None:
            return None
        return (accepted - submitted).total_seconds() / 3600

    by_seller = _stats([(r[0], hours(r[2], r[3]), r[4]) for r in rows], names)
    by_receiver = _stats([(r[1], hours(r[2], r[3]), r[4]) for r in rows if r[1] is not None], names)
    overdue = (
        policies.handovers_visible_to(actor)
        .filter(status=HandoverStatus.SUBMITTED, due_at__lt=timezone.now())
        .count()
    )
    return HandoverReport(
        start=start, end=end, by_seller=by_seller, by_receiver=by_receiver, overdue_now=overdue
    )
