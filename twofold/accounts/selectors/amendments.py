"""Reads of renegotiated terms: an account's versions next to what sales agreed, and the
amendments waiting for an account executive's approval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from twofold import policies
from twofold.accounts.choices import AmendmentStatus
from twofold.accounts.models import Account, TermAmendment
from twofold.sales.choices import TermSheetStatus
from twofold.sales.models import TermSheet

if TYPE_CHECKING:
    from twofold.people.models import User

APPROVALS_LIMIT = 100


@dataclass(frozen=True)
class Terms:
    sales: list[TermSheet]  # approved sales versions, newest first
    amendments: list[TermAmendment]

    @property
    def agreed(self) -> TermSheet | None:
        return self.sales[0] if self.sales else None


def terms_of(*, account: Account) -> Terms:
    """What sales agreed with the company and each renegotiated version with its instalment
    schedule (three queries)."""
    sales = list(
        TermSheet.objects.filter(company_id=account.company_id, status=TermSheetStatus.APPROVED)
        .select_related("proposed_by", "opportunity")
        .order_by("-version", "-approved_at", "-id")[:20]
    )
    amendments = list(
        TermAmendment.objects.filter(account=account)
        .select_related("account", "proposed_by", "decided_by", "sales_terms")
        .prefetch_related("instalments")
        .order_by("-version")
    )
    return Terms(sales=sales, amendments=amendments)


def amendment_get(*, account: Account, pk: Any) -> TermAmendment:
    found = (
        TermAmendment.objects.filter(account=account, pk=pk).select_related("account").first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404("No such amendment.")
    return found


def approvable_by(actor: User) -> QuerySet[TermAmendment]:
    """The amendments the actor may decide: an admin all, an account executive those of the
    accounts whose relationship owner is in a team they lead (or that have none yet)."""
    return policies.approvable_amendments_visible_to(actor)


def approvals_for(*, actor: User, status: str = AmendmentStatus.PENDING_APPROVAL) -> list[Any]:
    """Amendments for the actor to decide (or decided), oldest waiting first (three queries at
    most, and one for the schedules; bounded)."""
    if status not in AmendmentStatus.values:
        status = AmendmentStatus.PENDING_APPROVAL
    order = ["proposed_at", "id"] if status == AmendmentStatus.PENDING_APPROVAL else ["-decided_at"]
    return list(
        approvable_by(actor)
        .filter(status=status, account__in=policies.accounts_visible_to(actor).values("pk"))
        .select_related("account", "proposed_by", "decided_by", "sales_terms")
        .prefetch_related("instalments")
        .order_by(*order)[:APPROVALS_LIMIT]
    )
