"""Reads for the account manager's care tabs: goals, the wallet (budget against sold and
proposed), projects with milestones, and satisfaction over time. Every function costs a fixed
number of queries, whatever the number of rows; aggregates run in the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncQuarter
from django.http import Http404
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import GoalHorizon, GoalStatus, MilestoneStatus, SurveyKind
from twofold.accounts.models import (
    Account,
    BudgetLine,
    Goal,
    Milestone,
    Project,
    SatisfactionResult,
)
from twofold.accounts.selectors.account import account_get_for_actor
from twofold.core.money import quantize
from twofold.core.params import whole_number
from twofold.policies import Perm
from twofold.sales.choices import OpportunityStatus
from twofold.sales.models import Opportunity, Sale

if TYPE_CHECKING:
    from twofold.people.models import User

UNASSIGNED = "Unassigned"
SATISFACTION_LIMIT = 200


def care_account_get(*, actor: User, pk: Any) -> Account:
    """The account, if the actor may see it (404 otherwise), with what the header shows."""
    return account_get_for_actor(actor=actor, pk=pk)


def can_edit(actor: User, account: Account) -> bool:
    return policies.can(actor, Perm.ACCOUNT_EDIT, account)


# --- Goals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalGroup:
    horizon: str
    label: str
    goals: list[Goal]


def goals_of(*, account: Account) -> list[GoalGroup]:
    """The account's goals by horizon (short term first), soonest review first."""
    by_horizon: dict[str, list[Goal]] = defaultdict(list)
    for goal in Goal.objects.filter(account=account).order_by("review_on", "id"):
        by_horizon[goal.horizon].append(goal)
    return [
        GoalGroup(horizon=value, label=label, goals=by_horizon[value])
        for value, label in GoalHorizon.choices
    ]


def goal_get(*, account: Account, pk: Any) -> Goal:
    goal = (
        Goal.objects.filter(account=account, pk=pk).first()
        if whole_number(str(pk)) is not None
        else None
    )
    if goal is None:
        raise Http404("No such goal.")
    return goal


def review_overdue(goal: Goal, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        goal.review_on is not None
        and goal.review_on < today
        and goal.status not in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
    )


# --- Wallet ---------------------------------------------------------------------------------


@dataclass
class WalletRow:
    centre: str
    budget: Decimal = Decimal("0.00")
    sold: Decimal = Decimal("0.00")
    proposed: Decimal = Decimal("0.00")
    has_budget: bool = False
    line_id: int | None = None

    @property
    def share(self) -> Decimal | None:
        """Share of wallet: what we sold of the client's budget, in per cent."""
        if not self.has_budget or self.budget <= 0:
            return None
        return quantize(self.sold * 100 / self.budget, Decimal("0.1"))

    @property
    def share_bar(self) -> int:
        share = self.share
        return 0 if share is None else min(int(share), 100)


@dataclass
class CurrencyFigures:
    """A year's budget, sold and proposed in a currency other than the account's: shown beside
    the wallet, never added to it (amounts in two currencies do not add up)."""

    currency: str
    budget: Decimal = Decimal("0.00")
    sold: Decimal = Decimal("0.00")
    proposed: Decimal = Decimal("0.00")


@dataclass
class WalletYear:
    year: int
    rows: list[WalletRow] = field(default_factory=list)
    other_currencies: list[CurrencyFigures] = field(default_factory=list)

    @property
    def total(self) -> WalletRow:
        total = WalletRow(centre="Total")
        for row in self.rows:
            total.budget += row.budget
            total.sold += row.sold
            total.proposed += row.proposed
            total.has_budget = total.has_budget or row.has_budget
        return total


def _key(centre: str) -> str:
    return (centre or "").strip().lower()


def wallet_of(*, account: Account) -> list[WalletYear]:
    """Per year (newest first) and buying centre: the client's budget, what we sold (won deals
    of the company closed that year) and what we proposed (open deals expected to close that
    year), in the account's currency; figures in other currencies per year and currency
    beside them (``WalletYear.other_currencies``). Three aggregate queries."""
    years: dict[int, dict[str, WalletRow]] = defaultdict(dict)
    others: dict[int, dict[str, CurrencyFigures]] = defaultdict(dict)

    def row(year: int, centre: str) -> WalletRow:
        key = _key(centre)
        if key not in years[year]:
            years[year][key] = WalletRow(centre=centre.strip() or UNASSIGNED)
        return years[year][key]

    def other(year: int, currency: str) -> CurrencyFigures:
        years.setdefault(year, {})  # the year shows even when all of it is in other currencies
        return others[year].setdefault(currency, CurrencyFigures(currency=currency))

    for line in BudgetLine.objects.filter(account=account).values(
        "pk", "year", "buying_centre", "amount", "currency"
    ):
        if line["currency"] != account.currency:
            other(line["year"], line["currency"]).budget += line["amount"]
            continue
        target = row(line["year"], line["buying_centre"])
        target.budget += line["amount"]
        target.has_budget = True
        target.line_id = line["pk"]
    sold = (
        Sale.objects.filter(opportunity__company_id=account.company_id)
        .values("currency", year=ExtractYear("closed_on"), centre=F("opportunity__buying_centre"))
        .annotate(total=Sum("amount"))
    )
    for entry in sold:
        if entry["currency"] != account.currency:
            other(entry["year"], entry["currency"]).sold += entry["total"]
        else:
            row(entry["year"], entry["centre"]).sold += entry["total"]
    proposed = (
        Opportunity.objects.filter(
            company_id=account.company_id,
            status=OpportunityStatus.OPEN,
            expected_close_date__isnull=False,
        )
        .values("currency", year=ExtractYear("expected_close_date"), centre=F("buying_centre"))
        .annotate(total=Sum("amount"))
    )
    for entry in proposed:
        if entry["currency"] != account.currency:
            other(entry["year"], entry["currency"]).proposed += entry["total"]
        else:
            row(entry["year"], entry["centre"]).proposed += entry["total"]
    return [
        WalletYear(
            year=year,
            rows=sorted(
                years[year].values(), key=lambda r: (r.centre == UNASSIGNED, r.centre.lower())
            ),
            other_currencies=[others[year][code] for code in sorted(others[year])],
        )
        for year in sorted(years, reverse=True)
    ]


def budget_line_get(*, account: Account, pk: Any) -> BudgetLine:
    line = (
        BudgetLine.objects.filter(account=account, pk=pk).first()
        if whole_number(str(pk)) is not None
        else None
    )
    if line is None:
        raise Http404("No such budget line.")
    return line


# --- Projects -------------------------------------------------------------------------------


def projects_of(*, account: Account) -> QuerySet[Project]:
    """The account's projects with their owners and milestones (two queries)."""
    return (
        Project.objects.filter(account=account)
        .select_related("owner")
        .annotate(
            milestones_total=Count("milestones"),
            milestones_done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE)),
        )
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("owner").order_by("due_on", "id"),
            )
        )
        .order_by("status", "due_on", "id")
    )


def project_get(*, account: Account, pk: Any) -> Project:
    found = (
        Project.objects.filter(account=account, pk=pk).first()
        if whole_number(str(pk)) is not None
        else None
    )
    if found is None:
        raise Http404("No such project.")
    return found


def milestone_get(*, account: Account, pk: Any) -> Milestone:
    found = (
        Milestone.objects.filter(project__account=account, pk=pk).select_related("project").first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404("No such milestone.")
    return found


def milestone_overdue(milestone: Milestone, today: date | None = None) -> bool:
    return milestone.status == MilestoneStatus.OPEN and milestone.due_on < (
        today or timezone.localdate()
    )


# --- Satisfaction ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    starts: date
    answers: int
    promoters: int
    detractors: int
    csat_answers: int
    csat_average: Decimal | None

    @property
    def label(self) -> str:
        return f"{self.starts.year} Q{(self.starts.month - 1) // 3 + 1}"

    @property
    def nps(self) -> int | None:
        """Promoters (9 or 10) minus detractors (0 to 6), in per cent of the answers."""
        if not self.answers:
            return None
        return round((self.promoters - self.detractors) * 100 / self.answers)


@dataclass(frozen=True)
class ChartPoint:
    x: int
    y: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    nps: list[ChartPoint]
    csat: list[ChartPoint]
    ticks: list[ChartPoint]  # the quarters along the bottom

    @property
    def nps_points(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.nps)

    @property
    def csat_points(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.csat)


@dataclass(frozen=True)
class Satisfaction:
    results: list[SatisfactionResult]
    quarters: list[Quarter]
    chart: Chart | None


def satisfaction_quarters(*, account: Account) -> list[Quarter]:
    """NPS and CSAT per quarter, oldest first, aggregated in the database."""
    rows = (
        SatisfactionResult.objects.filter(account=account)
        .values(quarter=TruncQuarter("taken_on"))
        .annotate(
            answers=Count("id", filter=Q(kind=SurveyKind.NPS)),
            promoters=Count("id", filter=Q(kind=SurveyKind.NPS, score__gte=9)),
            detractors=Count("id", filter=Q(kind=SurveyKind.NPS, score__lte=6)),
            csat_answers=Count("id", filter=Q(kind=SurveyKind.CSAT)),
            csat_average=Avg("score", filter=Q(kind=SurveyKind.CSAT)),
        )
        .order_by("quarter")
    )
    return [
        Quarter(
            starts=r["quarter"],
            answers=r["answers"],
            promoters=r["promoters"],
            detractors=r["detractors"],
            csat_answers=r["csat_answers"],
            csat_average=(
                None
                if r["csat_average"] is None
                else Decimal(str(r["csat_average"])).quantize(Decimal("0.1"))
            ),
        )
        for r in rows
    ]


CHART_W, CHART_H, PAD = 640, 200, 30


def _chart(quarters: list[Quarter]) -> Chart | None:
    """NPS (-100 to 100) and CSAT (1 to 5) per quarter, drawn on one scale."""
    if not quarters:
        return None
    step = (CHART_W - 2 * PAD) / max(len(quarters) - 1, 1)
    inner = CHART_H - 2 * PAD
    nps, csat, ticks = [], [], []
    for i, q in enumerate(quarters):
        x = round(PAD + i * step)
        ticks.append(ChartPoint(x, CHART_H - 6, q.label))
        if q.nps is not None:
            nps.append(ChartPoint(x, round(PAD + inner * (100 - q.nps) / 200), f"{q.nps}"))
        if q.csat_average is not None:
            y = round(PAD + inner * (5 - float(q.csat_average)) / 4)
            csat.append(ChartPoint(x, y, f"{q.csat_average}"))
    return Chart(width=CHART_W, height=CHART_H, nps=nps, csat=csat, ticks=ticks)


def satisfaction_of(*, account: Account) -> Satisfaction:
    """The latest answers (at most 200, with who answered) and the quarterly scores."""
    results = list(
        SatisfactionResult.objects.filter(account=account)
        .select_related("contact", "recorded_by")
        .order_by("-taken_on", "-id")[:SATISFACTION_LIMIT]
    )
    quarters = satisfaction_quarters(account=account)
    return Satisfaction(results=results, quarters=quarters, chart=_chart(quarters))
