"""Intermediaries: wholesalers, resellers, referral partners and agencies sales works with."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.sales.choices import PartnerKind, PartnerRole


class Partner(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=PartnerKind.choices)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="contacts")
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=150, blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class PartnerLink(models.Model):
    """A partner's part in one deal."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="deal_links")
    opportunity = models.ForeignKey(
        "sales.Opportunity", on_delete=models.PROTECT, related_name="partner_links"
    )
    role = models.CharField(max_length=12, choices=PartnerRole.choices)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "opportunity"],
                name="sales_partnerlink_unique",
                violation_error_message="This partner is already linked to the deal.",
            ),
        ]
        indexes = [models.Index(fields=["partner", "opportunity"], name="sales_partnerlink_p")]

    def __str__(self) -> str:
        return f"{self.partner} on {self.opportunity}"
