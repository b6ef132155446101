"""Complaints raised by a prospect during the sale, and their resolution."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.sales.choices import ComplaintSeverity, ComplaintStatus


class Complaint(models.Model):
    lead = models.ForeignKey(
        "sales.Lead", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    opportunity = models.ForeignKey(
        "sales.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    summary = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    severity = models.CharField(
        max_length=10, choices=ComplaintSeverity.choices, default=ComplaintSeverity.MEDIUM
    )
    status = models.CharField(
        max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_complaints"
    )
    due_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lead__isnull=False) | models.Q(opportunity__isnull=False),
                name="sales_complaint_has_subject",
                violation_error_message="A complaint is about a lead or a deal.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="resolved") | ~models.Q(resolution=""),
                name="sales_complaint_resolved_has_resolution",
                violation_error_message="Say how the complaint was resolved.",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="sales_complaint_owner"),
            models.Index(fields=["opportunity", "status"], name="sales_complaint_opp"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def time_to_resolve(self) -> timedelta | None:
        return (self.resolved_at - self.raised_at) if self.resolved_at else None
