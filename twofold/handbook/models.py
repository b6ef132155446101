"""The role handbook: what each role is for, its responsibilities and skills. Admin-editable."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.people.choices import Role


class Side(models.TextChoices):
    SALES = "sales", "Sales / business development"
    ACCOUNTS = "accounts", "Account management"
    SUPPORTING = "supporting", "Supporting the revenue team"


class RoleProfile(models.Model):
    """One page of the handbook, for one role."""

    role = models.CharField(max_length=32, choices=Role.choices, unique=True)
    side = models.CharField(max_length=12, choices=Side.choices)
    title = models.CharField(max_length=80)
    summary = models.TextField(help_text="Two or three sentences: why this job exists.")
    works_on = models.CharField(max_length=200, help_text="What this role's work is about.")
    works_with = models.TextField(
        blank=True, help_text="Who this role works with, inside and outside, one per line."
    )
    responsibilities = models.TextField(help_text="One responsibility per line.")
    skills = models.TextField(help_text="One skill per line.")
    measured_by = models.TextField(
        blank=True, help_text="How this role's results are measured, one per line."
    )
    hand_over = models.TextField(
        blank=True,
        help_text="This role's part in the hand-over between sales and account management.",
    )
    may = models.TextField(blank=True, help_text="What Twofold lets this role do, one per line.")
    may_not = models.TextField(
        blank=True, help_text="What this role leaves to others, one per line."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["side", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def side_css(self) -> str:
        return {"sales": "sales", "accounts": "accounts"}.get(self.side, "other")

    @staticmethod
    def lines(text: str) -> list[str]:
        """The non-empty lines of ``text``, without list bullets someone typed or pasted."""
        items = (line.strip().lstrip("-• ").strip() for line in text.splitlines())
        return [item for item in items if item]

    @property
    def responsibility_list(self) -> list[str]:
        return self.lines(self.responsibilities)

    @property
    def skill_list(self) -> list[str]:
        return self.lines(self.skills)

    @property
    def works_with_list(self) -> list[str]:
        return self.lines(self.works_with)

    @property
    def measured_by_list(self) -> list[str]:
        return self.lines(self.measured_by)

    @property
    def may_list(self) -> list[str]:
        return self.lines(self.may)

    @property
    def may_not_list(self) -> list[str]:
        return self.lines(self.may_not)
