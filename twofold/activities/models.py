"""One client history: calls, meetings, e-mails, notes and tasks on exactly one lead, deal or
customer account, and the entries the system writes on an account's timeline (a hand-over
accepted, an internal request's outcome). A task can also come out of a sales meeting for the
team at large, with no subject of its own.

The busiest table (5M rows at scale): every list reads it by subject and time, or by owner and
due date, through the indexes below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource

if TYPE_CHECKING:
    from twofold.people.models import User


class ActivityKind(models.TextChoices):
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "E-mail"
    NOTE = "note", "Note"
    TASK = "task", "Task"
    # Written by the system on an account's timeline, never logged by hand: they return other
    # work (a hand-over, an internal request) to the account.
    HANDOVER = "handover", "Hand-over"
    REQUEST = "request", "Internal request"


# What a person logs on a lead or a deal (the system's kinds are written by services only).
LOGGED_KINDS = (
    ActivityKind.CALL,
    ActivityKind.MEETING,
    ActivityKind.EMAIL,
    ActivityKind.NOTE,
    ActivityKind.TASK,
)
LOGGED_KIND_CHOICES = [(kind.value, kind.label) for kind in LOGGED_KINDS]

# Exactly one subject: a lead, a deal or an account; or, for a task only, a sales meeting.
_NONE = {"lead__isnull": True, "opportunity__isnull": True, "account__isnull": True}
ONE_SUBJECT = (
    models.Q(**(_NONE | {"lead__isnull": False}), meeting__isnull=True)
    | models.Q(**(_NONE | {"opportunity__isnull": False}), meeting__isnull=True)
    | models.Q(**(_NONE | {"account__isnull": False}), meeting__isnull=True)
    | models.Q(**_NONE, meeting__isnull=False, kind="task")
)


class Activity(models.Model):
    kind = models.CharField(max_length=10, choices=ActivityKind.choices)
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
    account = models.ForeignKey(
        "accounts.Account",
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
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text="Whose activity it is (who logged it); none for entries the system writes.",
    )
    contact = models.ForeignKey(
        "parties.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The person at the client it was with.",
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
                condition=ONE_SUBJECT,
                name="activities_activity_one_subject",
                violation_error_message=(
                    "An activity belongs to one lead, one deal or one account; a task may come "
                    "from a meeting."
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
            models.Index(fields=["account", "-occurred_at", "-id"], name="activities_account_time"),
            models.Index(
                fields=["owner", "due_on"],
                name="activities_open_tasks",
                condition=models.Q(kind="task", done_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def author(self) -> User | None:
        """Who logged it, as an account's timeline and its API name them."""
        return self.owner

    @property
    def is_open_task(self) -> bool:
        return self.kind == ActivityKind.TASK and self.done_at is None
