"""The account manager's daily work on an account: goals, the client's budget
and projects."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.accounts.choices import (
    GoalHorizon,
    GoalStatus,
    MilestoneStatus,
    ProjectStatus,
)
from twofold.core.audit import HistorySource
from twofold.core.money import CurrencyField, MoneyField


class Goal(models.Model):
    """One of the customer's goals, first from the hand-over, then kept by the account manager."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="goals")
    horizon = models.CharField(max_length=8, choices=GoalHorizon.choices)
    title = models.CharField(max_length=200)
    success_criteria = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Per cent."
    )
    review_on = models.DateField(null=True, blank=True)
    from_handover = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["horizon", "review_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="accounts_goal_progress_percent",
                violation_error_message="Progress is a percentage, at most 100.",
            )
        ]
        indexes = [models.Index(fields=["account", "status"], name="accounts_goal_account")]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """The client's budget for one year and one buying centre (a department that buys)."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField()
    buying_centre = models.CharField(max_length=120)
    amount = MoneyField()
    currency = CurrencyField()
    notes = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-year", "buying_centre", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "year", "buying_centre"],
                name="accounts_budget_line_once",
                violation_error_message="This buying centre has a budget for that year already.",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="accounts_budget_not_negative",
                violation_error_message="A budget cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.buying_centre}: {self.amount} {self.currency}"


class Project(models.Model):
    """Work we do for the client, from start to finish, with milestones."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="projects"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["account", "status"], name="accounts_project_account")]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=200)
    deliverable = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=8, choices=MilestoneStatus.choices, default=MilestoneStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
