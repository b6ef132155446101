"""What an admin sets for the sales team: the terms policy and the reasons a deal is lost."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource


class SalesPolicy(models.Model):
    """One row: the limits beyond which negotiated terms need a sales lead's approval."""

    max_discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="A larger discount needs a sales lead's approval.",
    )
    max_instalments = models.PositiveSmallIntegerField(
        default=3, help_text="More instalments than this need a sales lead's approval."
    )
    max_net_days = models.PositiveSmallIntegerField(
        default=60, help_text="Longer payment terms need a sales lead's approval."
    )
    stalled_after_days = models.PositiveSmallIntegerField(
        default=21, help_text="A deal in one stage longer than this counts as stalled."
    )

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "sales policy"

    def __str__(self) -> str:
        return "Sales policy"

    @classmethod
    def current(cls) -> SalesPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy if policy is not None else cls.objects.create()


class LostReason(models.Model):
    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
