"""Every write to the catalog: products and services with their list price, family and tier."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold import policies
from twofold.catalog.models import OfferingKind, Product
from twofold.core.audit import attribute
from twofold.core.text_limits import messages as text_messages
from twofold.people.models import User
from twofold.policies import Perm


def _save(product: Product, actor: User | None, reason: str) -> Product:
    product.code = (product.code or "").strip().upper()
    product.name = (product.name or "").strip()
    product.family = (product.family or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        product.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        "code" not in errors
        and Product.objects.filter(code__iexact=product.code).exclude(pk=product.pk).exists()
    ):
        errors["code"] = ["Another product has this code."]
    if product.list_price is not None and product.list_price < 0 and "list_price" not in errors:
        errors["list_price"] = ["A list price cannot be negative."]
    if isinstance(product.tier, int) and product.tier < 1 and "tier" not in errors:
        errors["tier"] = ["Tiers start at 1."]
    errors |= text_messages(product)
    if errors:
        raise ValidationError(errors)
    attribute(product, actor, reason)
    product.save()
    return product


@transaction.atomic
def product_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    family: str,
    list_price: Decimal,
    currency: str = "EUR",
    kind: str = OfferingKind.PRODUCT,
    tier: int = 1,
    description: str = "",
    is_active: bool = True,
) -> Product:
    """Add a product or service to the catalog (admins)."""
    if actor is not None:
        policies.require(actor, Perm.CATALOG_MANAGE)
    product = Product(
        code=code,
        name=name,
        kind=kind,
        family=family,
        tier=tier,
        list_price=list_price,
        currency=currency,
        description=description,
        is_active=is_active,
    )
    return _save(product, actor, "Created")


@transaction.atomic
def product_update(
    *,
    actor: User | None,
    product: Product,
    code: str,
    name: str,
    family: str,
    list_price: Decimal,
    currency: str,
    kind: str,
    tier: int,
    description: str = "",
    is_active: bool = True,
) -> Product:
    """Change a product. Deals already quoted keep the prices on their line items."""
    if actor is not None:
        policies.require(actor, Perm.CATALOG_MANAGE)
    product.code = code
    product.name = name
    product.kind = kind
    product.family = family
    product.tier = tier
    product.list_price = list_price
    product.currency = currency
    product.description = description
    product.is_active = is_active
    return _save(product, actor, "Edited")
