"""Renegotiated terms: the account manager's amendments continue the customer's term-sheet
versions that sales started (sales' approved terms are the first)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.accounts.choices import AmendmentStatus
from twofold.core.audit import HistorySource
from twofold.core.money import CurrencyField, MoneyField


class TermAmendment(models.Model):
    """A new version of the customer's terms. Beyond the policy it waits for an account
    executive's approval; within it, it is approved on proposal."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="amendments"
    )
    version = models.PositiveIntegerField()
    sales_terms = models.ForeignKey(
        "sales.TermSheet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        help_text="What sales agreed, which this renegotiates.",
    )
    total = MoneyField()
    currency = CurrencyField()
    discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    net_days = models.PositiveSmallIntegerField(default=30)
    instalment_count = models.PositiveSmallIntegerField(default=1)
    notes = models.TextField(blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="Limits it goes beyond.")
    status = models.CharField(max_length=20, choices=AmendmentStatus.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "version"],
                name="accounts_amendment_version_unique",
                violation_error_message="This version of the terms exists already.",
            ),
            models.CheckConstraint(
                condition=models.Q(instalment_count__gte=1),
                name="accounts_amendment_instalments_from_one",
                violation_error_message="There is at least one payment.",
            ),
        ]
        indexes = [models.Index(fields=["status", "proposed_at"], name="accounts_amendment_q")]

    def __str__(self) -> str:
        return f"Terms v{self.version} for {self.account}"


class AmendmentInstalment(models.Model):
    """One payment of an amendment's schedule: renegotiated terms keep their due dates and
    amounts, as sales' terms do (``sales.Instalment``); the amounts add up to the total."""

    amendment = models.ForeignKey(
        TermAmendment, on_delete=models.PROTECT, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    amount = MoneyField()

    class Meta:
        ordering = ["amendment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "number"], name="accounts_amendment_instalment_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="accounts_amendment_instalment_positive",
                violation_error_message="An instalment must be more than zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.amount} on {self.due_date}"
