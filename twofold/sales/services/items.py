"""Line items on a deal: products at a price, quantity and discount; they make the deal's amount.

The deal's amount is the sum of its items, recomputed in the same transaction as every change.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from twofold import policies
from twofold.catalog.models import Product
from twofold.core.audit import attribute
from twofold.core.money import quantize
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import OpportunityStatus
from twofold.sales.events import opportunity_amount_changed
from twofold.sales.models import LineItem, Opportunity


def line_total(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """quantity x unit price x (1 - discount), rounded to cents."""
    return quantize(quantity * unit_price * (100 - discount_percent) / 100)


def require_open(opportunity: Opportunity, what: str) -> None:
    if opportunity.status != OpportunityStatus.OPEN:
        raise ValidationError(
            f"This deal is {opportunity.get_status_display().lower()}: {what} only on open deals.",
            code="deal_closed",
        )


def lock_opportunity(opportunity: Opportunity) -> Opportunity:
    """Re-read the deal under a row lock, so two concurrent writes apply one after the other."""
    return (
        Opportunity.objects.select_for_update()
        .select_related("stage", "pipeline")
        .get(pk=opportunity.pk)
    )


def _sync_amount(target: Opportunity, saved: Opportunity) -> Opportunity:
    """Let the caller's deal show the amount the items now add up to."""
    target.amount = saved.amount
    target.updated_at = saved.updated_at
    return saved


def _check_numbers(
    quantity: Decimal, unit_price: Decimal, discount_percent: Decimal
) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        if quantity is None or Decimal(quantity) <= 0:
            errors["quantity"] = "Quantity must be more than zero."
        elif Decimal(quantity) != Decimal(quantity).quantize(Decimal("0.01")):
            errors["quantity"] = "Quantity has at most two decimals."
        elif Decimal(quantity) >= Decimal("100000000"):
            errors["quantity"] = "Quantity is too large."
    except (InvalidOperation, TypeError):
        errors["quantity"] = "Quantity must be a number."
    try:
        if unit_price is None or Decimal(unit_price) < 0:
            errors["unit_price"] = "A unit price cannot be negative."
        elif Decimal(unit_price) != quantize(Decimal(unit_price)):
            errors["unit_price"] = "A unit price is in whole cents."
    except (InvalidOperation, TypeError):
        errors["unit_price"] = "A unit price must be a number."
    try:
        if discount_percent is None or not 0 <= Decimal(discount_percent) <= 100:
            errors["discount_percent"] = "A discount is between 0 and 100 %."
    except (InvalidOperation, TypeError):
        errors["discount_percent"] = "A discount must be a number."
    return errors


def recompute_amount(opportunity: Opportunity, actor: User | None) -> Opportunity:
    """Set the deal's amount to the sum of its items; an event records a change."""
    total = opportunity.items.aggregate(total=Sum("total"))["total"] or Decimal("0.00")
    total = quantize(total)
    if total >= Decimal("1e12"):
        raise ValidationError({"quantity": "The deal's amount would be too large."})
    if total != opportunity.amount:
        before = opportunity.amount
        opportunity.amount = total
        opportunity.updated_at = timezone.now()
        attribute(opportunity, actor, "Line items changed")
        opportunity.save(update_fields=["amount", "updated_at"])
        # The same keys as ``opportunity_update`` writes, so the timeline reads both alike.
        opportunity_amount_changed(
            opportunity,
            actor=actor,
            from_amount=before,
            to_amount=total,
            from_currency=opportunity.currency,
            currency=opportunity.currency,
            by="line items",
        )
    return opportunity


@transaction.atomic
def line_item_add(
    *,
    actor: User | None,
    opportunity: Opportunity,
    product: Product,
    quantity: Decimal = Decimal("1"),
    unit_price: Decimal | None = None,
    discount_percent: Decimal = Decimal("0"),
) -> LineItem:
    """Put a product on the deal; the unit price defaults to the product's list price."""
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    target, opportunity = opportunity, lock_opportunity(opportunity)
    require_open(opportunity, "line items change")
    errors: dict[str, str] = {}
    if not product.is_active:
        errors["product"] = f"{product} is no longer sold."
    elif product.currency != opportunity.currency:
        errors["product"] = (
            f"{product} is priced in {product.currency}; this deal is in {opportunity.currency}."
        )
    price = product.list_price if unit_price is None else unit_price
    errors |= _check_numbers(quantity, price, discount_percent)
    if not errors and line_total(
        Decimal(quantity), Decimal(price), Decimal(discount_percent)
    ) >= Decimal("1e12"):
        errors["quantity"] = "This line would be too large."
    if errors:
        raise ValidationError(errors)
    item = LineItem(
        opportunity=opportunity,  # the locked copy
        product=product,
        quantity=Decimal(quantity),
        unit_price=Decimal(price),
        discount_percent=Decimal(discount_percent),
        total=line_total(Decimal(quantity), Decimal(price), Decimal(discount_percent)),
    )
    attribute(item, actor, "Added")
    item.save()
    _sync_amount(target, recompute_amount(opportunity, actor))
    return item


@transaction.atomic
def line_item_update(
    *,
    actor: User | None,
    item: LineItem,
    quantity: Decimal,
    unit_price: Decimal,
    discount_percent: Decimal,
) -> LineItem:
    """Change an item's quantity, price or discount."""
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, item.opportunity)
    opportunity = lock_opportunity(item.opportunity)
    require_open(opportunity, "line items change")
    errors = _check_numbers(quantity, unit_price, discount_percent)
    if not errors and line_total(
        Decimal(quantity), Decimal(unit_price), Decimal(discount_percent)
    ) >= Decimal("1e12"):
        errors["quantity"] = "This line would be too large."
    if errors:
        raise ValidationError(errors)
    item.quantity = Decimal(quantity)
    item.unit_price = Decimal(unit_price)
    item.discount_percent = Decimal(discount_percent)
    item.total = line_total(item.quantity, item.unit_price, item.discount_percent)
    attribute(item, actor, "Edited")
    item.save()
    _sync_amount(item.opportunity, recompute_amount(opportunity, actor))
    return item


@transaction.atomic
def line_item_remove(*, actor: User | None, item: LineItem) -> Opportunity:
    """Take an item off the deal (its history keeps it)."""
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, item.opportunity)
    opportunity = lock_opportunity(item.opportunity)
    require_open(opportunity, "line items change")
    attribute(item, actor, "Removed")
    item.delete()
    return _sync_amount(item.opportunity, recompute_amount(opportunity, actor))
