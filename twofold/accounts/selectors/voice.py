"""Reads of the client's voice: one account's feedback, and the view across all accounts that
groups the same request from many clients and weighs it by their revenue."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Lower
from django.http import Http404

from twofold import policies
from twofold.accounts.choices import FeedbackKind, FeedbackStatus
from twofold.accounts.models import Account, Feedback
from twofold.core.params import whole_number

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


@dataclass
class VoiceItem:
    pk: int
    status: str
    status_label: str
    response: str
    account_name: str | None  # None: the viewer may not see the account


@dataclass
class VoiceGroup:
    key: str
    kind: str
    kind_label: str
    title: str
    accounts: int
    requests: int
    weight: Decimal
    items: list[VoiceItem] = field(default_factory=list)

    @property
    def hidden_accounts(self) -> int:
        return sum(1 for item in self.items if item.account_name is None)


@dataclass(frozen=True)
class VoicePage:
    groups: list[VoiceGroup]
    filters: VoiceFilters
    has_next: bool


def client_voice(*, actor: User, filters: VoiceFilters) -> VoicePage:
    """The same request (same kind, same title, any case) from many accounts is one group,
    weighed by the sum of the requesting accounts' annual value (each account counted once).
    Account names show only where the actor may see the account. Constant queries."""
    rows = Feedback.objects.all()
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    earlier_same = Feedback.objects.filter(
        account_id=OuterRef("account_id"),
        kind=OuterRef("kind"),
        title__iexact=OuterRef("title"),
        pk__lt=OuterRef("pk"),
    )
    if filters.status:
        earlier_same = earlier_same.filter(status=filters.status)
    offset = (filters.page - 1) * PAGE_SIZE
    grouped = list(
        rows.alias(repeat=Exists(earlier_same))
        .values("kind", key=Lower("title"))
        .annotate(
            title=Min("title"),
            accounts=Count("account_id", distinct=True),
            requests=Count("id"),
            weight=Sum("account__annual_value", filter=Q(repeat=False)),
            latest=Max("created_at"),
        )
        .order_by(SORTS[filters.sort], "key", "kind")[offset : offset + PAGE_SIZE + 1]
    )
    has_next = len(grouped) > PAGE_SIZE
    grouped = grouped[:PAGE_SIZE]
    kinds = dict(FeedbackKind.choices)
    groups = {
        (g["key"], g["kind"]): VoiceGroup(
            key=g["key"],
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
        match = Q()
        for key, kind in groups:
            match |= Q(lowered=key, kind=kind)
        visible = policies.accounts_visible_to(actor).filter(pk=OuterRef("account_id"))
        statuses = dict(FeedbackStatus.choices)
        items = (
            rows.annotate(lowered=Lower("title"), visible=Exists(visible))
            .filter(match)
            .values("pk", "lowered", "kind", "status", "response", "visible", "account__name")
            .order_by("-account__annual_value", "pk")
        )
        for item in items:
            groups[(item["lowered"], item["kind"])].items.append(
                VoiceItem(
                    pk=item["pk"],
                    status=item["status"],
                    status_label=statuses.get(item["status"], item["status"]),
                    response=item["response"],
                    account_name=item["account__name"] if item["visible"] else None,
                )
            )
    return VoicePage(groups=list(groups.values()), filters=filters, has_next=has_next)
