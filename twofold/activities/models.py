"""Calls, meetings, e-mails, notes and tasks, on a lead or a deal (and later an account); a
task can also come out of a sales meeting for the team at large, with no deal.

The busiest table (5M rows at scale): every list reads it by subject and time, or by owner and
due date, through the indexes below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource


class ActivityKind(models.TextChoices):
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "E-mail"
    NOTE = "note", "Note"
    TASK = "task", "Task"


class Activity(models.Model):
    kind = models.CharField(max_length=8, choices=ActivityKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    lead = models.ForeignKey(
        "sales.Lead", on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    opportunity = models.ForeignKey(
        "sales.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    meeting = models.ForeignKey(
        "sales.SalesMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        help_text="Tasks decided in a sales meeting for the team at large (no lead, no deal).",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="activities"
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(null=True, blank=True, help_text="Tasks: when it is due.")
    done_at = models.DateTimeField(null=True, blank=True, help_text="Tasks: when it was done.")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lead__isnull=False)
                | models.Q(opportunity__isnull=False)
                | models.Q(meeting__isnull=False, kind="task"),
                name="activities_activity_has_subject",
                violation_error_message=(
                    "An activity belongs to a lead or a deal; a task may come from a meeting."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="task") | models.Q(due_on__isnull=True),
                name="activities_only_tasks_are_due",
                violation_error_message="Only tasks have a due date.",
            ),
        ]
        indexes = [
            models.Index(fields=["opportunity", "-occurred_at"], name="activities_opp_time"),
            models.Index(fields=["lead", "-occurred_at"], name="activities_lead_time"),
            models.Index(
                fields=["owner", "due_on"],
                name="activities_open_tasks",
                condition=models.Q(kind="task", done_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open_task(self) -> bool:
        return self.kind == ActivityKind.TASK and self.done_at is None
