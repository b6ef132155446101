"""Negotiated terms: discount, payment terms and instalments, and the sales lead's approval
when they go beyond the admin's policy (DESIGN invariant 4).

Proposing terms writes a term sheet with its instalment schedule. Within policy it is
approved at once (recorded as automatic); beyond policy it waits for a sales lead of the
owner's team, who approves or rejects with a comment. Newer terms supersede a pending sheet:
its approval request is withdrawn (closed as rejected, by the proposer, saying so).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.dates import PLANNED
from twofold.core.money import format_money, percent_text, quantize
from twofold.core.text_limits import check_text
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import ApprovalStatus, TermSheetStatus
from twofold.sales.events import (
    opportunity_approval_decided,
    opportunity_approval_requested,
    opportunity_terms_proposed,
)
from twofold.sales.instalments import instalment_schedule
from twofold.sales.models import ApprovalRequest, Instalment, Opportunity, SalesPolicy, TermSheet
from twofold.sales.services.items import lock_opportunity, require_open

MAX_NET_DAYS = 365
MAX_INSTALMENTS = 120
WITHDRAWN = "Withdrawn: newer terms were proposed."


def terms_total(amount: Decimal, discount_percent: Decimal) -> Decimal:
    """What the customer pays: the deal's amount less the negotiated discount, in cents."""
    return quantize(amount * (100 - discount_percent) / 100)


def terms_outdated(opportunity: Opportunity, sheet: TermSheet) -> bool:
    """Whether the deal's items (its amount or currency) changed since the terms were set: the
    terms then no longer price what is sold and are proposed again before the deal is won."""
    return (
        sheet.currency != opportunity.currency
        or terms_total(opportunity.amount, sheet.discount_percent) != sheet.total
    )


def outdated_terms_warning(opportunity: Opportunity, sheet: TermSheet | None) -> str:
    """What the deal page and the quote say when the terms no longer price the items
    (empty when they do, or there are no terms)."""
    if sheet is None or not terms_outdated(opportunity, sheet):
        return ""
    if sheet.currency != opportunity.currency:
        now = f"the deal is now in {opportunity.currency}, these terms in {sheet.currency}"
    else:
        items = format_money(
            terms_total(opportunity.amount, sheet.discount_percent), sheet.currency
        )
        discount = (
            f" after the {percent_text(sheet.discount_percent)} discount"
            if sheet.discount_percent
            else ""
        )
        now = (
            f"the items now come to {items}{discount}, these terms to "
            f"{format_money(sheet.total, sheet.currency)}"
        )
    return (
        f"These terms are out of date: {now}. "
        "Propose the terms again before the quote is sent or the deal is won."
    )


def policy_breaches(
    policy: SalesPolicy, *, discount_percent: Decimal, instalment_count: int, net_days: int
) -> list[str]:
    """Which of the admin's limits the terms go beyond, in words (empty: within policy)."""
    reasons = []
    if discount_percent > policy.max_discount_percent:
        reasons.append(
            f"Discount {percent_text(discount_percent)} is above the policy's "
            f"{percent_text(policy.max_discount_percent)}."
        )
    if instalment_count > policy.max_instalments:
        reasons.append(
            f"{instalment_count} instalments are more than the policy's {policy.max_instalments}."
        )
    if net_days > policy.max_net_days:
        reasons.append(f"Net {net_days} days is longer than the policy's {policy.max_net_days}.")
    return reasons


def _parse_terms(
    opportunity: Opportunity,
    discount_percent: Decimal,
    net_days: int,
    instalment_count: int,
) -> tuple[Decimal, Decimal]:
    errors: dict[str, str] = {}
    discount = Decimal(0)
    try:
        discount = Decimal(discount_percent)
        if not discount.is_finite() or not 0 <= discount < 100:
            errors["discount_percent"] = "A discount is from 0 up to (not including) 100 %."
        elif discount != discount.quantize(Decimal("0.01")):
            errors["discount_percent"] = "A discount has at most two decimals."
    except (InvalidOperation, TypeError, ValueError):
        errors["discount_percent"] = "A discount must be a number."
    if not isinstance(net_days, int) or not 0 <= net_days <= MAX_NET_DAYS:
        errors["net_days"] = f"Payment terms are 0 to {MAX_NET_DAYS} days."
    if not isinstance(instalment_count, int) or not 1 <= instalment_count <= MAX_INSTALMENTS:
        errors["instalment_count"] = f"There are 1 to {MAX_INSTALMENTS} instalments."
    if opportunity.amount <= 0:
        errors["amount"] = "The deal has no amount yet: add line items before proposing terms."
    if errors:
        raise ValidationError(errors)
    total = terms_total(opportunity.amount, discount)
    if total < Decimal("0.01") * instalment_count:
        raise ValidationError(
            {"instalment_count": "The total is too small for this many instalments."}
        )
    return discount, total


def _withdraw_pending(
    opportunity: Opportunity, actor: User | None, superseded_by: int
) -> list[int]:
    """Older sheets still waiting for approval are rejected as withdrawn; returns their ids."""
    now = timezone.now()
    withdrawn = []
    waiting = opportunity.term_sheets.select_for_update().filter(
        status__in=[TermSheetStatus.DRAFT, TermSheetStatus.PENDING_APPROVAL]
    )
    for sheet in waiting.exclude(pk=superseded_by):
        for approval in sheet.approvals.filter(status=ApprovalStatus.PENDING):
            approval.status = ApprovalStatus.REJECTED
            approval.decided_by = actor
            approval.decided_at = now
            approval.comment = WITHDRAWN
            attribute(approval, actor, "Withdrawn")
            approval.save()
            opportunity_approval_decided(
                opportunity, actor=actor, approval=approval, decision="withdrawn"
            )
        sheet.status = TermSheetStatus.REJECTED
        attribute(sheet, actor, "Superseded")
        sheet.save(update_fields=["status"])
        withdrawn.append(sheet.pk)
    return withdrawn


@transaction.atomic
def terms_propose(
    *,
    actor: User | None,
    opportunity: Opportunity,
    discount_percent: Decimal,
    net_days: int,
    instalment_count: int,
    first_due_date: date | None = None,
    notes: str = "",
) -> TermSheet:
    """Propose terms for the deal, with their instalment schedule.

    Within the sales policy they are approved at once; beyond it they wait for a sales lead's
    approval (an ``ApprovalRequest`` listing the reasons). Older pending terms are withdrawn.
    """
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    opportunity = lock_opportunity(opportunity)
    require_open(opportunity, "terms are negotiated")
    PLANNED.check(first_due_date=first_due_date)
    discount, total = _parse_terms(opportunity, discount_percent, net_days, instalment_count)
    now = timezone.now()
    first_due = first_due_date or (timezone.localdate() + timedelta(days=net_days))
    policy = SalesPolicy.current()
    reasons = policy_breaches(
        policy, discount_percent=discount, instalment_count=instalment_count, net_days=net_days
    )
    proposer = actor or opportunity.owner
    sheet = TermSheet(
        company=opportunity.company,
        opportunity=opportunity,
        status=TermSheetStatus.DRAFT,
        total=total,
        currency=opportunity.currency,
        discount_percent=discount,
        net_days=net_days,
        instalment_count=instalment_count,
        notes=(notes or "").strip(),
        proposed_by=proposer,
        created_at=now,
    )
    attribute(sheet, actor, "Proposed")
    check_text(sheet)
    sheet.save()
    Instalment.objects.bulk_create(
        Instalment(term_sheet=sheet, number=p.number, due_date=p.due_date, amount=p.amount)
        for p in instalment_schedule(total, instalment_count, first_due)
    )
    superseded = _withdraw_pending(opportunity, actor, superseded_by=sheet.pk)
    opportunity_terms_proposed(
        opportunity,
        actor=actor,
        term_sheet=sheet,
        auto_approved=not reasons,
        superseded=superseded,
    )
    if reasons:
        sheet.status = TermSheetStatus.PENDING_APPROVAL
        attribute(sheet, actor, "Beyond policy: approval requested")
        sheet.save(update_fields=["status"])
        approval = ApprovalRequest(
            term_sheet=sheet, reasons=reasons, requested_by=proposer, requested_at=now
        )
        attribute(approval, actor, "Requested")
        check_text(approval)
        approval.save()
        opportunity_approval_requested(opportunity, actor=actor, approval=approval)
    else:
        sheet.status = TermSheetStatus.APPROVED
        sheet.approved_at = now
        attribute(sheet, actor, "Within policy: approved automatically")
        sheet.save(update_fields=["status", "approved_at"])
    return sheet


@transaction.atomic
def approval_decide(
    *, actor: User | None, approval: ApprovalRequest, approve: bool, comment: str = ""
) -> ApprovalRequest:
    """A sales lead of the deal owner's team (or an admin) approves or rejects the terms.

    Rejecting needs a comment. Deciding the same way twice changes nothing; changing a
    decision is refused (propose new terms instead).
    """
    sheet = approval.term_sheet
    opportunity = sheet.opportunity
    if actor is not None:
        policies.require(actor, Perm.TERMS_APPROVE, opportunity)
    opportunity = lock_opportunity(opportunity)
    approval = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
    wanted = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    if approval.status == wanted and approval.comment != WITHDRAWN:
        return approval
    if approval.status != ApprovalStatus.PENDING:
        raise ValidationError(
            f"This request was already {approval.get_status_display().lower()}"
            + (" (withdrawn)." if approval.comment == WITHDRAWN else ".")
            + " Propose new terms to change them.",
            code="already_decided",
        )
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": "Say why the terms are rejected."})
    now = timezone.now()
    approval.status = wanted
    approval.decided_by = actor
    approval.decided_at = now
    approval.comment = comment
    attribute(approval, actor, "Approved" if approve else "Rejected")
    approval.save()
    sheet = TermSheet.objects.select_for_update().get(pk=sheet.pk)
    sheet.status = TermSheetStatus.APPROVED if approve else TermSheetStatus.REJECTED
    sheet.approved_at = now if approve else None
    attribute(sheet, actor, "Approved by a sales lead" if approve else "Rejected by a sales lead")
    sheet.save(update_fields=["status", "approved_at"])
    opportunity_approval_decided(opportunity, actor=actor, approval=approval, decision=wanted.value)
    return approval


def approval_approve(
    *, actor: User | None, approval: ApprovalRequest, comment: str = ""
) -> ApprovalRequest:
    return approval_decide(actor=actor, approval=approval, approve=True, comment=comment)


def approval_reject(
    *, actor: User | None, approval: ApprovalRequest, comment: str
) -> ApprovalRequest:
    return approval_decide(actor=actor, approval=approval, approve=False, comment=comment)


@transaction.atomic
def withdraw_pending_terms(*, actor: User | None, opportunity: Opportunity) -> list[int]:
    """Closing a deal lost withdraws what still waits for approval (used by closing)."""
    return _withdraw_pending(opportunity, actor, superseded_by=0)
