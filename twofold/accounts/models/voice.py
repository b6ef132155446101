"""What the client tells us: feedback and change requests, and satisfaction surveys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.accounts.choices import FeedbackKind, FeedbackStatus, SurveyKind
from twofold.core.audit import HistorySource


class VoiceRequest(models.Model):
    """One need heard from clients: every account's feedback about it attaches here, so its
    accounts and revenue weight add up in one place. A request merged into another keeps its
    row (``merged_into``) so links to it lead on to the one that carries its feedback."""

    kind = models.CharField(max_length=16, choices=FeedbackKind.choices)
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "title"], name="accounts_voicerequest_title")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="accounts_voicerequest_not_into_itself",
                violation_error_message="A request cannot be merged into itself.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class Feedback(models.Model):
    """The client's voice: feedback, or a request to change a product or a policy."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="feedback"
    )
    request = models.ForeignKey(
        VoiceRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    kind = models.CharField(max_length=16, choices=FeedbackKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=14, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    response = models.TextField(blank=True, help_text="What we decided and told the client.")
    contact = models.ForeignKey(
        "parties.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "feedback"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="accounts_feedback_account"),
            models.Index(fields=["status", "kind"], name="accounts_feedback_status"),
        ]

    def __str__(self) -> str:
        return self.title


class SatisfactionResult(models.Model):
    """One NPS (0 to 10) or CSAT (1 to 5) answer from someone at the client."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="satisfaction"
    )
    kind = models.CharField(max_length=4, choices=SurveyKind.choices)
    score = models.PositiveSmallIntegerField()
    taken_on = models.DateField()
    contact = models.ForeignKey(
        "parties.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-taken_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=SurveyKind.NPS, score__lte=10)
                    | models.Q(kind=SurveyKind.CSAT, score__gte=1, score__lte=5)
                ),
                name="accounts_satisfaction_on_scale",
                violation_error_message="NPS is 0 to 10, CSAT 1 to 5.",
            )
        ]
        indexes = [
            models.Index(fields=["account", "kind", "-taken_on"], name="accounts_satisfaction")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.score} on {self.taken_on}"
