"""Sales meetings: a sales lead meets a team; decisions are recorded against deals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource


class SalesMeeting(models.Model):
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="meetings")
    scheduled_for = models.DateTimeField()
    led_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agenda = models.JSONField(default=dict, blank=True, help_text="Drafted from the pipeline.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        indexes = [models.Index(fields=["team", "-scheduled_for"], name="sales_meeting_team")]

    def __str__(self) -> str:
        return f"{self.team} — {self.scheduled_for:%Y-%m-%d}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(SalesMeeting, on_delete=models.PROTECT, related_name="decisions")
    opportunity = models.ForeignKey(
        "sales.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_decisions",
    )
    text = models.TextField()
    action_item = models.OneToOneField(
        "activities.Activity", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
