"""What the deal page shows of the deal's commercial side — line items, terms and their
approval, partners, open complaints, the sale — and the approvals queue of sales leads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Window
from django.http import Http404

from twofold import policies
from twofold.catalog.models import Product
from twofold.people.choices import SALES_ROLES
from twofold.people.models import User
from twofold.policies import Perm
from twofold.policies.sales import opportunities_supervised_by
from twofold.sales.choices import ApprovalStatus, OpportunityStatus, TermSheetStatus
from twofold.sales.models import (
    ApprovalRequest,
    Complaint,
    Instalment,
    LineItem,
    LostReason,
    Opportunity,
    Partner,
    PartnerLink,
    Sale,
    SaleCredit,
    SalesPolicy,
    TermSheet,
)
from twofold.sales.selectors.complaints import open_complaints_of_deal
from twofold.sales.services.closing import terms_blocker
from twofold.sales.services.terms import outdated_terms_warning


@dataclass(frozen=True)
class DealCommercials:
    deal: Opportunity | None = None
    items: list[LineItem] = field(default_factory=list)
    term_sheets: list[TermSheet] = field(default_factory=list)
    partners: list[PartnerLink] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    current_terms: TermSheet | None = None
    sale: Sale | None = None
    policy: SalesPolicy | None = None
    # Why the deal cannot be won yet (None: it can, as far as the terms go).
    won_blocker: str = ""
    # Not empty when the items changed after the current terms were set.
    terms_warning: str = ""
    can_edit: bool = False
    can_close: bool = False
    can_reopen: bool = False
    can_approve: bool = False
    products: list[Product] = field(default_factory=list)
    lost_reasons: list[LostReason] = field(default_factory=list)
    sellers: list[User] = field(default_factory=list)
    can_link_partner: bool = False
    partner_choices: list[Any] = field(default_factory=list)

    @property
    def items_total(self) -> Any:
        return sum((item.total for item in self.items), start=0)

    @property
    def pending_approval(self) -> ApprovalRequest | None:
        sheet = self.current_terms
        if sheet is None:
            return None
        return next((a for a in sheet.approvals.all() if a.status == ApprovalStatus.PENDING), None)


def _term_sheets(opportunity_id: int) -> QuerySet[TermSheet]:
    return (
        TermSheet.objects.filter(opportunity_id=opportunity_id)
        .select_related("proposed_by")
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.order_by("number")),
            Prefetch(
                "approvals",
                queryset=ApprovalRequest.objects.select_related(
                    "requested_by", "decided_by"
                ).order_by("-requested_at", "-id"),
            ),
        )
        .order_by("-created_at", "-id")
    )


def sale_for(opportunity: Opportunity) -> Sale | None:
    return (
        Sale.objects.filter(opportunity=opportunity)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("credits", queryset=SaleCredit.objects.select_related("seller").order_by("id"))
        )
        .first()
    )


def credit_candidates(*, actor: User) -> list[User]:
    """Active sellers the actor sees, for the credit split of a won deal."""
    return list(
        policies.users_visible_to(actor)
        .filter(is_active=True, role_assignments__role__in=list(SALES_ROLES))
        .distinct()
        .order_by("full_name", "id")[:200]
    )


def deal_commercials(*, actor: User, opportunity: Opportunity) -> DealCommercials:
    """Everything the deal page's commercial partials need, in a fixed number of queries."""
    if not policies.can(actor, Perm.OPPORTUNITY_VIEW, opportunity):
        raise Http404("No such deal.")
    can_edit = policies.can(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    is_open = opportunity.status == OpportunityStatus.OPEN
    sheets = list(_term_sheets(opportunity.pk))
    current = sheets[0] if sheets else None
    blocker = terms_blocker(opportunity, current) if is_open else None
    complaints = list(
        open_complaints_of_deal(opportunity)
        .select_related("owner")
        .order_by("due_on", "raised_at")[:20]
    )
    editable_open = can_edit and is_open
    # PARTNER_LINK on the deal is the role's part and the edit right computed above.
    can_link_partner = can_edit and policies.can(actor, Perm.PARTNER_LINK)
    return DealCommercials(
        deal=opportunity,
        items=list(
            LineItem.objects.filter(opportunity=opportunity)
            .select_related("product")
            .order_by("id")
        ),
        term_sheets=sheets,
        current_terms=current,
        partners=list(
            PartnerLink.objects.filter(opportunity=opportunity)
            .select_related("partner")
            .order_by("partner__name")
        ),
        complaints=complaints,
        sale=sale_for(opportunity) if opportunity.status == OpportunityStatus.WON else None,
        policy=SalesPolicy.current(),
        won_blocker=blocker[0] if blocker else "",
        terms_warning=outdated_terms_warning(opportunity, current)
        if is_open and current is not None and current.status != TermSheetStatus.REJECTED
        else "",
        can_edit=can_edit,
        can_close=editable_open,
        can_reopen=opportunity.status == OpportunityStatus.LOST
        and policies.can(actor, Perm.OPPORTUNITY_REOPEN, opportunity),
        can_approve=policies.can(actor, Perm.TERMS_APPROVE, opportunity),
        products=list(
            Product.objects.filter(is_active=True, currency=opportunity.currency).order_by(
                "family", "tier", "name"
            )
        )
        if editable_open
        else [],
        lost_reasons=list(LostReason.objects.filter(is_active=True)) if editable_open else [],
        sellers=credit_candidates(actor=actor) if editable_open else [],
        can_link_partner=can_link_partner,
        partner_choices=_partner_choices() if can_link_partner else [],
    )


def _partner_choices() -> list[Any]:
    return list(Partner.objects.filter(is_active=True).order_by("name")[:500])


def deal_items(*, actor: User, opportunity: Opportunity) -> QuerySet[LineItem]:
    if not policies.can(actor, Perm.OPPORTUNITY_VIEW, opportunity):
        raise Http404("No such deal.")
    return LineItem.objects.filter(opportunity=opportunity).select_related("product").order_by("id")


def line_item_get_for_actor(*, actor: User, opportunity: Opportunity, pk: int | str) -> LineItem:
    try:
        return deal_items(actor=actor, opportunity=opportunity).get(pk=pk)
    except (LineItem.DoesNotExist, ValueError) as exc:
        raise Http404("No such line item.") from exc


def term_sheets_for(*, actor: User, opportunity: Opportunity) -> list[TermSheet]:
    if not policies.can(actor, Perm.OPPORTUNITY_VIEW, opportunity):
        raise Http404("No such deal.")
    return list(_term_sheets(opportunity.pk))


def approvals_visible_to(actor: User) -> QuerySet[ApprovalRequest]:
    """Approval requests on deals the actor may decide: their own and their teams' (admins: all)."""
    if not policies.can(actor, Perm.TERMS_APPROVE):
        return ApprovalRequest.objects.none()
    deals = opportunities_supervised_by(actor)
    return ApprovalRequest.objects.filter(term_sheet__opportunity__in=deals.values("pk"))


def approval_list(
    *, actor: User, status: str = ApprovalStatus.PENDING
) -> QuerySet[ApprovalRequest]:
    """The sales lead's queue: oldest pending first (decided ones newest first)."""
    approvals = approvals_visible_to(actor)
    if status:
        approvals = approvals.filter(status=status)
    order = ["requested_at", "id"] if status == ApprovalStatus.PENDING else ["-requested_at", "-id"]
    return approvals.select_related(
        "term_sheet__opportunity__owner",
        "term_sheet__opportunity__company",
        "requested_by",
        "decided_by",
    ).order_by(*order)


@dataclass(frozen=True)
class ApprovalsWaiting:
    """The oldest pending approvals of a sales lead's queue, and how many wait in all."""

    oldest: list[ApprovalRequest]
    total: int


def approvals_waiting_for(*, actor: User, limit: int = 10) -> ApprovalsWaiting | None:
    """The home page's view of the approvals queue, in one query (None: the actor approves
    nothing). The window count gives the queue's length alongside its first rows."""
    if not policies.can(actor, Perm.TERMS_APPROVE):
        return None
    rows = list(approval_list(actor=actor).annotate(queue_length=Window(Count("pk")))[:limit])
    return ApprovalsWaiting(oldest=[*rows], total=rows[0].queue_length if rows else 0)


def approval_get_for_actor(*, actor: User, pk: int | str) -> ApprovalRequest:
    try:
        return approval_list(actor=actor, status="").get(pk=pk)
    except (ApprovalRequest.DoesNotExist, ValueError) as exc:
        raise Http404("No such approval request.") from exc
