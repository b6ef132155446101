"""The hand-over record: what sales learned, passed to the account manager who accepts it or
sends it back with questions (DESIGN "What none of the established CRMs does well")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.handover.choices import HandoverStatus

# The package's fields the seller must fill before submitting, with the words that name them.
REQUIRED_FIELDS = {
    "short_term_goals": "the customer's short-term goals",
    "long_term_goals": "the customer's long-term goals",
    "expectations": "their expectations",
    "success_criteria": "the success criteria",
    "stakeholders": "the key stakeholders",
}


class HandoverPackage(models.Model):
    """One per won new-business deal (invariant 2), pre-filled from the deal."""

    opportunity = models.OneToOneField(
        "sales.Opportunity", on_delete=models.PROTECT, related_name="handover"
    )
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="handovers"
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handovers_sent"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers_received",
        help_text="The account manager who is to take the account over.",
    )
    routing_rule = models.ForeignKey(
        "handover.RoutingRule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receiver_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who picked the receiver by hand, overriding the rules.",
    )
    status = models.CharField(
        max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.DRAFT
    )
    short_term_goals = models.TextField(blank=True)
    long_term_goals = models.TextField(blank=True)
    expectations = models.TextField(blank=True)
    success_criteria = models.TextField(blank=True)
    budget = models.TextField(blank=True, help_text="What the customer can spend, and on what.")
    negotiated_terms = models.TextField(blank=True)
    stakeholders = models.TextField(blank=True)
    promises = models.TextField("promises made", blank=True)
    risks = models.TextField(blank=True)
    open_complaints = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Latest submission.")
    due_at = models.DateTimeField(null=True, blank=True, help_text="Acceptance due (SLA).")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    send_backs = models.PositiveSmallIntegerField(default=0)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded"
    )
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When it was superseded.")
    closed_reason = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at", "id"], name="handover_status_due"),
            models.Index(fields=["receiver", "status", "-created_at"], name="handover_receiver"),
            models.Index(fields=["seller", "status", "-created_at"], name="handover_seller"),
            models.Index(fields=["-created_at", "-id"], name="handover_created"),
        ]

    def __str__(self) -> str:
        return f"Hand-over of {self.account}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == HandoverStatus.SUBMITTED
            and self.due_at is not None
            and self.due_at < timezone.now()
        )


class HandoverRound(models.Model):
    """One send-back: the account manager's questions and the seller's answer. Every round
    is kept."""

    package = models.ForeignKey(HandoverPackage, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    questions = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["package", "number"]
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="handover_round_number")
        ]

    def __str__(self) -> str:
        return f"Round {self.number} of {self.package}"


class RoutingRule(models.Model):
    """Which account-management team receives a new customer. The first active rule (by
    order) whose conditions all match wins; within the team the member with the fewest
    accounts receives it (a key account goes to a key account manager)."""

    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    industry = models.CharField(max_length=80, blank=True, help_text="Blank: any industry.")
    region = models.CharField(max_length=80, blank=True, help_text="Blank: any region.")
    key_accounts_only = models.BooleanField(default=False)
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name
