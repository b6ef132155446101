"""What an admin configures for sales: the terms policy, the reasons deals are lost, and our
organisation as the quotes name it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.models import LostReason, Organisation, SalesPolicy


@transaction.atomic
def sales_policy_update(
    *,
    actor: User | None,
    max_discount_percent: Decimal,
    max_instalments: int,
    max_net_days: int,
    stalled_after_days: int | None = None,
) -> SalesPolicy:
    """Set the limits beyond which terms need a sales lead's approval (admins)."""
    if actor is not None:
        policies.require(actor, Perm.SALES_CONFIGURE)
    policy = SalesPolicy.objects.select_for_update().filter(pk=SalesPolicy.current().pk).get()
    errors: dict[str, str] = {}
    try:
        discount = Decimal(max_discount_percent)
        if not discount.is_finite() or not 0 <= discount <= 100:
            errors["max_discount_percent"] = "Between 0 and 100 %."
    except (InvalidOperation, TypeError, ValueError):
        errors["max_discount_percent"] = "Must be a number."
        discount = Decimal(0)
    if not isinstance(max_instalments, int) or not 1 <= max_instalments <= 120:
        errors["max_instalments"] = "Between 1 and 120 instalments."
    if not isinstance(max_net_days, int) or not 0 <= max_net_days <= 365:
        errors["max_net_days"] = "Between 0 and 365 days."
    if stalled_after_days is not None and not 1 <= stalled_after_days <= 365:
        errors["stalled_after_days"] = "Between 1 and 365 days."
    if errors:
        raise ValidationError(errors)
    policy.max_discount_percent = discount.quantize(Decimal("0.01"))
    policy.max_instalments = max_instalments
    policy.max_net_days = max_net_days
    if stalled_after_days is not None:
        policy.stalled_after_days = stalled_after_days
    attribute(policy, actor, "Edited")
    policy.save()
    return policy


@transaction.atomic
def organisation_update(
    *,
    actor: User | None,
    name: str,
    address: str = "",
    tax_number: str = "",
    tax_label: str = "VAT",
    tax_rate_percent: Decimal = Decimal("0"),
    quote_valid_days: int = 30,
) -> Organisation:
    """Set who we are on quotes: name, address, tax id, the tax added and the validity (admins)."""
    if actor is not None:
        policies.require(actor, Perm.SALES_CONFIGURE)
    organisation = Organisation.objects.select_for_update().order_by("pk").first()
    organisation = organisation or Organisation()
    errors: dict[str, str] = {}
    organisation.name = (name or "").strip()
    organisation.address = "\n".join(line.strip() for line in (address or "").strip().splitlines())
    organisation.tax_number = (tax_number or "").strip()
    organisation.tax_label = (tax_label or "").strip() or "VAT"
    if not organisation.name:
        errors["name"] = "Name the organisation."
    try:
        rate = Decimal(tax_rate_percent)
        if not rate.is_finite() or not 0 <= rate <= 100:
            errors["tax_rate_percent"] = "Between 0 and 100 %."
    except (InvalidOperation, TypeError, ValueError):
        errors["tax_rate_percent"] = "Must be a number."
        rate = Decimal(0)
    if not isinstance(quote_valid_days, int) or not 1 <= quote_valid_days <= 365:
        errors["quote_valid_days"] = "Between 1 and 365 days."
    if errors:
        raise ValidationError(errors)
    organisation.tax_rate_percent = rate.quantize(Decimal("0.01"))
    organisation.quote_valid_days = quote_valid_days
    organisation.full_clean()
    attribute(organisation, actor, "Edited")
    check_text(organisation)
    organisation.save()
    return organisation


def _save_reason(reason: LostReason, actor: User | None, why: str) -> LostReason:
    reason.name = (reason.name or "").strip()
    if not reason.name:
        raise ValidationError({"name": "Name the reason."})
    if len(reason.name) > 120:
        raise ValidationError({"name": "At most 120 characters."})
    if LostReason.objects.filter(name__iexact=reason.name).exclude(pk=reason.pk).exists():
        raise ValidationError({"name": "This reason exists already."})
    attribute(reason, actor, why)
    reason.save()
    return reason


@transaction.atomic
def lost_reason_create(
    *, actor: User | None, name: str, order: int = 0, is_active: bool = True
) -> LostReason:
    if actor is not None:
        policies.require(actor, Perm.SALES_CONFIGURE)
    return _save_reason(LostReason(name=name, order=order, is_active=is_active), actor, "Created")


@transaction.atomic
def lost_reason_update(
    *, actor: User | None, reason: LostReason, name: str, order: int, is_active: bool
) -> LostReason:
    """Rename, reorder or retire a reason (deals lost for it keep it)."""
    if actor is not None:
        policies.require(actor, Perm.SALES_CONFIGURE)
    reason.name = name
    reason.order = order
    reason.is_active = is_active
    return _save_reason(reason, actor, "Edited")
