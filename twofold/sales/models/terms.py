"""Negotiated terms: discount, payment terms and instalments, versioned per customer, with the
sales lead's approval when they go beyond the admin's policy (invariant 4)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.core.money import CurrencyField, MoneyField
from twofold.sales.choices import ApprovalStatus, TermSheetStatus


class TermSheet(models.Model):
    """One version of what was agreed with a customer. Sales' approved terms are version 1;
    account managers' amendments add versions later."""

    company = models.ForeignKey(
        "parties.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="term_sheets",
    )
    opportunity = models.ForeignKey(
        "sales.Opportunity", on_delete=models.PROTECT, related_name="term_sheets"
    )
    version = models.PositiveIntegerField(null=True, blank=True, help_text="Set on approval.")
    status = models.CharField(
        max_length=20, choices=TermSheetStatus.choices, default=TermSheetStatus.DRAFT
    )
    total = MoneyField()
    currency = CurrencyField()
    discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    net_days = models.PositiveSmallIntegerField(default=30, help_text="Payment due after N days.")
    instalment_count = models.PositiveSmallIntegerField(default=1)
    notes = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instalment_count__gte=1),
                name="sales_terms_instalments_from_one",
                violation_error_message="There is at least one payment.",
            ),
            models.UniqueConstraint(
                fields=["company", "version"],
                name="sales_terms_version_unique",
                condition=models.Q(version__isnull=False),
                violation_error_message="This version of the term sheet exists already.",
            ),
        ]
        indexes = [models.Index(fields=["opportunity", "-created_at"], name="sales_terms_opp")]

    def __str__(self) -> str:
        label = f"v{self.version}" if self.version else self.get_status_display().lower()
        return f"Terms {label} for {self.opportunity}"


def in_force(sheets: models.QuerySet[TermSheet]) -> models.QuerySet[TermSheet]:
    """The sheets that may still be a deal's terms, newest first: the first one is the deal's
    current terms (approved, or proposed and awaiting approval), the ones the customer is quoted."""
    return sheets.exclude(status=TermSheetStatus.REJECTED).order_by("-created_at", "-id")


class Instalment(models.Model):
    term_sheet = models.ForeignKey(TermSheet, on_delete=models.PROTECT, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    amount = MoneyField()

    class Meta:
        ordering = ["term_sheet", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term_sheet", "number"], name="sales_instalment_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="sales_instalment_positive",
                violation_error_message="An instalment must be more than zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.amount} on {self.due_date}"


class ApprovalRequest(models.Model):
    """A request to a sales lead to approve terms beyond policy: who asked, who decided, when."""

    term_sheet = models.ForeignKey(TermSheet, on_delete=models.PROTECT, related_name="approvals")
    reasons = models.JSONField(default=list, help_text="Which limits the terms go beyond.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term_sheet"],
                condition=models.Q(status="pending"),
                name="sales_approval_one_pending",
                violation_error_message="These terms already wait for approval.",
            ),
        ]
        indexes = [models.Index(fields=["status", "-requested_at"], name="sales_approval_status")]

    def __str__(self) -> str:
        return f"Approval of {self.term_sheet}"
