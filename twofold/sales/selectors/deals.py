"""Reads of deals, always scoped to what the actor may see: the board, the list, a deal's page
(timeline, time in stage, history, strategy) and the seller's home sections.

Every read costs a constant number of queries, whatever the number of deals: the board shows
the newest cards of each column and aggregates counts and sums in one grouped query; the list
pages by keyset and never counts the whole table.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from twofold import policies
from twofold.activities.models import Activity
from twofold.activities.selectors import activities_of
from twofold.core import history
from twofold.core.sorting import Sort, SortColumn, Sorting, count_capped
from twofold.parties.models import Company, Contact
from twofold.people.choices import SALES_ROLES
from twofold.people.models import TeamMembership, User
from twofold.policies import Perm
from twofold.sales.choices import (
    OpportunityEventType,
    OpportunityKind,
    OpportunityStatus,
    StageKind,
)
from twofold.sales.models import DealStrategy, Opportunity, OpportunityEvent, Pipeline, Stage
from twofold.sales.models.deals import with_agreed_amount
from twofold.sales.selectors.pipelines import stages_of
from twofold.search import text

# Per column: the most recently updated cards; the column links to the list for the rest.
# Rendering dominates the board (each card carries its keyboard "Move to" form), so 25.
BOARD_CARDS = 25
PAGE_SIZE = 50
TIMELINE_LIMIT = 100
NO_NEXT_STEP_LIMIT = 10


def _base(actor: User) -> QuerySet[Opportunity]:
    return policies.opportunities_visible_to(actor)


def opportunity_get_for_actor(*, actor: User, pk: int | str) -> Opportunity:
    """The deal with what its page shows, if the actor may see it; otherwise 404."""
    try:
        return (
            _base(actor)
            .select_related("pipeline", "stage", "owner", "company", "contact")
            .annotate(**with_agreed_amount())
            .get(pk=pk)
        )
    except (Opportunity.DoesNotExist, ValueError) as exc:
        raise Http404("No such deal.") from exc


def stage_get_for_pipeline(*, pipeline_id: int, pk: int | str) -> Stage:
    """A stage named in a request; one of another pipeline is reported against ``stage``."""
    try:
        stage = Stage.objects.get(pk=pk)
    except (Stage.DoesNotExist, ValueError) as exc:
        raise ValidationError({"stage": "No such stage."}) from exc
    if stage.pipeline_id != pipeline_id:
        raise ValidationError({"stage": f"{stage} belongs to another pipeline."})
    return stage


# --- The board ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyTotal:
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    count: int
    totals: list[MoneyTotal]
    cards: list[Opportunity]

    @property
    def hidden(self) -> int:
        """Deals in the column beyond the cards shown."""
        return self.count - len(self.cards)


@dataclass(frozen=True)
class Board:
    pipeline: Pipeline
    stages: list[Stage]
    open_stages: list[Stage]  # the columns, and each card's "Move to" choices
    columns: list[BoardColumn]
    won_count: int
    won_totals: list[MoneyTotal]
    lost_count: int
    month_start: date


def _totals(amounts: dict[str, Decimal]) -> list[MoneyTotal]:
    return [MoneyTotal(currency, amount) for currency, amount in sorted(amounts.items())]


# What a card shows on the page and in the API. Reading only these columns (not the whole
# deal, owner and company) saves about half a millisecond a column.
_CARD_FIELDS = (
    "name",
    "pipeline_id",
    "stage_id",
    "status",
    "owner__full_name",
    "company__name",
    "amount",
    "currency",
    "stage_entered_at",
    "updated_at",
)


def board_for(
    *,
    actor: User,
    pipeline: Pipeline,
    owner_id: int | None = None,
    stage_ids: Collection[int] | None = None,
    limit: int = BOARD_CARDS,
    today: date | None = None,
) -> Board:
    """The open stages of ``pipeline`` as columns of the deals the actor sees.

    Two grouped queries count and sum every column and this month's won and lost deals;
    then one indexed query per shown column reads its ``limit`` most recently updated cards.
    ``stage_ids`` limits the columns read (re-rendering the two columns a move touched).
    """
    visible = _base(actor).filter(pipeline=pipeline)
    if owner_id:
        visible = visible.filter(owner_id=owner_id)
    stages = stages_of(pipeline)
    open_stages = [stage for stage in stages if stage.kind == StageKind.OPEN]
    month_start = (today or timezone.localdate()).replace(day=1)
    # The totals read covering indexes with the visible owners spelled out. Open deals come
    # from sales_opp_owner_totals grouped in its order (owner first), so PostgreSQL sums
    # them as the index streams by instead of hashing ~90k rows; the owners are added up
    # below. This month's closed deals come from sales_opp_closed_totals, the won ones joined
    # to their sale (what was sold, after the discount).
    owners = policies.opportunity_owner_ids_visible_to(actor)
    totals = Opportunity.objects.filter(pipeline=pipeline)
    if owners is not None:
        totals = totals.filter(owner_id__in=owners)
    if owner_id:
        totals = totals.filter(owner_id=owner_id)
    open_rows = (
        totals.filter(status=OpportunityStatus.OPEN)
        .values("owner_id", "stage_id", "currency")
        .annotate(n=Count("*"), total=Sum("amount"))
        .order_by()
    )
    counts: dict[int, int] = {}
    sums: dict[int, dict[str, Decimal]] = {}
    for row in open_rows:
        counts[row["stage_id"]] = counts.get(row["stage_id"], 0) + row["n"]
        per_currency = sums.setdefault(row["stage_id"], {})
        per_currency[row["currency"]] = per_currency.get(row["currency"], 0) + row["total"]
    closed_rows = (
        totals.filter(
            status__in=[OpportunityStatus.WON, OpportunityStatus.LOST],
            closed_on__gte=month_start,
        )
        .values("status", sold_in=F("sale__currency"))
        .annotate(n=Count("*"), total=Sum("sale__amount"))
        .order_by()
    )
    closed = {OpportunityStatus.WON: 0, OpportunityStatus.LOST: 0}
    won_sums: dict[str, Decimal] = {}
    for row in closed_rows:
        closed[row["status"]] += row["n"]
        if row["status"] == OpportunityStatus.WON and row["sold_in"] is not None:
            # What was sold: the recorded sale (after the discount), not the list amount.
            won_sums[row["sold_in"]] = won_sums.get(row["sold_in"], 0) + row["total"]
    columns = []
    for stage in open_stages:
        if stage_ids is not None and stage.pk not in stage_ids:
            continue
        cards: list[Opportunity] = []
        if counts.get(stage.pk):
            cards = list(
                visible.filter(status=OpportunityStatus.OPEN, stage=stage)
                .select_related("owner", "company")
                .only(*_CARD_FIELDS)
                .order_by("-updated_at", "-id")[:limit]
            )
        for card in cards:
            card.stage = stage  # spares a query per card in templates
        columns.append(
            BoardColumn(
                stage=stage,
                count=counts.get(stage.pk, 0),
                totals=_totals(sums.get(stage.pk, {})),
                cards=cards,
            )
        )
    return Board(
        pipeline=pipeline,
        stages=stages,
        open_stages=open_stages,
        columns=columns,
        won_count=closed[OpportunityStatus.WON],
        won_totals=_totals(won_sums),
        lost_count=closed[OpportunityStatus.LOST],
        month_start=month_start,
    )


# --- The list -------------------------------------------------------------------------------

DEAL_SORTING = Sorting(
    columns=(
        SortColumn("amount", "Amount", "amount", descending_first=True),
        SortColumn("close", "Expected close", "expected_close_date", nullable=True),
        SortColumn("updated", "Updated", "updated_at", descending_first=True),
    ),
    default="-updated",
)


@dataclass(frozen=True)
class DealFilters:
    status: str = ""
    pipeline_id: int | None = None
    stage_id: int | None = None
    owner_id: int | None = None
    kind: str = ""
    close_after: date | None = None
    close_before: date | None = None
    q: str = ""
    sort: str = "-updated"
    team_id: int | None = None  # deals owned by the members of this sales team
    # Stalled: open, and in the same stage for more than this many days (the sales policy's).
    stalled_after_days: int | None = None


@dataclass(frozen=True)
class DealPage:
    rows: list[Opportunity]
    next_cursor: str = ""
    is_first: bool = True
    sort: Sort = field(default_factory=lambda: DEAL_SORTING.parse(None))
    count: int = 0
    more: bool = False  # more than ``count`` match (the count stopped at its cap)


def deal_search_q(term: str) -> Q:
    """Deals with ``term`` inside their name or their company's name or domain, any status
    (``twofold.search.text``: trigram indexes on PostgreSQL, FTS5 on SQLite)."""
    return text.contains_q("opportunity", term) | text.related_q(
        "company", term, relation="company"
    )


def opportunity_list(
    *, actor: User, filters: DealFilters, agreed: bool = False
) -> QuerySet[Opportunity]:
    """The deals the actor sees, filtered and sorted (not yet paged); with their agreed amount
    for pages that show weighted amounts."""
    if not policies.can(actor, Perm.OPPORTUNITY_LIST):
        return Opportunity.objects.none()
    deals = _base(actor)
    if filters.status in OpportunityStatus.values:
        deals = deals.filter(status=filters.status)
    if filters.pipeline_id:
        deals = deals.filter(pipeline_id=filters.pipeline_id)
    if filters.stage_id:
        deals = deals.filter(stage_id=filters.stage_id)
    if filters.owner_id:
        deals = deals.filter(owner_id=filters.owner_id)
    if filters.kind in OpportunityKind.values:
        deals = deals.filter(kind=filters.kind)
    if filters.close_after:
        deals = deals.filter(expected_close_date__gte=filters.close_after)
    if filters.close_before:
        deals = deals.filter(expected_close_date__lte=filters.close_before)
    if filters.q:
        deals = deals.filter(deal_search_q(filters.q))
    if filters.team_id:
        deals = deals.filter(
            owner_id__in=TeamMembership.objects.filter(team_id=filters.team_id).values("user_id")
        )
    if filters.stalled_after_days is not None:
        deals = deals.filter(
            status=OpportunityStatus.OPEN,
            stage_entered_at__lt=timezone.now() - timedelta(days=filters.stalled_after_days),
        )
    sort = DEAL_SORTING.parse(filters.sort)
    if agreed:
        deals = deals.annotate(**with_agreed_amount())
    return deals.select_related("stage", "owner", "company").order_by(*sort.order_by())


def opportunity_page(
    *,
    actor: User,
    filters: DealFilters,
    after: str = "",
    size: int = PAGE_SIZE,
    agreed: bool = False,
) -> DealPage:
    """One page of the list after ``after`` (a cursor from the previous page): one query,
    and no COUNT over the table."""
    sort = DEAL_SORTING.parse(filters.sort)
    listed = opportunity_list(actor=actor, filters=filters, agreed=agreed)
    deals = listed
    position = sort.read_cursor(after, Opportunity) if after else None
    if position is not None:
        deals = deals.filter(sort.after(*position))
    rows = list(deals[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    # The same list counted, so a search matches its related companies once a page (the
    # agreed amount is a sub-query per row: counted without it).
    counted = opportunity_list(actor=actor, filters=filters) if agreed else listed
    count, more_than = count_capped(counted, searching=bool(filters.q))
    return DealPage(
        rows=rows,
        next_cursor=sort.cursor_for(rows[-1]) if more and rows else "",
        is_first=position is None,
        sort=sort,
        count=count,
        more=more_than,
    )


# --- One deal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    text: str
    actor_name: str
    activity: Activity | None = None
    event: OpportunityEvent | None = None


def describe_event(event: OpportunityEvent) -> str:
    """A line for the timeline from an event's typed data."""
    data = event.data or {}
    if event.type == OpportunityEventType.STAGE_CHANGED:
        days = round(int(data.get("seconds_in_stage", 0)) / 86400, 1)
        return f"Moved from {data.get('from')} to {data.get('to')} after {days} days"
    if event.type == OpportunityEventType.OWNER_CHANGED:
        return (
            f"Deal owner: {data.get('from_name', data.get('from'))} → "
            f"{data.get('to_name', data.get('to'))} — {data.get('reason', '')}"
        )
    if event.type == OpportunityEventType.AMOUNT_CHANGED:
        return (
            f"Amount: {data.get('from_currency', '')} {data.get('from')} → "
            f"{data.get('currency', '')} {data.get('to')}"
        )
    if event.type == OpportunityEventType.STRATEGY_CHANGED:
        changed = ", ".join(name.replace("_", " ") for name in data.get("changed", []))
        return f"Strategy revised ({changed})" if changed else "Strategy revised"
    if event.type == OpportunityEventType.CREATED:
        return f"Opened in {data.get('stage', 'the first stage')}"
    label = str(event.get_type_display())
    detail = data.get("reason") or data.get("comment") or ""
    return f"{label} — {detail}" if detail else label


def deal_timeline(*, opportunity: Opportunity, limit: int = TIMELINE_LIMIT) -> list[TimelineItem]:
    """Activities and events of a deal the caller may see, newest first (two queries)."""
    items = [
        TimelineItem(
            at=activity.occurred_at,
            text=activity.subject,
            actor_name=str(activity.owner),
            activity=activity,
        )
        for activity in activities_of(opportunity=opportunity, limit=limit)
    ]
    events = (
        OpportunityEvent.objects.filter(opportunity=opportunity)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    items.extend(
        TimelineItem(
            at=event.at,
            text=describe_event(event),
            actor_name=str(event.actor) if event.actor_id else "System",
            event=event,
        )
        for event in events
    )
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


STAGE_TRANSITIONS = (
    OpportunityEventType.STAGE_CHANGED,
    OpportunityEventType.WON,
    OpportunityEventType.LOST,
    OpportunityEventType.REOPENED,
)


@dataclass(frozen=True)
class StageStint:
    """One stay of a deal in one stage."""

    stage: str
    entered: datetime
    left: datetime | None
    seconds: int | None  # None: the deal is closed and rests in its closing stage

    @property
    def days(self) -> Decimal | None:
        if self.seconds is None:
            return None
        return (Decimal(self.seconds) / 86400).quantize(Decimal("0.1"))


def stage_times(*, opportunity: Opportunity, now: datetime | None = None) -> list[StageStint]:
    """Time spent in each stage, from the stage-change events (one query).

    A transition is any stage-changing event whose data names the stage entered (``to``):
    moves, and closing or reopening when those record it.
    """
    now = now or timezone.now()
    moves = [
        event
        for event in OpportunityEvent.objects.filter(
            opportunity=opportunity, type__in=STAGE_TRANSITIONS
        )
        .order_by("at", "id")
        .only("at", "data")[:1000]
        if isinstance(event.data, dict) and event.data.get("to")
    ]
    current = str(moves[0].data.get("from") or opportunity.stage) if moves else ""
    if not current:
        current = str(opportunity.stage)
    entered = opportunity.created_at
    stints: list[StageStint] = []
    for move in moves:
        stints.append(
            StageStint(current, entered, move.at, max(0, int((move.at - entered).total_seconds())))
        )
        current, entered = str(move.data["to"]), move.at
    still_counting = opportunity.status == OpportunityStatus.OPEN
    stints.append(
        StageStint(
            current,
            entered,
            None,
            max(0, int((now - entered).total_seconds())) if still_counting else None,
        )
    )
    return stints


def deal_history(*, opportunity: Opportunity, limit: int = 100) -> list[history.HistoryEntry]:
    """Field changes of the deal (who, when, what, from where), newest first."""
    return history.timeline([_deal_source(opportunity)], limit=limit)


def opportunity_history(
    *, opportunity: Opportunity, limit: int = 100
) -> list[history.HistoryEntry]:
    """The deal's field changes and its strategy's versions in one timeline (for the API)."""
    return history.timeline([_deal_source(opportunity), _strategy_source(opportunity)], limit=limit)


def strategy_of(*, opportunity: Opportunity) -> DealStrategy | None:
    """The deal's strategy; whoever sees the deal (its owner and their team) reads it."""
    return DealStrategy.objects.select_related("updated_by").filter(opportunity=opportunity).first()


def strategy_history(*, opportunity: Opportunity, limit: int = 50) -> list[history.HistoryEntry]:
    return history.timeline([_strategy_source(opportunity)], limit=limit)


def _deal_source(opportunity: Opportunity) -> history.HistorySource:
    return history.HistorySource(
        Opportunity,
        {"id": opportunity.pk},
        "Deal",
        ("updated_at", "stage_entered_at", "created_at"),
    )


def _strategy_source(opportunity: Opportunity) -> history.HistorySource:
    return history.HistorySource(
        DealStrategy,
        {"opportunity_id": opportunity.pk},
        "Strategy",
        ("opportunity", "updated_at", "updated_by"),
    )


# --- Choices for forms and filters ------------------------------------------------------------


def owner_choices(*, actor: User, limit: int = 500) -> QuerySet[User]:
    """People who own deals, among those the actor sees (for the owner filter)."""
    return (
        policies.users_visible_to(actor)
        .filter(is_active=True, role_assignments__role__in=policies.DEAL_OWNER_ROLES)
        .distinct()
        .order_by("full_name", "id")[:limit]
    )


def reassign_candidates(*, actor: User) -> QuerySet[User]:
    """Whom the actor may hand deals to: for an admin any active seller or account manager,
    for a sales lead themselves and the members of the sales teams they lead. The service
    decides each hand-over again."""
    return policies.deal_assignees_visible_to(actor)


def contact_choices(*, opportunity: Opportunity, limit: int = 200) -> list[Contact]:
    """The people at the deal's company (a deal's contact works there)."""
    if opportunity.company_id is None:
        return (
            list(Contact.objects.filter(pk=opportunity.contact_id))
            if opportunity.contact_id
            else []
        )
    return list(
        Contact.objects.filter(company_id=opportunity.company_id).order_by("full_name")[:limit]
    )


def company_by_name(*, name: str) -> Company | None:
    """The company called exactly ``name`` (ignoring case), for the new-deal form."""

    name = (name or "").strip()
    if not name:
        return None
    company = Company.objects.filter(name__iexact=name).order_by("pk").first()
    if company is None:
        raise ValidationError({"company": f"No company is called “{name}”."})
    return company


# --- Activities and the seller's home ---------------------------------------------------------


def activity_get_for_actor(*, actor: User, pk: int | str) -> Activity:
    """An activity of the actor's, or on a deal, lead, sales meeting or account they see;
    otherwise 404."""
    visible = Activity.objects.filter(
        Q(owner=actor)
        | Q(opportunity__in=_base(actor).values("pk"))
        | Q(lead__in=policies.leads_visible_to(actor).values("pk"))
        | Q(meeting__in=policies.meetings_visible_to(actor).values("pk"))
        | Q(account__in=policies.accounts_visible_to(actor).values("pk"))
    )
    try:
        return visible.select_related("lead", "opportunity", "meeting", "account").get(pk=pk)
    except (Activity.DoesNotExist, ValueError) as exc:
        raise Http404("No such activity.") from exc


def works_sales(actor: User) -> bool:
    return bool(actor.roles & SALES_ROLES)


def deals_without_next_step(
    *, actor: User, today: date | None = None, limit: int = NO_NEXT_STEP_LIMIT
) -> list[Opportunity]:
    """The actor's open deals with no next step, or one whose due date has passed; the ones
    untouched longest first (one query on the owner index)."""
    today = today or timezone.localdate()
    return list(
        Opportunity.objects.filter(owner=actor, status=OpportunityStatus.OPEN)
        .filter(Q(next_step="") | Q(next_step_due__lt=today))
        .select_related("company", "stage")
        .order_by("updated_at", "id")[:limit]
    )
