"""Reads for the portfolio and the ownership report, always scoped to what the actor may see.

The portfolio sorts and filters on the account's denormalised columns (kept by the services)
and pages by keyset on (sort column, id), so a page costs one query at 200,000 accounts. The
ownership report pages by keyset on (at, id) and counts moves in one grouped query.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from twofold import policies
from twofold.accounts.choices import AccountStatus, OwnershipKind
from twofold.accounts.models import Account, AccountContact, OwnershipEvent
from twofold.people.choices import ACCOUNT_ROLES, Role, TeamKind
from twofold.people.models import User
from twofold.policies.accounts import accounts_visible_to
from twofold.policies.people import is_admin
from twofold.policies.sales import SALES_STAFF
from twofold.search import text

PAGE_SIZE = 50
REPORT_PAGE_SIZE = 100

VIEWS = {
    "all": "All I may see",
    "mine": "My accounts",
    "sold": "Accounts I sold",
}

SORTS = {
    "name": "Name",
    "last_contact": "Longest without contact",
    "contract_end": "Contract ending soonest",
    "next_step_due": "Next step due soonest",
}

# sort key -> (column, nulls first?)  All ascending, ties broken by id.
_SORT_COLUMNS: dict[str, tuple[str, bool]] = {
    "name": ("name", False),
    "last_contact": ("last_contact_at", True),
    "contract_end": ("contract_end", False),
    "next_step_due": ("next_step_due", False),
}


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
    def sort_key(self) -> str:
        return self.sort if self.sort in SORTS else "name"


@dataclass(frozen=True)
class PortfolioPage:
    rows: list[Account]
    next_cursor: str = ""
    is_first: bool = True


def budget_use(account: Account) -> Decimal | None:
    """What we sold this year as a share of the client's budget, in per cent."""
    if not account.budget_total:
        return None
    return (Decimal(account.sold_total) * 100 / Decimal(account.budget_total)).quantize(
        Decimal("1")
    )


def _today() -> date:
    return timezone.localdate()


def account_search_q(term: str) -> Q:
    """Accounts with ``term`` inside their name, their company's domain, or the name or
    e-mail of one of their contacts (``twofold.search.text``: trigram indexes on
    PostgreSQL, FTS5 on SQLite)."""
    contacts = text.matching_ids("contact", term)
    with_contacts = AccountContact.objects.filter(contact_id__in=contacts)
    accounts = list(with_contacts.values_list("account_id", flat=True)[: text.RELATED_IDS_MAX])
    return (
        text.contains_q("account", term)
        | Q(company_id__in=text.matching_ids("company", term))
        | Q(pk__in=accounts)
    )


def portfolio_list(*, actor: User, filters: PortfolioFilters) -> QuerySet[Account]:
    """The accounts the actor may see, filtered and ordered (not yet paged)."""
    accounts = accounts_visible_to(actor)
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
    column, nulls_first = _SORT_COLUMNS[filters.sort_key]
    order = F(column).asc(nulls_first=True) if nulls_first else F(column).asc(nulls_last=True)
    return accounts.select_related("relationship_owner", "plan_owner").order_by(order, "id")


def _raw(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _encode(sort: str, account: Account) -> str:
    column, _ = _SORT_COLUMNS[sort]
    raw = json.dumps([sort, _raw(getattr(account, column)), account.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str, Any, int] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        sort, value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return str(sort), value, int(pk)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        return None


def _parse(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column == "last_contact_at":
        return parse_datetime(str(value))
    if column in ("contract_end", "next_step_due"):
        return parse_date(str(value))
    return str(value)


def _after(sort: str, cursor: str) -> Q | None:
    """Rows after ``cursor`` in ``sort`` order; None for a cursor that does not parse."""
    decoded = _decode(cursor)
    if decoded is None or decoded[0] != sort:
        return None
    _, raw, pk = decoded
    column, nulls_first = _SORT_COLUMNS[sort]
    try:
        value = _parse(column, raw)
    except ValueError:
        return None
    if raw is not None and value is None:
        return None
    if value is None:
        tail = Q(**{f"{column}__isnull": True, "id__gt": pk})
        return tail | Q(**{f"{column}__isnull": False}) if nulls_first else tail
    later = Q(**{f"{column}__gt": value}) | Q(**{column: value, "id__gt": pk})
    return later if nulls_first else later | Q(**{f"{column}__isnull": True})


def portfolio_page(
    *, actor: User, filters: PortfolioFilters, after: str = "", size: int = PAGE_SIZE
) -> PortfolioPage:
    """One page after ``after`` (the previous page's cursor): one query, no COUNT."""
    accounts = portfolio_list(actor=actor, filters=filters)
    condition = _after(filters.sort_key, after) if after else None
    if condition is not None:
        accounts = accounts.filter(condition)
    rows = list(accounts[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    for account in rows:
        account.budget_use = budget_use(account)  # type: ignore[attr-defined]
    return PortfolioPage(
        rows=rows,
        next_cursor=_encode(filters.sort_key, rows[-1]) if more and rows else "",
        is_first=condition is None,
    )


def account_managers_for(actor: User) -> QuerySet[User]:
    """The account managers whose portfolios the actor may look into or hand accounts to:
    for an admin every active holder of an account role; for an account executive the
    members of the account-management teams they lead; for anyone else nobody."""
    people = User.objects.filter(is_active=True, role_assignments__role__in=ACCOUNT_ROLES)
    if is_admin(actor):
        return people.distinct().order_by("full_name", "id")
    if not actor.has_role(Role.ACCOUNT_EXECUTIVE):
        return User.objects.none()
    return (
        people.filter(
            memberships__team__lead=actor,
            memberships__team__kind=TeamKind.ACCOUNT_MANAGEMENT,
            memberships__team__is_active=True,
        )
        .distinct()
        .order_by("full_name", "id")
    )


def views_for(actor: User) -> list[tuple[str, str]]:
    """The portfolio's "whose accounts" choices that make sense for the actor."""
    views = [("all", VIEWS["all"])]
    if actor.roles & ACCOUNT_ROLES:
        views.append(("mine", VIEWS["mine"]))
    if actor.roles & SALES_STAFF:
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


def ownership_events_visible_to(actor: User) -> QuerySet[OwnershipEvent]:
    if is_admin(actor):
        return OwnershipEvent.objects.all()
    accounts = accounts_visible_to(actor).values("pk")
    deals = policies.opportunities_visible_to(actor).values("pk")
    return OwnershipEvent.objects.filter(Q(account__in=accounts) | Q(opportunity__in=deals))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def ownership_events(*, actor: User, filters: OwnershipFilters) -> QuerySet[OwnershipEvent]:
    """Every ownership change the actor may see in the period, newest first."""
    policies.require(actor, policies.Perm.OWNERSHIP_REPORT)
    events = ownership_events_visible_to(actor)
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


def ownership_page(
    *, actor: User, filters: OwnershipFilters, after: str = "", size: int = REPORT_PAGE_SIZE
) -> OwnershipPage:
    events = ownership_events(actor=actor, filters=filters)
    condition: Q | None = None
    decoded = _decode(after) if after else None
    if decoded is not None and decoded[0] == "at":
        at = parse_datetime(str(decoded[1]))
        if at is not None:
            condition = Q(at__lt=at) | Q(at=at, id__lt=decoded[2])
            events = events.filter(condition)
    rows = list(events[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    cursor = ""
    if more and rows:
        raw = json.dumps(["at", rows[-1].at.isoformat(), rows[-1].pk]).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return OwnershipPage(rows=rows, next_cursor=cursor, is_first=condition is None)


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
