"""Renegotiated terms: an account manager's amendment is a new version of the customer's
terms, continuing the versions sales started.

Within the sales policy's limits it is approved on proposal; beyond them it waits for an
account executive over the relationship owner (or an admin), who approves or rejects it with
a comment. A decision is final: deciding again is refused (propose a new version instead).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import AmendmentStatus
from twofold.accounts.models import Account, AmendmentInstalment, TermAmendment
from twofold.core.audit import attribute
from twofold.core.money import quantize
from twofold.core.text_limits import check_text
from twofold.policies import Perm
from twofold.sales.choices import TermSheetStatus
from twofold.sales.instalments import instalment_schedule
from twofold.sales.models import SalesPolicy, TermSheet
from twofold.sales.services.terms import MAX_INSTALMENTS, MAX_NET_DAYS, policy_breaches

if TYPE_CHECKING:
    from twofold.people.models import User


def sales_terms_of(account: Account) -> TermSheet | None:
    """The latest approved term sheet sales agreed with the account's company."""
    return (
        TermSheet.objects.filter(company_id=account.company_id, status=TermSheetStatus.APPROVED)
        .order_by("-version", "-approved_at", "-id")
        .first()
    )


def next_version(account: Account) -> int:
    """One above the highest of sales' versions for the company and the account's own."""
    sales = TermSheet.objects.filter(company_id=account.company_id).aggregate(v=Max("version"))
    ours = TermAmendment.objects.filter(account=account).aggregate(v=Max("version"))
    return max(sales["v"] or 0, ours["v"] or 0) + 1


def _parse(
    total: Any, discount_percent: Any, net_days: Any, instalment_count: Any
) -> tuple[Decimal, Decimal]:
    errors: dict[str, str] = {}
    money = discount = Decimal(0)
    try:
        money = Decimal(total)
        if not money.is_finite() or money <= 0:
            errors["total"] = "The total is more than zero."
    except (InvalidOperation, TypeError, ValueError):
        errors["total"] = "The total must be a number."
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
    if not errors and quantize(money) < Decimal("0.01") * instalment_count:
        errors["instalment_count"] = "The total is too small for this many instalments."
    if errors:
        raise ValidationError(errors)
    return quantize(money), discount


@transaction.atomic
def amendment_propose(
    *,
    actor: User,
    account: Account,
    total: Decimal,
    discount_percent: Decimal = Decimal("0"),
    net_days: int = 30,
    instalment_count: int = 1,
    currency: str | None = None,
    notes: str = "",
) -> TermAmendment:
    """Propose renegotiated terms as the next version, with their instalment schedule (monthly
    from ``net_days`` after today, adding up to the total, as sales' terms). Within the sales
    policy they are approved at once; beyond it they wait for an account executive, with the
    reasons."""
    policies.require(actor, Perm.ACCOUNT_EDIT, account)
    money, discount = _parse(total, discount_percent, net_days, instalment_count)
    # Lock the account so two proposals cannot take the same version number.
    account = Account.objects.select_for_update().get(pk=account.pk)
    reasons = policy_breaches(
        SalesPolicy.current(),
        discount_percent=discount,
        instalment_count=instalment_count,
        net_days=net_days,
    )
    now = timezone.now()
    amendment = TermAmendment(
        account=account,
        version=next_version(account),
        sales_terms=sales_terms_of(account),
        total=money,
        currency=currency or account.currency,
        discount_percent=discount,
        net_days=net_days,
        instalment_count=instalment_count,
        notes=(notes or "").strip(),
        reasons=reasons,
        status=AmendmentStatus.PENDING_APPROVAL if reasons else AmendmentStatus.APPROVED,
        proposed_by=actor,
        proposed_at=now,
        decided_at=None if reasons else now,
    )
    attribute(
        amendment,
        actor,
        "Beyond policy: approval requested" if reasons else "Within policy: approved on proposal",
    )
    check_text(amendment)
    amendment.save()
    first_due = timezone.localdate() + timedelta(days=net_days)
    AmendmentInstalment.objects.bulk_create(
        AmendmentInstalment(
            amendment=amendment, number=p.number, due_date=p.due_date, amount=p.amount
        )
        for p in instalment_schedule(money, instalment_count, first_due)
    )
    return amendment


@transaction.atomic
def amendment_decide(
    *, actor: User, amendment: TermAmendment, approve: bool, comment: str = ""
) -> TermAmendment:
    """An account executive over the relationship owner, or an admin, approves or rejects
    renegotiated terms waiting for approval. Rejecting needs a comment; nobody but an admin
    decides their own proposal; a decided amendment stays decided."""
    amendment = (
        TermAmendment.objects.select_for_update().select_related("account").get(pk=amendment.pk)
    )
    policies.require(actor, Perm.AMENDMENT_APPROVE, amendment.account)
    if amendment.status != AmendmentStatus.PENDING_APPROVAL:
        raise ValidationError(
            f"Version {amendment.version} was {amendment.get_status_display().lower()} already."
            " Propose a new version to change the terms.",
            code="already_decided",
        )
    if not policies.can(actor, Perm.AMENDMENT_DECIDE, amendment):
        raise ValidationError(
            "You proposed these terms: another account executive or an admin decides them.",
            code="own_proposal",
        )
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": "Say why the terms are rejected."})
    amendment.status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    amendment.decision_comment = comment
    attribute(amendment, actor, "Approved" if approve else "Rejected")
    check_text(amendment)
    amendment.save()
    return amendment
