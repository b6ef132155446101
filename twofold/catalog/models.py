"""What the company sells: products and services with a list price, a family and a tier.

The tier ladder inside a family (1 = entry, higher = richer) is what account managers later
upsell along; the family is what cross-selling crosses.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.core.money import CurrencyField, MoneyField


class OfferingKind(models.TextChoices):
    PRODUCT = "product", "Product"
    SERVICE = "service", "Service"


class Product(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=10, choices=OfferingKind.choices, default=OfferingKind.PRODUCT
    )
    family = models.CharField(max_length=80, help_text="e.g. Analytics, Support plans.")
    tier = models.PositiveSmallIntegerField(
        default=1, help_text="1 = entry level; higher = richer."
    )
    list_price = MoneyField()
    currency = CurrencyField()
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["family", "tier", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(list_price__gte=0),
                name="catalog_product_price_not_negative",
                violation_error_message="A list price cannot be negative.",
            ),
            models.CheckConstraint(
                condition=models.Q(tier__gte=1),
                name="catalog_product_tier_from_one",
                violation_error_message="Tiers start at 1.",
            ),
        ]
        indexes = [models.Index(fields=["family", "tier"], name="catalog_product_ladder")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
