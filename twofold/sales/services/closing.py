"""Closing deals: won (one recorded sale with its credit split), lost (with a reason) and
reopening a lost deal (a sales lead's decision, recorded as an event).

A deal is won only on approved terms (DESIGN invariant 4); a won deal records exactly one sale
(invariant 2) and its approved terms become the customer's next term-sheet version.

Winning here is the sales part only. The whole won-deal workflow (the sale, then the customer
account, its contract and the hand-over, in one transaction) sits above accounts and
hand-overs, in ``twofold.handover.won_deal``; sales cannot import it, so the hand-over app
registers it when it is ready and the deal's pages and API reach it through ``deal_win``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.dates import HAPPENED
from twofold.core.money import format_money, quantize
from twofold.people.choices import SALES_ROLES
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import (
    OpportunityEventType,
    OpportunityKind,
    OpportunityStatus,
    StageKind,
    TermSheetStatus,
)
from twofold.sales.events import opportunity_lost, opportunity_reopened, opportunity_won, stage_move
from twofold.sales.instalments import split_by_percent
from twofold.sales.models import (
    LostReason,
    Opportunity,
    OpportunityEvent,
    Sale,
    SaleCredit,
    Stage,
    TermSheet,
)
from twofold.sales.services.items import lock_opportunity
from twofold.sales.services.terms import terms_outdated, withdraw_pending_terms

Credits = Sequence[tuple[User, Decimal]]


def _stage_of_kind(opportunity: Opportunity, kind: StageKind) -> Stage:
    stage = opportunity.pipeline.stages.filter(kind=kind).order_by("order").first()
    if stage is None:
        raise ValidationError(
            f"The pipeline {opportunity.pipeline} has no {kind.label.lower()} stage; "
            "an admin adds one.",
            code="no_stage",
        )
    return stage


def latest_terms(opportunity: Opportunity) -> TermSheet | None:
    return opportunity.term_sheets.order_by("-created_at", "-id").first()


def terms_blocker(opportunity: Opportunity, sheet: TermSheet | None) -> tuple[str, str] | None:
    """Why the terms do not allow winning yet, as (message, code); ``None`` when they do."""
    if sheet is None:
        return ("No terms were agreed: propose terms before winning the deal.", "terms_missing")
    if sheet.status == TermSheetStatus.PENDING_APPROVAL:
        return ("The terms wait for a sales lead's approval.", "terms_pending")
    if sheet.status == TermSheetStatus.REJECTED:
        return ("The latest terms were rejected: propose new terms.", "terms_rejected")
    if sheet.status != TermSheetStatus.APPROVED:
        return ("The latest terms are not approved yet.", "terms_not_approved")
    if terms_outdated(opportunity, sheet):
        return (
            "The line items changed after the terms were agreed: propose the terms again.",
            "terms_outdated",
        )
    return None


def _clean_credits(
    opportunity: Opportunity, credits: Credits | None
) -> tuple[list[tuple[User, Decimal]], list[str]]:
    if not credits:
        return [(opportunity.owner, Decimal(100))], []
    errors = []
    cleaned: list[tuple[User, Decimal]] = []
    seen: set[int] = set()
    for seller, raw in credits:
        try:
            percent = Decimal(raw)
        except (InvalidOperation, TypeError, ValueError):
            errors.append(f"The share of {seller} must be a number.")
            continue
        if not percent.is_finite() or percent <= 0 or percent > 100:
            errors.append(f"The share of {seller} is more than 0 and at most 100 %.")
        elif percent != percent.quantize(Decimal("0.01")):
            errors.append(f"The share of {seller} has at most two decimals.")
        if seller.pk in seen:
            errors.append(f"{seller} appears twice in the credit split.")
        seen.add(seller.pk)
        if not seller.is_active or not seller.roles & SALES_ROLES:
            errors.append(f"{seller} holds no sales role and cannot get credit for a sale.")
        cleaned.append((seller, percent))
    if not errors and sum((p for _, p in cleaned), Decimal(0)) != 100:
        errors.append(
            "The credit split adds up to "
            f"{sum((p for _, p in cleaned), Decimal(0)).normalize():f} %, not 100 %."
        )
    return cleaned, errors


def sync(target: Opportunity, saved: Opportunity) -> Opportunity:
    """Let the caller's instance show what was saved (services work on a locked copy)."""
    if target is not saved:
        for f in Opportunity._meta.concrete_fields:
            setattr(target, f.attname, getattr(saved, f.attname))
        target._state.fields_cache = dict(saved._state.fields_cache)
    return saved


def _existing_sale(opportunity: Opportunity) -> Sale | None:
    return Sale.objects.filter(opportunity=opportunity).first()


@transaction.atomic
def opportunity_close_won(
    *,
    actor: User | None,
    opportunity: Opportunity,
    closed_on: date | None,
    amount: Decimal | None = None,
    credits: Credits | None = None,
) -> Sale:
    """Win the deal and record its one sale: the sales part of winning.

    The sale is recorded at the approved terms' total: an amount given (the web form and the
    API take one) must equal it, as the contract, the yearly value and the hand-over all come
    from the terms; another amount needs new terms. Needs a close date not in the future nor
    before the deal opened, approved terms (the latest sheet approved, none waiting or
    rejected) and credits adding up to exactly 100 % among sellers (default: all to the
    owner). Winning a won deal again returns its sale and writes nothing. A new-business deal
    needs a company.

    The customer account, its contract and the hand-over are not opened here: interfaces win
    deals through ``deal_win`` (the won-deal workflow), which calls this first.
    """
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    target, opportunity = opportunity, lock_opportunity(opportunity)
    if opportunity.status == OpportunityStatus.WON:
        sale = _existing_sale(opportunity)
        if sale is not None:
            return sale
    if opportunity.status == OpportunityStatus.LOST:
        raise ValidationError(
            "This deal was lost: a sales lead reopens it before it can be won.", code="deal_lost"
        )
    sheet = latest_terms(opportunity)
    blocker = terms_blocker(opportunity, sheet)
    errors: dict[str, list[str]] = {}
    sale_amount = amount if amount is not None else (sheet.total if sheet else opportunity.amount)
    try:
        if sale_amount is None or Decimal(sale_amount) <= 0:
            errors["amount"] = ["A won deal needs an amount above zero."]
        elif Decimal(sale_amount) != quantize(Decimal(sale_amount)):
            errors["amount"] = ["The amount is in whole cents."]
        elif Decimal(sale_amount) >= Decimal("1e12"):
            errors["amount"] = ["The amount is too large."]
        elif blocker is None and sheet is not None and Decimal(sale_amount) != sheet.total:
            errors["amount"] = [
                "The sale is recorded at the agreed terms' total of "
                f"{format_money(sheet.total, sheet.currency)}: leave the amount empty, "
                "or propose new terms for another amount."
            ]
    except (InvalidOperation, TypeError, ValueError):
        errors["amount"] = ["The amount must be a number."]
    if closed_on is None:
        errors["closed_on"] = ["Give the date the deal was won."]
    elif closed_on > timezone.localdate():
        errors["closed_on"] = ["The close date cannot be in the future."]
    elif outside := HAPPENED.errors(closed_on=closed_on):
        errors["closed_on"] = [outside["closed_on"]]
    elif closed_on < (opened := timezone.localdate(opportunity.created_at)):
        errors["closed_on"] = [
            f"The deal opened on {opened.day} {opened:%B %Y}: it cannot be won before that."
        ]
    cleaned_credits, credit_errors = _clean_credits(opportunity, credits)
    if credit_errors:
        errors["credits"] = credit_errors
    if opportunity.kind == OpportunityKind.NEW_BUSINESS and opportunity.company_id is None:
        errors["company"] = ["A new customer needs a company: link the deal to one first."]
    if errors:
        raise ValidationError(errors)
    if blocker is not None:
        raise ValidationError(blocker[0], code=blocker[1])
    assert sheet is not None  # noqa: S101
    assert sale_amount is not None  # noqa: S101
    assert closed_on is not None  # noqa: S101

    now = timezone.now()
    from_stage, entered = opportunity.stage, opportunity.stage_entered_at
    won_stage = _stage_of_kind(opportunity, StageKind.WON)
    opportunity.stage = won_stage
    opportunity.status = OpportunityStatus.WON
    opportunity.closed_on = closed_on
    opportunity.stage_entered_at = now
    opportunity.updated_at = now
    attribute(opportunity, actor, "Won")
    opportunity.save(
        update_fields=["stage", "status", "closed_on", "stage_entered_at", "updated_at"]
    )

    sale = Sale(
        opportunity=opportunity,
        amount=Decimal(sale_amount),
        currency=opportunity.currency,
        closed_on=closed_on,
        recorded_by=actor,
        recorded_at=now,
    )
    attribute(sale, actor, "Recorded")
    sale.save()
    shares = split_by_percent(sale.amount, [p for _, p in cleaned_credits])
    SaleCredit.objects.bulk_create(
        SaleCredit(sale=sale, seller=seller, percent=percent, amount=share)
        for (seller, percent), share in zip(cleaned_credits, shares, strict=True)
    )

    sheet = TermSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.version is None:
        company = opportunity.company
        if company is None:
            sheet.version = 1
        else:
            last = TermSheet.objects.filter(company=company).aggregate(v=Max("version"))["v"]
            sheet.version = (last or 0) + 1
        sheet.company = company
        attribute(sheet, actor, "Agreed on winning the deal")
        sheet.save(update_fields=["version", "company"])

    opportunity_won(
        opportunity,
        actor=actor,
        sale=sale,
        term_sheet=sheet,
        credits=cleaned_credits,
        move=stage_move(from_stage, won_stage, entered),
    )
    sync(target, opportunity)
    return sale


class _WonSale(Protocol):
    @property
    def sale(self) -> Sale: ...


class WonDealWorkflow(Protocol):
    """Winning a deal as a whole: the sale (``opportunity_close_won``), then what the win opens
    above sales. It returns something carrying the ``sale``."""

    def __call__(
        self,
        *,
        actor: User | None,
        opportunity: Opportunity,
        closed_on: date | None,
        amount: Decimal | None = None,
        credits: Credits | None = None,
    ) -> _WonSale: ...


_won_deal_workflow: WonDealWorkflow | None = None


def register_won_deal_workflow(workflow: WonDealWorkflow) -> None:
    """Set the won-deal workflow (the hand-over app does, in ``HandoverConfig.ready``)."""
    global _won_deal_workflow
    _won_deal_workflow = workflow


def deal_win(
    *,
    actor: User | None,
    opportunity: Opportunity,
    closed_on: date | None,
    amount: Decimal | None = None,
    credits: Credits | None = None,
) -> Sale:
    """Win the deal as the web, the API and the CLI do: through the whole won-deal workflow
    (sale, account, contract, hand-over in one transaction), and return its sale.

    Refuses to run without the workflow rather than record a sale that opens nothing.
    """
    if _won_deal_workflow is None:
        raise ImproperlyConfigured(
            "No won-deal workflow is registered: twofold.handover registers it when ready."
        )
    won = _won_deal_workflow(
        actor=actor, opportunity=opportunity, closed_on=closed_on, amount=amount, credits=credits
    )
    return won.sale


@transaction.atomic
def opportunity_close_lost(
    *,
    actor: User | None,
    opportunity: Opportunity,
    reason: LostReason | None,
    competitor: str = "",
) -> Opportunity:
    """Lose the deal with a reason from the admin's list (and the competitor, if known).

    Terms still waiting for approval are withdrawn. Losing a lost deal again changes nothing.
    """
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    target, opportunity = opportunity, lock_opportunity(opportunity)
    if opportunity.status == OpportunityStatus.LOST:
        return sync(target, opportunity)
    if opportunity.status == OpportunityStatus.WON:
        raise ValidationError(
            "This deal was won and its sale recorded: it cannot be lost.", code="deal_won"
        )
    competitor = (competitor or "").strip()
    errors = {}
    if reason is None:
        errors["reason"] = "Choose why the deal was lost."
    elif not reason.is_active:
        errors["reason"] = f"“{reason}” is no longer offered as a reason."
    if len(competitor) > 120:
        errors["competitor"] = "At most 120 characters."
    if errors:
        raise ValidationError(errors)
    assert reason is not None  # noqa: S101

    now = timezone.now()
    from_stage, entered = opportunity.stage, opportunity.stage_entered_at
    lost_stage = _stage_of_kind(opportunity, StageKind.LOST)
    withdrawn = withdraw_pending_terms(actor=actor, opportunity=opportunity)
    opportunity.stage = lost_stage
    opportunity.status = OpportunityStatus.LOST
    opportunity.closed_on = timezone.localdate()
    opportunity.lost_reason = reason
    opportunity.competitor = competitor
    opportunity.stage_entered_at = now
    opportunity.updated_at = now
    attribute(opportunity, actor, f"Lost: {reason}")
    opportunity.save(
        update_fields=[
            "stage",
            "status",
            "closed_on",
            "lost_reason",
            "competitor",
            "stage_entered_at",
            "updated_at",
        ]
    )
    opportunity_lost(
        opportunity,
        actor=actor,
        reason=reason,
        competitor=competitor,
        withdrawn_terms=withdrawn,
        move=stage_move(from_stage, lost_stage, entered),
    )
    return sync(target, opportunity)


def _stage_before_losing(opportunity: Opportunity) -> Stage:
    event = (
        OpportunityEvent.objects.filter(opportunity=opportunity, type=OpportunityEventType.LOST)
        .order_by("-at", "-id")
        .first()
    )
    stage_id = event.data.get("from_id") if event else None
    stage = (
        opportunity.pipeline.stages.filter(pk=stage_id, kind=StageKind.OPEN).first()
        if stage_id
        else None
    )
    return stage or _stage_of_kind(opportunity, StageKind.OPEN)


@transaction.atomic
def opportunity_reopen(*, actor: User | None, opportunity: Opportunity, reason: str) -> Opportunity:
    """A sales lead of the owner's team (or an admin) reopens a lost deal, back in the stage
    it was lost from. A won deal is never reopened: its sale stays recorded."""
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_REOPEN, opportunity)
    target, opportunity = opportunity, lock_opportunity(opportunity)
    if opportunity.status == OpportunityStatus.OPEN:
        return sync(target, opportunity)
    if opportunity.status == OpportunityStatus.WON:
        raise ValidationError("A recorded sale is never undone; open a new deal.", code="deal_won")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the deal is reopened."})
    if len(reason) > 500:
        raise ValidationError({"reason": "At most 500 characters."})
    now = timezone.now()
    from_stage, entered = opportunity.stage, opportunity.stage_entered_at
    stage = _stage_before_losing(opportunity)
    was = {"lost_reason": str(opportunity.lost_reason or ""), "competitor": opportunity.competitor}
    opportunity.stage = stage
    opportunity.status = OpportunityStatus.OPEN
    opportunity.closed_on = None
    opportunity.lost_reason = None
    opportunity.competitor = ""
    opportunity.stage_entered_at = now
    opportunity.updated_at = now
    attribute(opportunity, actor, f"Reopened: {reason}")
    opportunity.save(
        update_fields=[
            "stage",
            "status",
            "closed_on",
            "lost_reason",
            "competitor",
            "stage_entered_at",
            "updated_at",
        ]
    )
    opportunity_reopened(
        opportunity,
        actor=actor,
        reason=reason,
        was_lost_because=was["lost_reason"],
        competitor=was["competitor"],
        move=stage_move(from_stage, stage, entered),
    )
    return sync(target, opportunity)


def can_close(opportunity: Opportunity) -> bool:
    return opportunity.status == OpportunityStatus.OPEN
