"""The sales reports: revenue by seller, team, month and lead source; the open pipeline by
stage; win rate and sales cycle; the lead funnel by source; time in stage.

A sales lead sees the sales teams they lead, an admin everything; nobody else anything
(``policies.sales_teams_run_by``). A team's people are its members: revenue is what the
``SaleCredit`` rows of its members add up to, deals and leads are those its members own.

Every figure is aggregated by the database (GROUP BY with SUM, COUNT, AVG) over indexed
ranges: closed deals on ``sales_opp_closed``, sales on ``sales_sale_closed``, leads on
``sales_lead_newest``, stage moves on ``sales_oppevent_type``. Each report is one query
(time in stage and revenue by team two), so the page costs the same number of queries at ten
deals and at half a million. Report reads return frozen dataclasses; money stays Decimal, per
currency, never converted.

Only new business counts: upsell, cross-sell and renewals are account management's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncDate, TruncMonth
from django.utils import timezone

from twofold import policies
from twofold.core.money import quantize
from twofold.core.params import EARLIEST_DAY, LATEST_DAY, whole_number
from twofold.people.models import Team, TeamMembership, User
from twofold.policies import Perm
from twofold.policies.people import is_admin
from twofold.policies.sales import sales_teams_run_by
from twofold.sales.choices import (
    LeadSource,
    LeadStatus,
    OpportunityEventType,
    OpportunityKind,
    OpportunityStatus,
)
from twofold.sales.models import Lead, Opportunity, OpportunityEvent, SaleCredit, Stage
from twofold.sales.models.deals import discount_in_force, weighted_value

TENTH = Decimal("0.1")
NO_SOURCE = "none"
NO_SOURCE_LABEL = "No lead (deal opened directly)"
# Events that end a stay in an open stage and record how long it lasted.
STAGE_LEAVING = (
    OpportunityEventType.STAGE_CHANGED,
    OpportunityEventType.WON,
    OpportunityEventType.LOST,
)
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)

Row = TypeVar("Row")


# --- Filters and scope ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    """The period (both days included) and, optionally, one team."""

    date_from: date
    date_to: date
    team_id: int | None = None

    @classmethod
    def this_year(cls, today: date | None = None, team_id: int | None = None) -> ReportFilters:
        today = today or timezone.localdate()
        return cls(date(today.year, 1, 1), date(today.year, 12, 31), team_id)

    @property
    def starts(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def ends(self) -> datetime:
        """The first moment after the period (timestamps are compared with ``<``)."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))


def parse_filters(
    *, date_from: str | None, date_to: str | None, team: str | None, today: date | None = None
) -> ReportFilters:
    """Filters from query parameters; a bad value is reported against its field."""
    default = ReportFilters.this_year(today)
    errors: dict[str, str] = {}
    parsed: dict[str, date] = {}
    for name, raw, fallback in (
        ("from", date_from, default.date_from),
        ("to", date_to, default.date_to),
    ):
        raw = (raw or "").strip()
        if not raw:
            parsed[name] = fallback
            continue
        try:
            parsed[name] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = "Give a date as YYYY-MM-DD."
            continue
        if not EARLIEST_DAY <= parsed[name] <= LATEST_DAY:
            # The report's period ends the day after "to": 9999-12-31 has no day after it.
            errors[name] = f"Use a date from {EARLIEST_DAY} to {LATEST_DAY}."
    team_id: int | None = None
    raw_team = (team or "").strip()
    if raw_team:
        team_id = whole_number(raw_team)
        if team_id is None:
            errors["team"] = "No such team."
    if not errors and parsed["from"] > parsed["to"]:
        errors["to"] = "The period ends before it starts."
    if not errors and (parsed["to"] - parsed["from"]).days > 366 * 10:
        errors["from"] = "Report on ten years at most."
    if errors:
        raise ValidationError(errors)
    return ReportFilters(parsed["from"], parsed["to"], team_id)


@dataclass(frozen=True)
class Scope:
    """Whose data a report covers: everything (an admin without a team filter) or the
    members of ``teams``."""

    teams: tuple[Team, ...]
    everything: bool
    team: Team | None

    @property
    def team_ids(self) -> list[int]:
        return [team.pk for team in self.teams]

    def people(self) -> QuerySet[Any]:
        """Ids of the members of the teams in scope (an indexed subquery)."""
        return TeamMembership.objects.filter(team_id__in=self.team_ids).values("user_id")


def report_teams(*, actor: User) -> list[Team]:
    """The teams the actor may report on (for the team filter)."""
    if not policies.can(actor, Perm.SALES_REPORTS):
        return []
    return list(sales_teams_run_by(actor).order_by("name").only("id", "name"))


def report_scope(*, actor: User, filters: ReportFilters) -> Scope:
    """What ``actor`` may report on under ``filters`` (one query, the team list)."""
    policies.require(actor, Perm.SALES_REPORTS)
    teams = report_teams(actor=actor)
    if filters.team_id is not None:
        chosen = [team for team in teams if team.pk == filters.team_id]
        if not chosen:
            raise ValidationError({"team": "No such team."})
        return Scope(teams=tuple(chosen), everything=False, team=chosen[0])
    everything = is_admin(actor)
    return Scope(teams=tuple(teams), everything=everything, team=None)


def _by_owner(queryset: QuerySet[Any], scope: Scope, path: str = "owner_id") -> QuerySet[Any]:
    if scope.everything:
        return queryset
    return queryset.filter(**{f"{path}__in": scope.people()})


# --- Result shapes --------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyTable(Generic[Row]):
    """The rows of one currency (amounts are never converted between currencies)."""

    currency: str
    rows: tuple[Row, ...]
    total: Decimal


@dataclass(frozen=True)
class RevenueRow:
    key: str  # the seller's or team's id, the month (YYYY-MM) or the lead source
    label: str
    currency: str
    amount: Decimal
    sales: int


@dataclass(frozen=True)
class StageRow:
    pipeline: str
    stage_id: int
    stage: str
    order: int
    probability: int
    currency: str
    count: int
    amount: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class WinRate:
    won: int
    lost: int
    average_cycle_days: Decimal | None  # created to closed, won deals only

    @property
    def closed(self) -> int:
        return self.won + self.lost

    @property
    def percent(self) -> Decimal | None:
        if not self.closed:
            return None
        return quantize(Decimal(100) * self.won / self.closed, TENTH)


@dataclass(frozen=True)
class FunnelRow:
    source: str
    label: str
    captured: int
    qualified: int  # qualified or already handed to a BDM
    won: int

    @property
    def qualified_percent(self) -> Decimal | None:
        return _percent(self.qualified, self.captured)

    @property
    def won_percent(self) -> Decimal | None:
        return _percent(self.won, self.captured)


@dataclass(frozen=True)
class StageTime:
    pipeline: str
    stage_id: int
    stage: str
    order: int
    stays: int  # how many stays ended in the period
    average_days: Decimal


@dataclass(frozen=True)
class SalesReport:
    filters: ReportFilters
    team: Team | None
    teams: tuple[Team, ...]
    revenue_by_seller: tuple[MoneyTable[RevenueRow], ...]
    revenue_by_team: tuple[MoneyTable[RevenueRow], ...]
    revenue_by_month: tuple[MoneyTable[RevenueRow], ...]
    revenue_by_source: tuple[MoneyTable[RevenueRow], ...]
    pipeline: tuple[MoneyTable[StageRow], ...]
    win_rate: WinRate
    funnel: tuple[FunnelRow, ...]
    stage_times: tuple[StageTime, ...]
    currencies: tuple[str, ...] = field(default=())


def _percent(part: int, whole: int) -> Decimal | None:
    return quantize(Decimal(100) * part / whole, TENTH) if whole else None


def _money(value: Any) -> Decimal:
    return quantize(Decimal(value if value is not None else 0))


def _tables(rows: Iterable[Row], amount: Callable[[Row], Decimal]) -> tuple[MoneyTable[Row], ...]:
    """Split rows (already ordered by currency) into one table per currency."""
    tables: list[MoneyTable[Row]] = []
    current: list[Row] = []
    currency = None
    for row in rows:
        if getattr(row, "currency", None) != currency and current:
            tables.append(
                MoneyTable(currency or "", tuple(current), sum(map(amount, current), Decimal(0)))
            )
            current = []
        currency = getattr(row, "currency", None)
        current.append(row)
    if current:
        tables.append(
            MoneyTable(currency or "", tuple(current), sum(map(amount, current), Decimal(0)))
        )
    return tuple(tables)


def _revenue_tables(rows: Iterable[RevenueRow]) -> tuple[MoneyTable[RevenueRow], ...]:
    return _tables(rows, lambda row: row.amount)


# --- Revenue: what the sale credits add up to -----------------------------------------------


def _credits(scope: Scope, filters: ReportFilters) -> QuerySet[SaleCredit]:
    """Credits of sales closed in the period (``sales_sale_closed``), new business only."""
    credits = SaleCredit.objects.filter(
        sale__closed_on__gte=filters.date_from,
        sale__closed_on__lte=filters.date_to,
        sale__opportunity__kind=OpportunityKind.NEW_BUSINESS,
    )
    return _by_owner(credits, scope, "seller_id")


def revenue_by_seller(
    *, scope: Scope, filters: ReportFilters
) -> tuple[MoneyTable[RevenueRow], ...]:
    rows = (
        _credits(scope, filters)
        .values("seller_id", "seller__full_name", "sale__currency")
        .annotate(amount=Sum("amount", output_field=MONEY), sales=Count("sale_id"))
        .order_by("sale__currency", "-amount", "seller__full_name", "seller_id")
    )
    return _revenue_tables(
        RevenueRow(
            key=str(row["seller_id"]),
            label=row["seller__full_name"],
            currency=row["sale__currency"],
            amount=_money(row["amount"]),
            sales=row["sales"],
        )
        for row in rows
    )


def revenue_by_team(*, scope: Scope, filters: ReportFilters) -> tuple[MoneyTable[RevenueRow], ...]:
    """A seller in two teams counts in both: each team's figure is its members' credits. The
    table's total is what the members of these teams won, each credit once, so it is not the
    sum of its rows when a seller is in two of the teams (one more GROUP BY)."""
    in_period = SaleCredit.objects.filter(
        sale__closed_on__gte=filters.date_from,
        sale__closed_on__lte=filters.date_to,
        sale__opportunity__kind=OpportunityKind.NEW_BUSINESS,
    )
    rows = (
        in_period.filter(seller__memberships__team_id__in=scope.team_ids)
        .values(
            team_id=F("seller__memberships__team_id"),
            team_name=F("seller__memberships__team__name"),
            currency=F("sale__currency"),
        )
        .annotate(amount=Sum("amount", output_field=MONEY), sales=Count("sale_id", distinct=True))
        .order_by("currency", "-amount", "team_name")
    )
    members = TeamMembership.objects.filter(team_id__in=scope.team_ids).values("user_id")
    won = {
        row["currency"]: _money(row["amount"])
        for row in in_period.filter(seller_id__in=members)
        .values(currency=F("sale__currency"))
        .annotate(amount=Sum("amount", output_field=MONEY))
        .order_by()
    }
    tables = _revenue_tables(
        RevenueRow(
            key=str(row["team_id"]),
            label=row["team_name"],
            currency=row["currency"],
            amount=_money(row["amount"]),
            sales=row["sales"],
        )
        for row in rows
    )
    return tuple(replace(table, total=won.get(table.currency, table.total)) for table in tables)


def _months(filters: ReportFilters) -> list[date]:
    """The first day of every month the period touches, in order."""
    months = []
    month = filters.date_from.replace(day=1)
    while month <= filters.date_to:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def revenue_by_month(*, scope: Scope, filters: ReportFilters) -> tuple[MoneyTable[RevenueRow], ...]:
    """Every month of the period, per currency sold in: a month without sales is a zero row,
    not a gap (filled in Python, the query stays one GROUP BY)."""
    rows = (
        _credits(scope, filters)
        .values(month=TruncMonth("sale__closed_on"), currency=F("sale__currency"))
        .annotate(amount=Sum("amount", output_field=MONEY), sales=Count("sale_id", distinct=True))
        .order_by("currency", "month")
    )
    sold: dict[str, dict[str, tuple[Decimal, int]]] = {}
    for row in rows:
        sold.setdefault(row["currency"], {})[f"{row['month']:%Y-%m}"] = (
            _money(row["amount"]),
            row["sales"],
        )
    nothing = (_money(0), 0)
    table: list[RevenueRow] = []
    for currency, by_month in sold.items():
        for month in _months(filters):
            amount, sales = by_month.get(f"{month:%Y-%m}", nothing)
            table.append(
                RevenueRow(
                    key=f"{month:%Y-%m}",
                    label=f"{month:%b %Y}",
                    currency=currency,
                    amount=amount,
                    sales=sales,
                )
            )
    return _revenue_tables(table)


def revenue_by_source(
    *, scope: Scope, filters: ReportFilters
) -> tuple[MoneyTable[RevenueRow], ...]:
    """By the source of the lead the deal came from (sale → deal → its lead)."""
    labels = dict(LeadSource.choices)
    rows = (
        _credits(scope, filters)
        .values(source=F("sale__opportunity__source_lead__source"), currency=F("sale__currency"))
        .annotate(amount=Sum("amount", output_field=MONEY), sales=Count("sale_id", distinct=True))
        .order_by("currency", "-amount", "source")
    )
    return _revenue_tables(
        RevenueRow(
            key=row["source"] or NO_SOURCE,
            label=labels.get(row["source"], NO_SOURCE_LABEL),
            currency=row["currency"],
            amount=_money(row["amount"]),
            sales=row["sales"],
        )
        for row in rows
    )


# --- Deals ----------------------------------------------------------------------------------


def _deals(scope: Scope) -> QuerySet[Opportunity]:
    return _by_owner(Opportunity.objects.filter(kind=OpportunityKind.NEW_BUSINESS), scope)


def pipeline_by_stage(*, scope: Scope) -> tuple[MoneyTable[StageRow], ...]:
    """The open pipeline today (the period does not apply): per stage the number of deals,
    their amount, and the agreed (discounted) amount weighted by the stage's win probability.

    The database sums the amounts per stage and discount (a handful of discounts per stage);
    discounting and weighting those sums happens here, in ``Decimal``, and rounds once per
    stage (docs/decisions/0016)."""
    groups = (
        _deals(scope)
        .filter(status=OpportunityStatus.OPEN)
        .values(
            "currency",
            "stage_id",
            pipeline_name=F("pipeline__name"),
            stage_name=F("stage__name"),
            stage_order=F("stage__order"),
            probability=F("stage__probability"),
            discount=discount_in_force(),
        )
        .annotate(deals=Count("pk"), total=Sum("amount", output_field=MONEY))
        .order_by("currency", "pipeline_name", "stage_order", "stage_id")
    )
    stages: dict[tuple[str, int], dict[str, Any]] = {}
    for group in groups:
        stage = stages.setdefault(
            (group["currency"], group["stage_id"]),
            {**group, "deals": 0, "total": Decimal(0), "weighted": Decimal(0)},
        )
        amount = Decimal(group["total"] or 0)
        stage["deals"] += group["deals"]
        stage["total"] += amount
        stage["weighted"] += weighted_value(
            amount, Decimal(group["discount"] or 0), group["probability"]
        )
    return _tables(
        (
            StageRow(
                pipeline=row["pipeline_name"],
                stage_id=row["stage_id"],
                stage=row["stage_name"],
                order=row["stage_order"],
                probability=row["probability"],
                currency=row["currency"],
                count=row["deals"],
                amount=_money(row["total"]),
                weighted=_money(row["weighted"]),
            )
            for row in stages.values()
        ),
        lambda row: row.amount,
    )


def _days(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return (Decimal(value.days) + Decimal(value.seconds) / 86400).quantize(TENTH)
    return Decimal(str(value)).quantize(TENTH)


def win_rate(*, scope: Scope, filters: ReportFilters) -> WinRate:
    """Won against won + lost among the deals closed in the period (``sales_opp_closed``),
    and the average days from opening to winning."""
    cycle = ExpressionWrapper(
        F("closed_on") - TruncDate("created_at"), output_field=DurationField()
    )
    figures = (
        _deals(scope)
        .filter(
            status__in=[OpportunityStatus.WON, OpportunityStatus.LOST],
            closed_on__gte=filters.date_from,
            closed_on__lte=filters.date_to,
        )
        .aggregate(
            won=Count("pk", filter=Q(status=OpportunityStatus.WON)),
            lost=Count("pk", filter=Q(status=OpportunityStatus.LOST)),
            cycle=Avg(cycle, filter=Q(status=OpportunityStatus.WON)),
        )
    )
    return WinRate(
        won=figures["won"], lost=figures["lost"], average_cycle_days=_days(figures["cycle"])
    )


def stage_times(*, scope: Scope, filters: ReportFilters) -> tuple[StageTime, ...]:
    """Average days a deal stayed in each open stage, over the stays that ended in the
    period: every move, win and loss records ``seconds_in_stage`` of the stage it left."""
    events = OpportunityEvent.objects.filter(
        type__in=STAGE_LEAVING,
        at__gte=filters.starts,
        at__lt=filters.ends,
        opportunity__kind=OpportunityKind.NEW_BUSINESS,
    )
    if not scope.everything:
        events = events.filter(opportunity__owner_id__in=scope.people())
    rows = list(
        events.values(stage_key=KT("data__from_id"))
        .annotate(
            stays=Count("pk"),
            seconds=Avg(Cast(KT("data__seconds_in_stage"), IntegerField())),
        )
        .order_by()
    )
    ids = [int(row["stage_key"]) for row in rows if str(row["stage_key"] or "").isdigit()]
    stages = {
        stage.pk: stage
        for stage in Stage.objects.filter(pk__in=ids)
        .select_related("pipeline")
        .only("id", "name", "order", "pipeline__name")
    }
    result = []
    for row in rows:
        key = str(row["stage_key"] or "")
        stage = stages.get(int(key)) if key.isdigit() else None
        if stage is None:
            continue
        seconds = Decimal(str(row["seconds"] or 0))
        result.append(
            StageTime(
                pipeline=stage.pipeline.name,
                stage_id=stage.pk,
                stage=stage.name,
                order=stage.order,
                stays=row["stays"],
                average_days=(seconds / 86400).quantize(TENTH),
            )
        )
    result.sort(key=lambda item: (item.pipeline, item.order))
    return tuple(result)


# --- Leads ----------------------------------------------------------------------------------


def lead_funnel(*, scope: Scope, filters: ReportFilters) -> tuple[FunnelRow, ...]:
    """Leads captured in the period by source: how many were qualified (or already handed
    over) and how many became a won deal."""
    labels = dict(LeadSource.choices)
    leads = _by_owner(
        Lead.objects.filter(created_at__gte=filters.starts, created_at__lt=filters.ends), scope
    )
    rows = (
        leads.values("source")
        .annotate(
            captured=Count("pk"),
            qualified=Count(
                "pk", filter=Q(status__in=[LeadStatus.QUALIFIED, LeadStatus.CONVERTED])
            ),
            won=Count("pk", filter=Q(opportunity__status=OpportunityStatus.WON)),
        )
        .order_by("-captured", "source")
    )
    return tuple(
        FunnelRow(
            source=row["source"],
            label=labels.get(row["source"], row["source"]),
            captured=row["captured"],
            qualified=row["qualified"],
            won=row["won"],
        )
        for row in rows
    )


# --- The whole page -------------------------------------------------------------------------

REPORTS: dict[str, Callable[..., Any]] = {
    "revenue-by-seller": revenue_by_seller,
    "revenue-by-team": revenue_by_team,
    "revenue-by-month": revenue_by_month,
    "revenue-by-source": revenue_by_source,
    "pipeline": pipeline_by_stage,
    "win-rate": win_rate,
    "funnel": lead_funnel,
    "time-in-stage": stage_times,
}


def one_report(*, actor: User, filters: ReportFilters, name: str) -> Any:
    """One of ``REPORTS`` (for its CSV export): the team list and the report's queries."""
    if name not in REPORTS:
        raise ValidationError({"name": "No such report."})
    scope = report_scope(actor=actor, filters=filters)
    if name == "pipeline":
        return pipeline_by_stage(scope=scope)
    return REPORTS[name](scope=scope, filters=filters)


def sales_report(*, actor: User, filters: ReportFilters) -> SalesReport:
    """Every sales report for ``actor`` under ``filters`` in eleven queries, whatever the
    number of rows."""
    scope = report_scope(actor=actor, filters=filters)
    by_seller = revenue_by_seller(scope=scope, filters=filters)
    pipeline = pipeline_by_stage(scope=scope)
    currencies = sorted({t.currency for t in by_seller} | {t.currency for t in pipeline})
    return SalesReport(
        filters=filters,
        team=scope.team,
        teams=scope.teams,
        revenue_by_seller=by_seller,
        revenue_by_team=revenue_by_team(scope=scope, filters=filters),
        revenue_by_month=revenue_by_month(scope=scope, filters=filters),
        revenue_by_source=revenue_by_source(scope=scope, filters=filters),
        pipeline=pipeline,
        win_rate=win_rate(scope=scope, filters=filters),
        funnel=lead_funnel(scope=scope, filters=filters),
        stage_times=stage_times(scope=scope, filters=filters),
        currencies=tuple(currencies),
    )
