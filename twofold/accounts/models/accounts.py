"""The customer account and what frames it: the contract, the people at the client and the
history of who owns the relationship."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.accounts.choices import AccountStatus, BillingFrequency, ContactRole, OwnershipKind
from twofold.core.audit import HistorySource
from twofold.core.money import CurrencyField, MoneyField, TotalField


class Account(models.Model):
    """A customer: one per company, opened when sales wins its first new-business deal.

    Ownership is kept apart (DESIGN "Ownership is four things"): ``seller`` won it and keeps
    read-only access, ``relationship_owner`` is the account manager once the hand-over is
    accepted, ``plan_owner`` the key account manager of a key account; the supervisor follows
    from the relationship owner's team. The ``last_contact_at`` … ``nps`` columns are kept by
    the services so the portfolio sorts and filters 200,000 accounts on indexes alone.
    """

    company = models.OneToOneField(
        "parties.Company", on_delete=models.PROTECT, related_name="account"
    )
    name = models.CharField(max_length=200, help_text="The company's name, kept for sorting.")
    status = models.CharField(
        max_length=16, choices=AccountStatus.choices, default=AccountStatus.IN_HANDOVER
    )
    is_key = models.BooleanField("key account", default=False)
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sold_accounts",
        help_text="Who won the account; read-only after the hand-over.",
    )
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_accounts",
    )
    plan_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_accounts",
    )
    shared_until = models.DateTimeField(
        null=True, blank=True, help_text="Until then the seller may still add notes."
    )
    currency = CurrencyField()
    annual_value = TotalField(default=0, help_text="Contracted revenue per year.")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Kept by the services for the portfolio (see the class docstring).
    last_contact_at = models.DateTimeField(null=True, blank=True)
    next_step = models.CharField(max_length=200, blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    open_requests = models.PositiveIntegerField(default=0)
    contract_end = models.DateField(null=True, blank=True)
    budget_total = TotalField(null=True, blank=True, help_text="The client's budget this year.")
    sold_total = TotalField(default=0, help_text="What we sold this year.")
    nps = models.SmallIntegerField(null=True, blank=True, help_text="Latest NPS answer.")
    csat = models.SmallIntegerField(null=True, blank=True, help_text="Latest CSAT answer.")

    history = HistoricalRecords(
        bases=[HistorySource],
        excluded_fields=["last_contact_at", "open_requests", "sold_total", "nps", "csat"],
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(Lower("name"), name="accounts_account_name_ci"),
            models.Index(fields=["relationship_owner", "name", "id"], name="accounts_owner_name"),
            models.Index(
                fields=["relationship_owner", "contract_end", "id"], name="accounts_owner_end"
            ),
            models.Index(
                fields=["relationship_owner", "last_contact_at", "id"],
                name="accounts_owner_contact",
            ),
            models.Index(fields=["seller", "status"], name="accounts_seller"),
            models.Index(fields=["plan_owner"], name="accounts_plan_owner"),
            models.Index(fields=["status", "name"], name="accounts_status"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_shared_window(self) -> bool:
        """May the seller still add notes (DESIGN invariant 3)?"""
        return self.shared_until is not None and self.shared_until > timezone.now()


class Contract(models.Model):
    """What the customer bought, on which terms: made from the won deal's approved terms."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="contracts")
    opportunity = models.OneToOneField(
        "sales.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract",
    )
    term_sheet = models.ForeignKey(
        "sales.TermSheet", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    value = MoneyField()
    currency = CurrencyField()
    billing = models.CharField(
        max_length=10, choices=BillingFrequency.choices, default=BillingFrequency.ANNUALLY
    )
    net_days = models.PositiveSmallIntegerField(default=30)
    instalment_count = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="accounts_contract_ends_after_start",
                violation_error_message="A contract ends on or after its start.",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="accounts_contract_value_positive",
                violation_error_message="A contract's value cannot be negative.",
            ),
        ]
        indexes = [models.Index(fields=["account", "-ends_on"], name="accounts_contract_account")]

    def __str__(self) -> str:
        return f"{self.account} {self.starts_on:%Y-%m-%d} to {self.ends_on:%Y-%m-%d}"


class AccountContact(models.Model):
    """A person at the client and the part they play in our relationship."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="account_contacts")
    contact = models.ForeignKey(
        "parties.Contact", on_delete=models.PROTECT, related_name="account_roles"
    )
    role = models.CharField(max_length=20, choices=ContactRole.choices, default=ContactRole.OTHER)
    is_primary = models.BooleanField(default=False)
    notes = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-is_primary", "contact__full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "contact"],
                name="accounts_contact_once",
                violation_error_message="This person is already a contact of the account.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"


class OwnershipEvent(models.Model):
    """One change of one of the four ownerships, with who made it, when and why."""

    kind = models.CharField(max_length=12, choices=OwnershipKind.choices)
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="ownership_events"
    )
    opportunity = models.ForeignKey(
        "sales.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ownership_events",
    )
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(account__isnull=False) | models.Q(opportunity__isnull=False),
                name="accounts_ownership_event_has_subject",
            )
        ]
        indexes = [
            models.Index(fields=["-at", "-id"], name="accounts_ownership_at"),
            models.Index(fields=["account", "-at"], name="accounts_ownership_account"),
            models.Index(fields=["new", "-at"], name="accounts_ownership_new"),
            models.Index(fields=["previous", "-at"], name="accounts_ownership_prev"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.previous} → {self.new}"


class AccountPolicy(models.Model):
    """One row: what an admin sets for hand-overs and account care."""

    handover_sla_hours = models.PositiveSmallIntegerField(
        default=48, help_text="A submitted hand-over not accepted within this is overdue."
    )
    shared_window_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after acceptance during which the seller may add notes."
    )
    key_account_min_value = MoneyField(
        default=100000, help_text="A contract worth at least this per year makes a key account."
    )

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "account policy"

    def __str__(self) -> str:
        return "Account policy"

    @classmethod
    def current(cls) -> AccountPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy if policy is not None else cls.objects.create()
