"""What an admin sets for the sales team: the terms policy, the reasons a deal is lost, and our
organisation as the quotes name it."""

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


class Organisation(models.Model):
    """One row: who we are on a quote (the selling party), the tax we add and how long a quote
    stays valid."""

    name = models.CharField(max_length=200, default="Our organisation")
    address = models.TextField(blank=True, help_text="Postal address, one line per row.")
    tax_number = models.CharField(max_length=40, blank=True, help_text="VAT or tax id.")
    tax_label = models.CharField(max_length=20, default="VAT")
    tax_rate_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Added to a quote's total.",
    )
    quote_valid_days = models.PositiveSmallIntegerField(
        default=30, help_text="A quote is valid this many days after it is issued."
    )

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "organisation"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tax_rate_percent__gte=0, tax_rate_percent__lte=100),
                name="sales_organisation_tax_rate_0_100",
                violation_error_message="A tax rate is between 0 and 100 %.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Organisation:
        """The saved row, or the defaults (unsaved: reading a quote writes nothing)."""
        organisation = cls.objects.order_by("pk").first()
        return organisation if organisation is not None else cls()


class LostReason(models.Model):
    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
