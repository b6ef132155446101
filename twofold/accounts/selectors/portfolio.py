"""Reads for the portfolio and the ownership report, always scoped to what the actor may see.

The portfolio sorts and filters on the account's denormalised columns (kept by the services)
and pages by keyset on (sort column, id), so a page costs one query at 200,000 accounts. The
ownership report pages by keyset on (at, id) and counts moves in one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import AccountStatus, OwnershipKind
from twofold.accounts.models import Account, AccountContact, OwnershipEvent
from twofold.core.money import quantize
from twofold.core.sorting import Sort, SortColumn, Sorting, count_capped
from twofold.people.choices import ACCOUNT_ROLES
from twofold.people.models import User
from twofold.search import text

PAGE_SIZE = 50
REPORT_PAGE_SIZE = 100

VIEWS = {
    "all": "All I may see",
    "mine": "My accounts",
    "sold": "Accounts I sold",
}

PORTFOLIO_SORTING = Sorting(
    columns=(
        SortColumn("name", "Account", "name"),
        # Ascending: the longest without contact first, those never contacted before them.
        SortColumn(
            "last_contact", "Last contact", "last_contact_at", nullable=True, nulls_first=True
        ),
        SortColumn("next_step_due", "Next step", "next_step_due", nullable=True),
        SortColumn("contract_end", "Contract end", "contract_end", nullable=True),
    ),
    default="name",
)


@dataclass(frozen=True)
class PortfolioFilters:
    view: str = "all"
    owner_id: int | None = None
    status: str = ""
    key_only: bool = False
    ends_within_days: int | None = None
    no_contact_days: int | None = None
    q: str = ""
    sort: str = "name"

    @property
    def sort_by(self) -> Sort:
        return PORTFOLIO_SORTING.parse(self.sort)


@dataclass(frozen=True)
class PortfolioPage:
    rows: list[Account]
    next_cursor: str = ""
    is_first: bool = True
    sort: Sort = field(default_factory=lambda: PORTFOLIO_SORTING.parse(None))
    count: int = 0
    more: bool = False  # more than ``count`` match (the count stopped at its cap)


def budget_use(account: Account) -> Decimal | None:
    """What we sold this year as a share of the client's budget, in per cent."""
    if not account.budget_total:
        return None
    return quantize(Decimal(account.sold_total) * 100 / Decimal(account.budget_total), Decimal(1))


def _today() -> date:
    return timezone.localdate()


def account_search_q(term: str) -> Q:
    """Accounts with ``term`` inside their name, their company's domain, or the name or
    e-mail of one of their contacts (``twofold.search.text``: trigram indexes on
    PostgreSQL, FTS5 on SQLite)."""
    contacts = text.matching_ids("contact", term, limit=text.RELATED_LIST_MAX + 1)
    if len(contacts) <= text.RELATED_LIST_MAX:
        with_contacts = AccountContact.objects.filter(contact_id__in=contacts)
        by_contact = Q(pk__in=list(with_contacts.values_list("account_id", flat=True)))
    else:
        # A broad term: the contacts' accounts as a sub-query, hashed once and checked
        # against the few thousand accounts the actor sees.
        with_contacts = AccountContact.objects.filter(
            text.contains_q("contact", term, field_prefix="contact__")
        )
        by_contact = Q(pk__in=with_contacts.values("account_id"))
    return (
        text.contains_q("account", term)
        | text.related_q("company", term, relation="company")
        | by_contact
    )


def portfolio_list(*, actor: User, filters: PortfolioFilters) -> QuerySet[Account]:
    """The accounts the actor may see, filtered and ordered (not yet paged)."""
    accounts = policies.accounts_visible_to(actor)
    if filters.view == "mine":
        accounts = accounts.filter(Q(relationship_owner=actor) | Q(plan_owner=actor))
    elif filters.view == "sold":
        accounts = accounts.filter(seller=actor)
    if filters.owner_id:
        accounts = accounts.filter(relationship_owner_id=filters.owner_id)
    if filters.status in AccountStatus.values:
        accounts = accounts.filter(status=filters.status)
    if filters.key_only:
        accounts = accounts.filter(is_key=True)
    if filters.ends_within_days is not None:
        today = _today()
        accounts = accounts.filter(
            contract_end__gte=today,
            contract_end__lte=today + timedelta(days=filters.ends_within_days),
        )
    if filters.no_contact_days is not None:
        since = timezone.now() - timedelta(days=filters.no_contact_days)
        accounts = accounts.filter(Q(last_contact_at__lt=since) | Q(last_contact_at__isnull=True))
    if filters.q:
        accounts = accounts.filter(account_search_q(filters.q))
    return accounts.select_related("relationship_owner", "plan_owner").order_by(
        *filters.sort_by.order_by()
    )


def portfolio_page(
    *, actor: User, filters: PortfolioFilters, after: str = "", size: int = PAGE_SIZE
) -> PortfolioPage:
    """One page after ``after`` (the previous page's cursor): one query, no COUNT."""
    sort = filters.sort_by
    listed = portfolio_list(actor=actor, filters=filters)
    accounts = listed
    position = sort.read_cursor(after, Account) if after else None
    if position is not None:
        accounts = accounts.filter(sort.after(*position))
    rows = list(accounts[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    for account in rows:
        account.budget_use = budget_use(account)  # type: ignore[attr-defined]
    # The same list counted, so a search matches its contacts and companies once a page.
    count, more_than = count_capped(listed, searching=bool(filters.q))
    return PortfolioPage(
        rows=rows,
        next_cursor=sort.cursor_for(rows[-1]) if more and rows else "",
        is_first=position is None,
        sort=sort,
        count=count,
        more=more_than,
    )


def account_managers_for(actor: User) -> QuerySet[User]:
    """The account managers whose portfolios the actor may look into or hand accounts to:
    for an admin every active holder of an account role; for an account executive the
    members of the account-management teams they lead; for anyone else nobody."""
    return policies.account_managers_visible_to(actor)


def views_for(actor: User) -> list[tuple[str, str]]:
    """The portfolio's "whose accounts" choices that make sense for the actor."""
    views = [("all", VIEWS["all"])]
    if actor.roles & ACCOUNT_ROLES:
        views.append(("mine", VIEWS["mine"]))
    if actor.roles & policies.SALES_STAFF:
        views.append(("sold", VIEWS["sold"]))
    return views


# --- The ownership report ---------------------------------------------------------------------


@dataclass(frozen=True)
class OwnershipFilters:
    start: date | None = None
    end: date | None = None
    kind: str = ""
    person_id: int | None = None


@dataclass(frozen=True)
class OwnershipPage:
    rows: list[OwnershipEvent]
    next_cursor: str = ""
    is_first: bool = True


@dataclass(frozen=True)
class ManagerMoves:
    """Accounts an account manager received and gave up in the period."""

    user_id: int
    full_name: str
    gained: int
    lost: int


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def ownership_events(*, actor: User, filters: OwnershipFilters) -> QuerySet[OwnershipEvent]:
    """Every ownership change the actor may see in the period, newest first."""
    policies.require(actor, policies.Perm.OWNERSHIP_REPORT)
    events = policies.ownership_events_visible_to(actor)
    if filters.start:
        events = events.filter(at__gte=_day_start(filters.start))
    if filters.end:
        events = events.filter(at__lt=_day_start(filters.end + timedelta(days=1)))
    if filters.kind in OwnershipKind.values:
        events = events.filter(kind=filters.kind)
    if filters.person_id:
        events = events.filter(
            Q(previous_id=filters.person_id)
            | Q(new_id=filters.person_id)
            | Q(changed_by_id=filters.person_id)
        )
    return events.select_related(
        "account", "opportunity", "previous", "new", "changed_by"
    ).order_by("-at", "-id")


# The report reads newest first, always.
_NEWEST_MOVE = Sorting(columns=(SortColumn("at", "When", "at"),), default="-at").parse(None)


def ownership_page(
    *, actor: User, filters: OwnershipFilters, after: str = "", size: int = REPORT_PAGE_SIZE
) -> OwnershipPage:
    events = ownership_events(actor=actor, filters=filters)
    position = _NEWEST_MOVE.read_cursor(after, OwnershipEvent) if after else None
    if position is not None:
        events = events.filter(_NEWEST_MOVE.after(*position))
    rows = list(events[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    cursor = _NEWEST_MOVE.cursor_for(rows[-1]) if more and rows else ""
    return OwnershipPage(rows=rows, next_cursor=cursor, is_first=position is None)


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = day.replace(month=first_month, day=1)
    next_start = (
        start.replace(year=start.year + 1, month=1)
        if first_month == 10
        else start.replace(month=first_month + 3)
    )
    return start, next_start - timedelta(days=1)


def moves_per_manager(*, actor: User, start: date, end: date) -> list[ManagerMoves]:
    """Relationship changes per account manager in the period: two grouped queries."""
    events = ownership_events(
        actor=actor, filters=OwnershipFilters(start=start, end=end, kind=OwnershipKind.RELATIONSHIP)
    ).select_related(None)
    gained = {
        row["new_id"]: (row["new__full_name"], row["n"])
        for row in events.filter(new__isnull=False)
        .values("new_id", "new__full_name")
        .annotate(n=Count("id"))
        .order_by()
    }
    lost = {
        row["previous_id"]: (row["previous__full_name"], row["n"])
        for row in events.filter(previous__isnull=False)
        .values("previous_id", "previous__full_name")
        .annotate(n=Count("id"))
        .order_by()
    }
    people = {**{k: v[0] for k, v in lost.items()}, **{k: v[0] for k, v in gained.items()}}
    moves = [
        ManagerMoves(
            user_id=user_id,
            full_name=name,
            gained=gained.get(user_id, ("", 0))[1],
            lost=lost.get(user_id, ("", 0))[1],
        )
        for user_id, name in people.items()
    ]
    return sorted(moves, key=lambda move: (-(move.gained + move.lost), move.full_name))
