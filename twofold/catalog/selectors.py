"""Reads of the catalog for the revenue team."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from twofold import policies
from twofold.catalog.models import Product
from twofold.people.models import User
from twofold.policies import Perm


@dataclass(frozen=True)
class FamilyLadder:
    """One family's products from the entry tier up: what account managers upsell along."""

    family: str
    products: list[Product]

    @property
    def tiers(self) -> list[int]:
        return sorted({product.tier for product in self.products})


def product_list(
    *, actor: User, search: str = "", family: str = "", active: bool | None = True
) -> QuerySet[Product]:
    """Products ordered by family and tier (the catalog is small: a list, one query)."""
    policies.require(actor, Perm.CATALOG_VIEW)
    products = Product.objects.all()
    if active is not None:
        products = products.filter(is_active=active)
    if family:
        products = products.filter(family=family)
    if search:
        products = products.filter(
            Q(name__icontains=search) | Q(code__icontains=search) | Q(family__icontains=search)
        )
    return products.order_by("family", "tier", "name", "id")


def product_ladders(products: list[Product]) -> list[FamilyLadder]:
    """Group already-fetched products by family, tiers ascending (no query)."""
    families: dict[str, list[Product]] = {}
    for product in sorted(products, key=lambda p: (p.family, p.tier, p.name, p.pk)):
        families.setdefault(product.family, []).append(product)
    return [FamilyLadder(family=name, products=items) for name, items in families.items()]


def product_get_for_actor(*, actor: User, pk: int | str) -> Product:
    if not policies.can(actor, Perm.CATALOG_VIEW):
        raise Http404("No such product.")
    try:
        return Product.objects.get(pk=pk)
    except (Product.DoesNotExist, ValueError) as exc:
        raise Http404("No such product.") from exc


def products_for_quoting(*, actor: User, currency: str) -> QuerySet[Product]:
    """Active products a deal in ``currency`` can carry."""
    policies.require(actor, Perm.CATALOG_VIEW)
    return Product.objects.filter(is_active=True, currency=currency).order_by(
        "family", "tier", "name"
    )
