"""Input and output shapes of the commercial API: items, terms, approvals, closing, partners,
complaints and the admin's sales settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from twofold.catalog.api.serializers import ProductOutputSerializer
from twofold.core.api.serializers import TextField
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.text_limits import limit_for
from twofold.sales.choices import ComplaintSeverity, PartnerKind, PartnerRole
from twofold.sales.models import (
    ApprovalRequest,
    Complaint,
    Instalment,
    LineItem,
    LostReason,
    Partner,
    PartnerContact,
    PartnerLink,
    Sale,
    SaleCredit,
    SalesPolicy,
    TermSheet,
)

S = serializers
# Choice fields are plain strings here (the services validate them): several areas name a
# field "status" or "kind" with different choices, which would collide in the schema's enums.


def _values(choices: Any) -> str:
    return "One of: " + ", ".join(choices.values) + "."


class LineItemOutputSerializer(S.ModelSerializer[LineItem]):
    product = ProductOutputSerializer()

    class Meta:
        model = LineItem
        fields = ["id", "product", "quantity", "unit_price", "discount_percent", "total"]


class LineItemCreateSerializer(S.Serializer[Any]):
    product_id = S.IntegerField()
    quantity = S.DecimalField(max_digits=10, decimal_places=2, default=Decimal(1))
    unit_price = S.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    discount_percent = S.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))


class LineItemUpdateSerializer(S.Serializer[Any]):
    quantity = S.DecimalField(max_digits=10, decimal_places=2, required=False)
    unit_price = S.DecimalField(max_digits=14, decimal_places=2, required=False)
    discount_percent = S.DecimalField(max_digits=5, decimal_places=2, required=False)


class InstalmentSerializer(S.ModelSerializer[Instalment]):
    class Meta:
        model = Instalment
        fields = ["number", "due_date", "amount"]


class ApprovalOutputSerializer(S.ModelSerializer[ApprovalRequest]):
    status = S.CharField(read_only=True)
    term_sheet_id = S.IntegerField()
    opportunity_id = S.IntegerField(source="term_sheet.opportunity_id")
    requested_by_id = S.IntegerField()
    decided_by_id = S.IntegerField(allow_null=True)

    class Meta:
        model = ApprovalRequest
        fields = [
            "id", "term_sheet_id", "opportunity_id", "status", "reasons", "requested_by_id",
            "requested_at", "decided_by_id", "decided_at", "comment",
        ]  # fmt: skip


class TermSheetOutputSerializer(S.ModelSerializer[TermSheet]):
    status = S.CharField(read_only=True)
    currency = S.CharField(read_only=True)
    instalments = InstalmentSerializer(many=True)
    approvals = ApprovalOutputSerializer(many=True)
    proposed_by_id = S.IntegerField()
    company_id = S.IntegerField(allow_null=True)

    class Meta:
        model = TermSheet
        fields = [
            "id", "opportunity_id", "company_id", "version", "status", "total", "currency",
            "discount_percent", "net_days", "instalment_count", "notes", "proposed_by_id",
            "created_at", "approved_at", "instalments", "approvals",
        ]  # fmt: skip


class TermsProposeSerializer(S.Serializer[Any]):
    discount_percent = S.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    net_days = S.IntegerField(default=30)
    instalment_count = S.IntegerField(default=1)
    first_due_date = S.DateField(
        required=False, allow_null=True, default=None, validators=[PLANNED]
    )
    notes = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(TermSheet, "notes")
    )


class DecisionSerializer(S.Serializer[Any]):
    comment = TextField(
        required=False,
        allow_blank=True,
        default="",
        limit=limit_for(ApprovalRequest, "comment"),
    )


class CreditInputSerializer(S.Serializer[Any]):
    seller_id = S.IntegerField()
    percent = S.DecimalField(max_digits=5, decimal_places=2)


class CloseWonSerializer(S.Serializer[Any]):
    amount = S.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    closed_on = S.DateField(validators=[HAPPENED])
    credits = CreditInputSerializer(many=True, required=False)


class CreditOutputSerializer(S.ModelSerializer[SaleCredit]):
    seller_id = S.IntegerField()

    class Meta:
        model = SaleCredit
        fields = ["seller_id", "percent", "amount"]


class SaleOutputSerializer(S.ModelSerializer[Sale]):
    currency = S.CharField(read_only=True)
    credits = CreditOutputSerializer(many=True)
    recorded_by_id = S.IntegerField(allow_null=True)

    class Meta:
        model = Sale
        fields = [
            "id", "opportunity_id", "amount", "currency", "closed_on", "recorded_by_id",
            "recorded_at", "credits",
        ]  # fmt: skip


class CloseLostSerializer(S.Serializer[Any]):
    reason_id = S.IntegerField()
    competitor = S.CharField(required=False, allow_blank=True, default="", max_length=120)


class ReopenSerializer(S.Serializer[Any]):
    reason = S.CharField(max_length=500)


class DealStateSerializer(S.Serializer[Any]):
    """The deal after closing or reopening."""

    id = S.IntegerField()
    status = S.CharField()
    stage_id = S.IntegerField()
    closed_on = S.DateField(allow_null=True)
    lost_reason_id = S.IntegerField(allow_null=True)
    competitor = S.CharField()


class PartnerContactSerializer(S.ModelSerializer[PartnerContact]):
    class Meta:
        model = PartnerContact
        fields = ["id", "full_name", "email", "phone", "job_title"]


class PartnerOutputSerializer(S.ModelSerializer[Partner]):
    kind = S.CharField(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "website", "notes", "is_active"]


class CurrencyTotalSerializer(S.Serializer[Any]):
    currency = S.CharField()
    count = S.IntegerField()
    amount = S.DecimalField(max_digits=16, decimal_places=2)


class PartnerTotalsSerializer(S.Serializer[Any]):
    """Counts, and amounts per currency: won sales, open deals, open leads' budgets."""

    won_count = S.IntegerField()
    open_count = S.IntegerField()
    lead_count = S.IntegerField()
    won = CurrencyTotalSerializer(many=True)
    open = CurrencyTotalSerializer(many=True)
    leads = CurrencyTotalSerializer(many=True)


class PartnerDealSerializer(S.ModelSerializer[PartnerLink]):
    role = S.CharField(read_only=True)
    opportunity_id = S.IntegerField()
    name = S.CharField(source="opportunity.name")
    status = S.CharField(source="opportunity.status")
    amount = S.DecimalField(source="opportunity.amount", max_digits=14, decimal_places=2)
    currency = S.CharField(source="opportunity.currency")

    class Meta:
        model = PartnerLink
        fields = ["opportunity_id", "name", "role", "status", "amount", "currency"]


class PartnerDetailSerializer(PartnerOutputSerializer):
    contacts = PartnerContactSerializer(many=True)
    totals = PartnerTotalsSerializer()
    deals = PartnerDealSerializer(many=True)

    class Meta(PartnerOutputSerializer.Meta):
        fields = [*PartnerOutputSerializer.Meta.fields, "contacts", "totals", "deals"]


class PartnerInputSerializer(S.Serializer[Any]):
    name = S.CharField(max_length=200)
    kind = S.CharField(help_text=_values(PartnerKind))
    website = S.URLField(required=False, allow_blank=True, default="")
    notes = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Partner, "notes")
    )
    is_active = S.BooleanField(default=True)


class PartnerContactInputSerializer(S.Serializer[Any]):
    full_name = S.CharField(max_length=150)
    email = S.EmailField(required=False, allow_blank=True, default="")
    phone = S.CharField(required=False, allow_blank=True, default="", max_length=40)
    job_title = S.CharField(required=False, allow_blank=True, default="", max_length=150)


class PartnerLinkInputSerializer(S.Serializer[Any]):
    partner_id = S.IntegerField()
    role = S.CharField(help_text=_values(PartnerRole))


class PartnerLinkOutputSerializer(S.ModelSerializer[PartnerLink]):
    role = S.CharField(read_only=True)
    partner = PartnerOutputSerializer()

    class Meta:
        model = PartnerLink
        fields = ["id", "partner", "opportunity_id", "role", "created_at"]


class ComplaintOutputSerializer(S.ModelSerializer[Complaint]):
    severity = S.CharField(read_only=True)
    status = S.CharField(read_only=True)
    owner_id = S.IntegerField()
    lead_id = S.IntegerField(allow_null=True)
    opportunity_id = S.IntegerField(allow_null=True)
    hours_to_resolve = S.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id", "lead_id", "opportunity_id", "summary", "details", "severity", "status",
            "owner_id", "due_on", "resolution", "raised_at", "resolved_at", "hours_to_resolve",
        ]  # fmt: skip

    def get_hours_to_resolve(self, complaint: Complaint) -> float | None:
        spent = complaint.time_to_resolve
        return None if spent is None else round(spent.total_seconds() / 3600, 2)


class ComplaintInputSerializer(S.Serializer[Any]):
    lead_id = S.IntegerField(required=False, allow_null=True, default=None)
    opportunity_id = S.IntegerField(required=False, allow_null=True, default=None)
    summary = S.CharField(max_length=200)
    details = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Complaint, "details")
    )
    severity = S.CharField(default=ComplaintSeverity.MEDIUM, help_text=_values(ComplaintSeverity))
    owner_id = S.IntegerField(required=False, allow_null=True, default=None)
    due_on = S.DateField(required=False, allow_null=True, default=None, validators=[PLANNED])


class ResolveSerializer(S.Serializer[Any]):
    resolution = TextField(limit=limit_for(Complaint, "resolution"))


class LostReasonSerializer(S.ModelSerializer[LostReason]):
    class Meta:
        model = LostReason
        fields = ["id", "name", "order", "is_active"]


class LostReasonInputSerializer(S.Serializer[Any]):
    name = S.CharField(max_length=120)
    order = S.IntegerField(min_value=0, max_value=32767, default=0)
    is_active = S.BooleanField(default=True)


class SalesPolicySerializer(S.ModelSerializer[SalesPolicy]):
    class Meta:
        model = SalesPolicy
        fields = ["max_discount_percent", "max_instalments", "max_net_days", "stalled_after_days"]


class SalesPolicyInputSerializer(S.Serializer[Any]):
    max_discount_percent = S.DecimalField(max_digits=5, decimal_places=2)
    max_instalments = S.IntegerField()
    max_net_days = S.IntegerField()
    stalled_after_days = S.IntegerField(required=False, allow_null=True, default=None)
