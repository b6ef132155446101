"""Pipelines and opportunities: the deals business development managers and agents work."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Expression, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.core.money import CurrencyField, MoneyField, quantize
from twofold.sales.choices import (
    OpportunityEventType,
    OpportunityKind,
    OpportunityStatus,
    StageKind,
)
from twofold.sales.models.terms import TermSheet, in_force


class Pipeline(models.Model):
    """An admin-defined sequence of stages (e.g. "New business", "Partner deals")."""

    name = models.CharField(max_length=120, unique=True)
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    pipeline = models.ForeignKey(Pipeline, on_delete=models.PROTECT, related_name="stages")
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField()
    probability = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)], help_text="Chance to win, 0 to 100 %."
    )
    kind = models.CharField(max_length=8, choices=StageKind.choices, default=StageKind.OPEN)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["pipeline", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["pipeline", "order"],
                name="sales_stage_order_unique",
                violation_error_message="Two stages of a pipeline cannot share a position.",
            ),
            models.CheckConstraint(
                condition=models.Q(probability__lte=100),
                name="sales_stage_probability_0_100",
                violation_error_message="Probability is between 0 and 100.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Opportunity(models.Model):
    """A deal. New business is owned by a seller; upsell, cross-sell and renewal by an account
    manager (invariant 1, enforced by the services)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=16, choices=OpportunityKind.choices, default=OpportunityKind.NEW_BUSINESS
    )
    pipeline = models.ForeignKey(Pipeline, on_delete=models.PROTECT, related_name="opportunities")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="opportunities")
    status = models.CharField(
        max_length=8, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_opportunities",
        help_text="The deal owner.",
    )
    company = models.ForeignKey(
        "parties.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    contact = models.ForeignKey(
        "parties.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    amount = MoneyField(default=Decimal("0.00"))
    currency = CurrencyField()
    expected_close_date = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    lost_reason = models.ForeignKey(
        "sales.LostReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    competitor = models.CharField(max_length=120, blank=True)
    next_step = models.CharField(max_length=200, blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    buying_centre = models.CharField(
        max_length=120,
        blank=True,
        help_text="The client's department that buys; sets the deal against its budget.",
    )
    stage_entered_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status", "stage", "-updated_at"], name="sales_opp_board"),
            models.Index(fields=["owner", "status", "-updated_at"], name="sales_opp_owner"),
            models.Index(fields=["status", "expected_close_date"], name="sales_opp_closing"),
            models.Index(fields=["status", "closed_on"], name="sales_opp_closed"),
            models.Index(fields=["-updated_at", "-id"], name="sales_opp_recent"),
            # Board totals: per owner, status and stage, answered from the index alone.
            models.Index(
                fields=["owner", "status", "pipeline", "stage", "currency", "amount"],
                name="sales_opp_owner_totals",
            ),
            # Board footer: this month's won and lost deals summed from the index alone.
            models.Index(
                fields=["status", "closed_on", "pipeline", "owner", "currency", "amount"],
                name="sales_opp_closed_totals",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="sales_opp_amount_not_negative",
                violation_error_message="An amount cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == OpportunityStatus.OPEN

    @property
    def discount_in_force(self) -> Decimal:
        """The discount percent of the deal's current terms, 0 while none are proposed.
        Querysets annotate it (``annotate(**with_agreed_amount())``) to save this query per
        deal."""
        discount = self.__dict__.get(DISCOUNT_ANNOTATION)
        if discount is None and self.pk is not None:
            discount = (
                Opportunity.objects.filter(pk=self.pk)
                .annotate(**with_agreed_amount())
                .values_list(DISCOUNT_ANNOTATION, flat=True)
                .first()
            )
            self.__dict__[DISCOUNT_ANNOTATION] = discount
        return Decimal(0) if discount is None else discount

    @property
    def agreed_amount(self) -> Decimal:
        """The amount less the discount of the deal's current terms, to the cent."""
        return quantize(agreed_value(self.amount, self.discount_in_force))

    @property
    def weighted_amount(self) -> Decimal:
        """The agreed amount weighted by the stage's win probability (pipeline and forecast),
        rounded once from the exact figure (docs/decisions/0016)."""
        return quantize(weighted_value(self.amount, self.discount_in_force, self.stage.probability))


def agreed_value(amount: Decimal, discount_percent: Decimal) -> Decimal:
    """What the customer pays, exact (not rounded): ``amount`` less ``discount_percent``."""
    return amount * (100 - discount_percent) / 100


def weighted_value(amount: Decimal, discount_percent: Decimal, probability: int) -> Decimal:
    """The agreed value weighted by a win probability in per cent, exact (not rounded): a
    sum of weighted amounts rounds once, at the end."""
    return amount * (100 - discount_percent) * probability / 10000


DISCOUNT_ANNOTATION = "discount_on_terms"
PERCENT: models.DecimalField[Decimal, Decimal] = models.DecimalField(max_digits=5, decimal_places=2)


def discount_in_force() -> Expression:
    """The discount percent of the deal's current terms (``terms.in_force``: approved, or
    proposed and awaiting approval), 0 while no terms are proposed, as a query expression on
    deals. Amounts are discounted in Python ``Decimal`` (``agreed_value``), never in SQL:
    SQLite divides whole numbers as integers. Weighted amounts start from the agreed amount,
    never from the list amount."""
    discount = Subquery(
        in_force(TermSheet.objects.filter(opportunity=OuterRef("pk"))).values("discount_percent")[
            :1
        ],
        output_field=PERCENT,
    )
    return Coalesce(discount, Value(Decimal(0), output_field=PERCENT), output_field=PERCENT)


def with_agreed_amount() -> dict[str, Expression]:
    """``queryset.annotate(**with_agreed_amount())``: deals that know their agreed amount."""
    return {DISCOUNT_ANNOTATION: discount_in_force()}


class OpportunityEvent(models.Model):
    """The deal's typed history: stage moves (time in stage), owner changes, approvals, closing."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=24, choices=OpportunityEventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["opportunity", "-at"], name="sales_oppevent_opp"),
            models.Index(fields=["type", "-at"], name="sales_oppevent_type"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.opportunity_id}"


class LineItem(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="items")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("1"))
    unit_price = MoneyField()
    discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    total = MoneyField()

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0),
                name="sales_item_quantity_positive",
                violation_error_message="Quantity must be more than zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"


class DealStrategy(models.Model):
    """The sales lead's plan for winning a deal; the BDM reads it on the deal."""

    opportunity = models.OneToOneField(
        Opportunity, on_delete=models.PROTECT, related_name="strategy"
    )
    approach = models.TextField(blank=True)
    key_messages = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        verbose_name_plural = "deal strategies"

    def __str__(self) -> str:
        return f"Strategy for {self.opportunity}"


class Sale(models.Model):
    """Recorded once per won deal (the one-to-one makes a second one impossible)."""

    opportunity = models.OneToOneField(Opportunity, on_delete=models.PROTECT, related_name="sale")
    amount = MoneyField()
    currency = CurrencyField()
    closed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["-closed_on", "-id"]
        indexes = [models.Index(fields=["closed_on"], name="sales_sale_closed")]

    def __str__(self) -> str:
        return f"Sale of {self.opportunity}"


class SaleCredit(models.Model):
    """Who gets credit for a sale, in percent; the credits of a sale add up to 100."""

    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="credits")
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sale_credits"
    )
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    amount = MoneyField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sale", "seller"],
                name="sales_credit_unique",
                violation_error_message="A seller appears once in a sale's credit split.",
            ),
        ]
        indexes = [models.Index(fields=["seller", "sale"], name="sales_credit_seller")]

    def __str__(self) -> str:
        return f"{self.seller}: {self.percent} %"
