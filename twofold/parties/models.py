"""Companies and the people who work there: shared by sales (prospects) and account
management (customers), so a won deal links to the company sales already knew."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource


class Company(models.Model):
    """An organisation we sell to or look after. Matched on domain or external id on import."""

    name = models.CharField(max_length=200)
    domain = models.CharField(
        max_length=200, blank=True, help_text="Web domain without www, e.g. example.com."
    )
    industry = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=80, blank=True)
    address = models.TextField(blank=True, help_text="Postal address, one line per row.")
    external_id = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name", "id"]
        indexes = [
            models.Index(Lower("name"), name="parties_company_name_ci"),
            models.Index(fields=["domain"], name="parties_company_domain"),
            models.Index(fields=["external_id"], name="parties_company_external"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at a company."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="contacts", null=True, blank=True
    )
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [
            models.Index(Lower("email"), name="parties_contact_email_ci"),
            models.Index(fields=["company", "full_name"], name="parties_contact_company"),
        ]

    def __str__(self) -> str:
        return self.full_name
