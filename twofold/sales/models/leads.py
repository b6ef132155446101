"""Leads: people at companies who might buy, captured, routed to a lead generator, qualified
and handed to a business development manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.core.money import CurrencyField, MoneyField
from twofold.sales.choices import LeadEventType, LeadSource, LeadStatus


class WebForm(models.Model):
    """A public web-to-lead form a company embeds on its site; found by its secret key."""

    name = models.CharField(max_length=120)
    key = models.CharField(max_length=64, unique=True)
    source = models.CharField(
        max_length=16, choices=LeadSource.choices, default=LeadSource.WEB_FORM
    )
    thank_you_message = models.TextField(default="Thank you — we will be in touch shortly.")
    # What routing rules match on: the form asks the visitor, or fills in its default.
    asks_industry = models.BooleanField(default=False)
    asks_region = models.BooleanField(default=False)
    industry = models.CharField(
        max_length=80, blank=True, help_text="Given to every lead the visitor does not say."
    )
    region = models.CharField(
        max_length=80, blank=True, help_text="Given to every lead the visitor does not say."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    def __str__(self) -> str:
        return self.name


class AssignmentRule(models.Model):
    """Routes new leads: the first active rule (by priority) whose criteria all match assigns
    the lead round-robin among the lead generators of its team."""

    name = models.CharField(max_length=120)
    priority = models.PositiveSmallIntegerField(default=100, help_text="Lower runs first.")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="lead_rules")
    source = models.CharField(max_length=16, choices=LeadSource.choices, blank=True)
    industry = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=80, blank=True)
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Round-robin pointer.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords(bases=[HistorySource], excluded_fields=["last_assigned"])

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.name


class Lead(models.Model):
    """A prospect. Never deleted: a converted lead keeps its row and links to its opportunity."""

    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    company_domain = models.CharField(max_length=200, blank=True)
    company = models.ForeignKey(
        "parties.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="leads"
    )
    industry = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=80, blank=True)
    source = models.CharField(max_length=16, choices=LeadSource.choices, default=LeadSource.OTHER)
    status = models.CharField(max_length=16, choices=LeadStatus.choices, default=LeadStatus.NEW)
    disqualify_reason = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_leads",
    )
    partner = models.ForeignKey(
        "sales.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="leads"
    )
    web_form = models.ForeignKey(
        WebForm, on_delete=models.PROTECT, null=True, blank=True, related_name="leads"
    )
    # BANT: budget, authority, need, timeline.
    budget_amount = MoneyField(null=True, blank=True)
    budget_currency = CurrencyField()
    authority = models.CharField(max_length=200, blank=True, help_text="Who decides and signs.")
    need = models.TextField(blank=True)
    timeline = models.CharField(max_length=120, blank=True, help_text="When they want to buy.")
    notes = models.TextField(blank=True)
    message = models.TextField(blank=True, help_text="What the lead wrote, if anything.")
    opportunity = models.OneToOneField(
        "sales.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_lead",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="sales_lead_newest"),
            models.Index(fields=["status", "-created_at", "-id"], name="sales_lead_status"),
            models.Index(fields=["owner", "status", "-created_at"], name="sales_lead_owner"),
            models.Index(fields=["source", "-created_at"], name="sales_lead_source"),
            models.Index(Lower("email"), name="sales_lead_email_ci"),
            models.Index(fields=["company_domain"], name="sales_lead_domain"),
            models.Index(Lower("company_name"), name="sales_lead_company_ci"),
            # Sorting by name and searching by a name prefix (the lead list at a million rows).
            models.Index(Lower("full_name"), name="sales_lead_name_ci"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=LeadStatus.DISQUALIFIED)
                | ~models.Q(disqualify_reason=""),
                name="sales_lead_disqualified_has_reason",
                violation_error_message="A disqualified lead needs a reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.company_name})" if self.company_name else self.full_name

    @property
    def is_open(self) -> bool:
        return self.status in (LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED)


class LeadEvent(models.Model):
    """What happened to a lead, typed: assignments with who, when and why, status changes."""

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=20, choices=LeadEventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["lead", "-at"], name="sales_leadevent_lead")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.lead_id}"
