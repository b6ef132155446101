"""Internal requests: an account manager asks another department (delivery, support, finance,
legal, product) to do something for a client; the outcome returns to the account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.departments.choices import Priority, RequestStatus, RequestType
from twofold.people.choices import Department


class InternalRequest(models.Model):
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="internal_requests"
    )
    department = models.CharField(max_length=12, choices=Department.choices)
    type = models.CharField(max_length=10, choices=RequestType.choices)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(help_text="Resolve by (the department's SLA).")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["department", "status", "due_at", "id"], name="departments_queue"),
            # The closed view (every status but two, latest due first) walks this one backwards.
            models.Index(fields=["department", "due_at", "id"], name="departments_by_due"),
            models.Index(fields=["account", "-raised_at"], name="departments_account"),
            models.Index(fields=["assignee", "status"], name="departments_assignee"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.resolved_at is None and self.due_at < timezone.now()


class RequestSla(models.Model):
    """An admin's SLA for one department and priority, overriding the defaults."""

    department = models.CharField(max_length=12, choices=Department.choices)
    priority = models.CharField(max_length=8, choices=Priority.choices)
    hours = models.PositiveSmallIntegerField()

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["department", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["department", "priority"], name="departments_sla_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_department_display()} {self.get_priority_display()}: {self.hours} h"
