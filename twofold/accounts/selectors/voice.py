"""Reads of the client's voice: one account's feedback, and the view across all accounts that
groups the same request from many clients and weighs it by their revenue."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from twofold import policies
from twofold.accounts.choices import FeedbackKind, FeedbackStatus
from twofold.accounts.models import Account, Feedback, VoiceRequest
from twofold.core.params import whole_number
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.people.models import User

PAGE_SIZE = 50
SORTS = {"weight": "-weight", "count": "-accounts", "recent": "-latest"}


def feedback_of(*, account: Account) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(account=account)
        .select_related("contact", "raised_by")
        .order_by("-created_at", "-id")
    )


def feedback_get(*, account: Account, pk: Any) -> Feedback:
    found = Feedback.objects.filter(account=account, pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("No such feedback.")
    return found


def feedback_get_for_triage(*, pk: Any) -> Feedback:
    """Any account's feedback, for those who triage the client's voice (no account detail)."""
    found = Feedback.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("No such feedback.")
    return found


@dataclass(frozen=True)
class VoiceFilters:
    kind: str = ""
    status: str = ""
    sort: str = "weight"
    page: int = 1

    @classmethod
    def parse(cls, params: Any) -> VoiceFilters:
        kind = params.get("kind", "")
        status = params.get("status", "")
        sort = params.get("sort", "weight")
        page = whole_number(params.get("page")) or 1
        return cls(
            kind=kind if kind in FeedbackKind.values else "",
            status=status if status in FeedbackStatus.values else "",
            sort=sort if sort in SORTS else "weight",
            page=min(page, 200),
        )


@dataclass(frozen=True)
class Weight:
    amount: Decimal
    currency: str


def _weights(values: dict[int, tuple[Decimal, str]]) -> list[Weight]:
    # Each account once; amounts in different currencies never add up.
    totals: dict[str, Decimal] = {}
    for amount, currency in values.values():
        totals[currency] = totals.get(currency, Decimal("0.00")) + amount
    return [Weight(amount=a, currency=c) for c, a in sorted(totals.items(), key=lambda t: -t[1])]


@dataclass
class VoiceItem:
    pk: int
    status: str
    status_label: str
    response: str
    account_name: str | None  # None: the viewer may not see the account


@dataclass
class VoiceGroup:
    pk: int  # the request's
    kind: str
    kind_label: str
    title: str
    accounts: int
    requests: int
    weight: Decimal  # the sort key: every currency's amounts added as they stand
    weights: list[Weight] = field(default_factory=list)
    items: list[VoiceItem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.title.lower()

    @property
    def hidden_accounts(self) -> int:
        return sum(1 for item in self.items if item.account_name is None)


@dataclass(frozen=True)
class VoicePage:
    groups: list[VoiceGroup]
    filters: VoiceFilters
    has_next: bool


def _first_of_account(rows: QuerySet[Feedback], status: str = "") -> Exists:
    earlier_same = Feedback.objects.filter(
        account_id=OuterRef("account_id"), request_id=OuterRef("request_id"), pk__lt=OuterRef("pk")
    )
    if status:
        earlier_same = earlier_same.filter(status=status)
    return Exists(earlier_same)


def client_voice(*, actor: User, filters: VoiceFilters) -> VoicePage:
    """Each request (one need) with the feedback of every account attached to it, weighed by
    the requesting accounts' annual value (each account once), per currency. Account names
    show only where the actor may see the account. Constant queries."""
    rows = Feedback.objects.filter(request__isnull=False)
    if filters.kind:
        rows = rows.filter(request__kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    offset = (filters.page - 1) * PAGE_SIZE
    grouped = list(
        rows.alias(repeat=_first_of_account(rows, filters.status))
        .values("request_id")
        .annotate(
            title=Min("request__title"),
            kind=Min("request__kind"),
            accounts=Count("account_id", distinct=True),
            requests=Count("id"),
            weight=Sum("account__annual_value", filter=Q(repeat=False)),
            latest=Max("created_at"),
        )
        .order_by(SORTS[filters.sort], "title", "request_id")[offset : offset + PAGE_SIZE + 1]
    )
    has_next = len(grouped) > PAGE_SIZE
    grouped = grouped[:PAGE_SIZE]
    kinds = dict(FeedbackKind.choices)
    groups = {
        g["request_id"]: VoiceGroup(
            pk=g["request_id"],
            kind=g["kind"],
            kind_label=kinds.get(g["kind"], g["kind"]),
            title=g["title"],
            accounts=g["accounts"],
            requests=g["requests"],
            weight=g["weight"] or Decimal("0.00"),
        )
        for g in grouped
    }
    if groups:
        visible = policies.accounts_visible_to(actor).filter(pk=OuterRef("account_id"))
        statuses = dict(FeedbackStatus.choices)
        items = (
            rows.annotate(visible=Exists(visible))
            .filter(request_id__in=list(groups))
            .values(
                "pk",
                "request_id",
                "status",
                "response",
                "visible",
                "account_id",
                "account__name",
                "account__annual_value",
                "account__currency",
            )
            .order_by("-account__annual_value", "pk")
        )
        values: dict[int, dict[int, tuple[Decimal, str]]] = {pk: {} for pk in groups}
        for item in items:
            values[item["request_id"]][item["account_id"]] = (
                item["account__annual_value"],
                item["account__currency"],
            )
            groups[item["request_id"]].items.append(
                VoiceItem(
                    pk=item["pk"],
                    status=item["status"],
                    status_label=statuses.get(item["status"], item["status"]),
                    response=item["response"],
                    account_name=item["account__name"] if item["visible"] else None,
                )
            )
        for pk, group in groups.items():
            group.weights = _weights(values[pk])
    return VoicePage(groups=list(groups.values()), filters=filters, has_next=has_next)


# --- One request ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestAccount:
    name: str
    annual_value: Decimal
    currency: str
    feedback: int


@dataclass(frozen=True)
class RequestView:
    """One request as the actor may see it: the accounts of theirs that asked, named, with
    their combined weight; the others counted, unnamed, only for those who hear every voice."""

    request: VoiceRequest
    accounts: list[RequestAccount]
    weights: list[Weight]
    other_accounts: int
    other_weights: list[Weight]
    merged_from: list[VoiceRequest]


def voice_request_get(*, actor: User, pk: Any) -> VoiceRequest:
    """A request by id, merged or not (the page leads on from a merged one)."""
    policies.require(actor, Perm.CLIENT_VOICE_REQUEST_VIEW)
    found = (
        VoiceRequest.objects.select_related("created_by", "merged_into", "merged_by")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404("No such request.")
    return found


def voice_request_view(*, actor: User, request: VoiceRequest) -> RequestView:
    """Three queries: the attached feedback by account, the requests merged into this one, and
    the actor's scope (inside the first)."""
    visible = policies.accounts_visible_to(actor).filter(pk=OuterRef("account_id"))
    rows = (
        Feedback.objects.filter(request=request)
        .annotate(visible=Exists(visible))
        .values(
            "account_id", "account__name", "account__annual_value", "account__currency", "visible"
        )
        .annotate(feedback=Count("id"))
        .order_by("-account__annual_value", "account__name", "account_id")
    )
    mine: dict[int, tuple[Decimal, str]] = {}
    others: dict[int, tuple[Decimal, str]] = {}
    accounts = []
    for row in rows:
        value = (row["account__annual_value"], row["account__currency"])
        if row["visible"]:
            mine[row["account_id"]] = value
            accounts.append(
                RequestAccount(
                    name=row["account__name"],
                    annual_value=value[0],
                    currency=value[1],
                    feedback=row["feedback"],
                )
            )
        else:
            others[row["account_id"]] = value
    hears_all = policies.can(actor, Perm.CLIENT_VOICE_VIEW)
    return RequestView(
        request=request,
        accounts=accounts,
        weights=_weights(mine),
        other_accounts=len(others) if hears_all else 0,
        other_weights=_weights(others) if hears_all else [],
        merged_from=list(
            request.merged_from.select_related("merged_by").order_by("merged_at", "pk")
        ),
    )


def voice_requests_matching(*, actor: User, text: str, kind: str = "", limit: int = 8) -> list[Any]:
    """Open requests whose title holds every word of ``text``, most asked first, with how many
    accounts asked: what a carer may attach feedback to, or an admin merge into."""
    policies.require(actor, Perm.CLIENT_VOICE_REQUEST_VIEW)
    words = text.split()[:6]
    if not words:
        return []
    found = VoiceRequest.objects.filter(merged_into__isnull=True)
    for word in words:
        found = found.filter(title__icontains=word)
    if kind in FeedbackKind.values:
        found = found.filter(kind=kind)
    return list(
        found.annotate(asked_by=Count("feedback__account_id", distinct=True)).order_by(
            "-asked_by", "title", "pk"
        )[:limit]
    )
