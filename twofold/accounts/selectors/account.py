"""Reads for one account's page: the account with its owners, its contacts and contracts,
the timeline (the account's activities and those of its deals and the leads they came from,
keyset pages of 25), the summary of the other tabs and its history.

Each read is one query (two for the owners panel), whatever the account's size.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from twofold import policies
from twofold.accounts.choices import AmendmentStatus, FeedbackStatus, GoalStatus, ProjectStatus
from twofold.accounts.models import (
    Account,
    AccountContact,
    Contract,
    Feedback,
    Goal,
    OwnershipEvent,
    Project,
    TermAmendment,
)
from twofold.activities.models import Activity
from twofold.core import history
from twofold.core.money import format_money, quantize
from twofold.people.choices import TeamKind
from twofold.people.models import TeamMembership, User
from twofold.policies import Perm
from twofold.policies.accounts import supervisor_of
from twofold.sales.choices import OpportunityStatus
from twofold.sales.models import Opportunity

TIMELINE_SIZE = 25


def _supervisor_name() -> Subquery:
    """The account executive over the relationship owner (as ``supervisor_of``), in the
    account's own query, so every tab's header names them at no extra cost."""
    return Subquery(
        TeamMembership.objects.filter(
            user_id=OuterRef("relationship_owner_id"),
            team__kind=TeamKind.ACCOUNT_MANAGEMENT,
            team__is_active=True,
        )
        .order_by("team_id")
        .values("team__lead__full_name")[:1]
    )


def _latest_won(field: str) -> Subquery:
    """One field of the company's latest won deal (new business, upsell, cross-sell or
    renewal), in the account's own query: the header names who sold last at no extra cost."""
    return Subquery(
        Opportunity.objects.filter(company_id=OuterRef("company_id"), status=OpportunityStatus.WON)
        .order_by("-closed_on", "-id")
        .values(field)[:1]
    )


def account_get_for_actor(*, actor: User, pk: Any) -> Account:
    """The account with its owners (and ``supervisor_name``), if the actor may see it;
    otherwise 404. ``latest_won_seller``, ``latest_won_deal`` and ``latest_won_on`` name the
    company's latest won deal (None without one)."""
    try:
        return (
            policies.accounts_visible_to(actor)
            .select_related("company", "seller", "relationship_owner", "plan_owner")
            .annotate(
                supervisor_name=_supervisor_name(),
                latest_won_seller=_latest_won("owner__full_name"),
                latest_won_deal=_latest_won("name"),
                latest_won_on=_latest_won("closed_on"),
            )
            .get(pk=pk)
        )
    except (Account.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such account.") from exc


@dataclass(frozen=True)
class Owners:
    """The four ownerships, kept apart (DESIGN "Ownership is four things")."""

    seller: User | None
    relationship_owner: User | None
    plan_owner: User | None
    supervisor: User | None
    shared_until: datetime | None

    @property
    def in_shared_window(self) -> bool:
        return self.shared_until is not None and self.shared_until > timezone.now()


def owners_of(account: Account) -> Owners:
    supervisor_id = supervisor_of(account.relationship_owner_id)
    supervisor = User.objects.filter(pk=supervisor_id).first() if supervisor_id else None
    return Owners(
        seller=account.seller,
        relationship_owner=account.relationship_owner,
        plan_owner=account.plan_owner,
        supervisor=supervisor,
        shared_until=account.shared_until,
    )


@dataclass(frozen=True)
class Abilities:
    """What the actor may do on the page; the template shows only these actions."""

    edit: bool
    note: bool
    reassign: bool

    @property
    def read_only(self) -> bool:
        return not (self.edit or self.note)


def abilities_of(*, actor: User, account: Account) -> Abilities:
    return Abilities(
        edit=policies.can(actor, Perm.ACCOUNT_EDIT, account),
        note=policies.can(actor, Perm.ACCOUNT_NOTE, account),
        reassign=policies.can(actor, Perm.ACCOUNT_REASSIGN, account),
    )


def account_contacts(*, account: Account) -> list[AccountContact]:
    return list(
        AccountContact.objects.filter(account=account)
        .select_related("contact")
        .order_by("-is_primary", "contact__full_name", "id")
    )


def account_contact_get(*, account: Account, pk: int | str) -> AccountContact:
    try:
        return AccountContact.objects.select_related("contact").get(account=account, pk=pk)
    except (AccountContact.DoesNotExist, ValueError) as exc:
        raise Http404("No such contact on this account.") from exc


def account_contracts(*, account: Account) -> list[Contract]:
    return list(Contract.objects.filter(account=account).order_by("-ends_on", "-id")[:10])


@dataclass(frozen=True)
class YearlyValue:
    amount: Decimal
    currency: str


def yearly_values(*, account: Account) -> list[YearlyValue]:
    """The account's yearly value in its currency, then what its won contracts in each other
    currency add (never converted, never left out; one query)."""
    others = (
        Contract.objects.filter(account=account, opportunity__isnull=False)
        .exclude(currency=account.currency)
        .values("currency")
        .annotate(total=Sum("value"))
        .order_by("currency")
    )
    return [
        YearlyValue(amount=account.annual_value, currency=account.currency),
        *(YearlyValue(amount=row["total"], currency=row["currency"]) for row in others),
    ]


@dataclass(frozen=True)
class TimelinePage:
    rows: list[Activity]
    older_cursor: str = ""
    is_first: bool = True


def _timeline_cursor(entry: Activity) -> str:
    raw = json.dumps([entry.occurred_at.isoformat(), entry.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _older_than(cursor: str) -> Q | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at_raw, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        at = parse_datetime(str(at_raw))
        pk = int(pk)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        return None
    if at is None:
        return None
    return Q(occurred_at__lt=at) | Q(occurred_at=at, id__lt=pk)


def interactions_of(*, account: Account) -> QuerySet[Activity]:
    """One client history: what was logged on the account, on its deals (the client company's
    opportunities, whatever their outcome) and on the leads those deals came from. An entry of a
    deal or lead carries it (``opportunity`` / ``lead``), so the page marks where it came from.

    Still one query: the ids come from a UNION of three branches, each on its own index
    (account, deal or lead timeline). An OR of the three conditions instead makes PostgreSQL
    scan the whole activity table."""
    on_account = Activity.objects.filter(account=account).order_by().values("pk")
    on_deals = (
        Activity.objects.filter(opportunity__company_id=account.company_id).order_by().values("pk")
    )
    on_leads = (
        Activity.objects.filter(lead__opportunity__company_id=account.company_id)
        .order_by()
        .values("pk")
    )
    return (
        Activity.objects.filter(pk__in=on_account.union(on_deals, on_leads, all=True))
        .select_related("owner", "contact", "opportunity", "lead")
        .order_by("-occurred_at", "-id")
    )


def timeline_page(*, account: Account, before: str = "", size: int = TIMELINE_SIZE) -> TimelinePage:
    """The newest ``size`` entries older than ``before`` (a cursor): one query, on the
    (account, occurred_at, id) index and the deals' and leads' own timeline indexes."""
    entries = interactions_of(account=account)
    condition = _older_than(before) if before else None
    if condition is not None:
        entries = entries.filter(condition)
    rows = list(entries[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return TimelinePage(
        rows=rows,
        older_cursor=_timeline_cursor(rows[-1]) if more and rows else "",
        is_first=condition is None,
    )


# --- The summary boxes linking to the other tabs ---------------------------------------------


@dataclass(frozen=True)
class SummaryBox:
    label: str
    value: str
    url: str


# (label, URL name): a box shows only when its tab exists.
TABS = [
    ("Goals", "accounts:goals"),
    ("Budget", "accounts:budget"),
    ("Projects", "accounts:projects"),
    ("Requests", "departments:account_requests"),
    ("Client's voice", "accounts:feedback"),
    ("Satisfaction", "accounts:satisfaction"),
    ("Terms", "accounts:terms"),
]


def tab_url(name: str, pk: int) -> str:
    """The URL of a tab, or "" when no page of that name exists (yet)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _count(model: type, condition: Q) -> Coalesce:
    rows = (
        model.objects.filter(condition, account=OuterRef("pk"))  # type: ignore[attr-defined]
        .order_by()
        .values("account")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def account_summary(*, account: Account) -> list[SummaryBox]:
    """One query counts what the other tabs hold; the denormalised columns give the rest."""
    counts = (
        Account.objects.filter(pk=account.pk)
        .annotate(
            goals_open=_count(Goal, ~Q(status__in=[GoalStatus.ACHIEVED, GoalStatus.DROPPED])),
            projects_active=_count(
                Project, ~Q(status__in=[ProjectStatus.DONE, ProjectStatus.CANCELLED])
            ),
            feedback_open=_count(
                Feedback,
                Q(
                    status__in=[
                        FeedbackStatus.NEW,
                        FeedbackStatus.UNDER_REVIEW,
                        FeedbackStatus.PLANNED,
                    ]
                ),
            ),
            amendments_waiting=_count(TermAmendment, Q(status=AmendmentStatus.PENDING_APPROVAL)),
        )
        .values("goals_open", "projects_active", "feedback_open", "amendments_waiting")
        .get()
    )
    budget = "—"
    if account.budget_total:
        share = quantize(Decimal(account.sold_total) * 100 / account.budget_total, Decimal(1))
        budget = f"{share} % of {format_money(account.budget_total, account.currency)}"
    satisfaction = " · ".join(
        part
        for part in [
            f"NPS {account.nps}" if account.nps is not None else "",
            f"CSAT {account.csat}" if account.csat is not None else "",
        ]
        if part
    )
    values = {
        "Goals": f"{counts['goals_open']} open",
        "Budget": budget,
        "Projects": f"{counts['projects_active']} running",
        "Requests": f"{account.open_requests} open",
        "Client's voice": f"{counts['feedback_open']} open",
        "Satisfaction": satisfaction or "No answers yet",
        "Terms": (
            f"{counts['amendments_waiting']} waiting for approval"
            if counts["amendments_waiting"]
            else "As agreed"
        ),
    }
    boxes = []
    for label, name in TABS:
        url = tab_url(name, account.pk)
        if url:
            boxes.append(SummaryBox(label=label, value=values[label], url=url))
    return boxes


def account_history(*, account: Account) -> list[history.HistoryEntry]:
    """Changes to the account, its contacts and its contracts, newest first."""
    return history.timeline(
        [
            history.HistorySource(Account, {"id": account.pk}, subject="Account"),
            history.HistorySource(
                AccountContact, {"account_id": account.pk}, subject="Contact", hidden=("account",)
            ),
            history.HistorySource(
                Contract, {"account_id": account.pk}, subject="Contract", hidden=("account",)
            ),
        ],
        limit=50,
    )


def recent_ownership_events(*, account: Account, limit: int = 10) -> list[OwnershipEvent]:
    return list(
        OwnershipEvent.objects.filter(account=account)
        .select_related("previous", "new", "changed_by")
        .order_by("-at", "-id")[:limit]
    )
