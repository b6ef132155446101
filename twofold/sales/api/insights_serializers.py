"""Shapes of the sales report and sales meeting endpoints. The report serializers read the
selectors' frozen dataclasses as they are."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from twofold.core.api.serializers import TextField
from twofold.core.dates import MEETING, PLANNED
from twofold.core.text_limits import limit_for
from twofold.sales.models import MeetingDecision, SalesMeeting

MONEY = {"max_digits": 20, "decimal_places": 2, "coerce_to_string": True}


class InsightRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeetingPersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


# --- Reports ----------------------------------------------------------------------------------


class RevenueRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="Seller or team id, month (YYYY-MM) or lead source.")
    label = serializers.CharField()  # type: ignore[assignment]
    currency = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    sales = serializers.IntegerField()


class RevenueTableSerializer(serializers.Serializer[Any]):
    currency = serializers.CharField()
    total = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    rows = RevenueRowSerializer(many=True)


class StageRowSerializer(serializers.Serializer[Any]):
    pipeline = serializers.CharField()
    stage_id = serializers.IntegerField()
    stage = serializers.CharField()
    order = serializers.IntegerField()
    probability = serializers.IntegerField()
    currency = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    weighted = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]


class PipelineTableSerializer(serializers.Serializer[Any]):
    currency = serializers.CharField()
    total = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    rows = StageRowSerializer(many=True)


class WinRateSerializer(serializers.Serializer[Any]):
    won = serializers.IntegerField()
    lost = serializers.IntegerField()
    closed = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    average_cycle_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class FunnelRowSerializer(serializers.Serializer[Any]):
    source = serializers.CharField()  # type: ignore[assignment]
    label = serializers.CharField()  # type: ignore[assignment]
    captured = serializers.IntegerField()
    qualified = serializers.IntegerField()
    won = serializers.IntegerField()


class StageTimeSerializer(serializers.Serializer[Any]):
    pipeline = serializers.CharField()
    stage_id = serializers.IntegerField()
    stage = serializers.CharField()
    stays = serializers.IntegerField()
    average_days = serializers.DecimalField(max_digits=10, decimal_places=1)


class SalesReportSerializer(serializers.Serializer[Any]):
    date_from = serializers.DateField(source="filters.date_from")
    date_to = serializers.DateField(source="filters.date_to")
    team = InsightRefSerializer(allow_null=True)
    teams = InsightRefSerializer(many=True, help_text="The teams the caller may report on.")
    currencies = serializers.ListField(child=serializers.CharField())
    revenue_by_seller = RevenueTableSerializer(many=True)
    revenue_by_team = RevenueTableSerializer(many=True)
    revenue_by_month = RevenueTableSerializer(many=True)
    revenue_by_source = RevenueTableSerializer(many=True)
    pipeline = PipelineTableSerializer(many=True)
    win_rate = WinRateSerializer()
    funnel = FunnelRowSerializer(many=True)
    stage_times = StageTimeSerializer(many=True)


# --- Meetings ---------------------------------------------------------------------------------


class MeetingActionItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    owner_id = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)


class DecisionOutputSerializer(serializers.ModelSerializer[MeetingDecision]):
    opportunity = InsightRefSerializer(allow_null=True)
    action_item = MeetingActionItemSerializer(allow_null=True)

    class Meta:
        model = MeetingDecision
        fields = ["id", "opportunity", "text", "action_item", "created_at"]


class MeetingOutputSerializer(serializers.ModelSerializer[SalesMeeting]):
    team = InsightRefSerializer()
    led_by = MeetingPersonSerializer()
    agenda = serializers.JSONField(
        help_text="Drafted at scheduling: moved, stalled, closing, approvals, complaints; "
        "each a list of rows with the deal's id."
    )

    class Meta:
        model = SalesMeeting
        fields = ["id", "team", "scheduled_for", "led_by", "agenda", "notes", "created_at"]


class MeetingDetailSerializer(MeetingOutputSerializer):
    decisions = serializers.SerializerMethodField()

    class Meta(MeetingOutputSerializer.Meta):
        fields = [*MeetingOutputSerializer.Meta.fields, "decisions"]

    @extend_schema_field(DecisionOutputSerializer(many=True))
    def get_decisions(self, meeting: SalesMeeting) -> list[dict[str, Any]]:
        decisions = self.context.get("decisions", [])
        return DecisionOutputSerializer(decisions, many=True).data  # type: ignore[return-value]


class MeetingCreateSerializer(serializers.Serializer[Any]):
    team_id = serializers.IntegerField()
    scheduled_for = serializers.DateTimeField(validators=[MEETING])


class MeetingNotesSerializer(serializers.Serializer[Any]):
    notes = TextField(allow_blank=True, limit=limit_for(SalesMeeting, "notes"))


class DecisionInputSerializer(serializers.Serializer[Any]):
    text = TextField(limit=limit_for(MeetingDecision, "text"))
    opportunity_id = serializers.IntegerField(required=False, allow_null=True)
    action_subject = serializers.CharField(required=False, allow_blank=True, max_length=200)
    action_owner_id = serializers.IntegerField(required=False, allow_null=True)
    action_due_on = serializers.DateField(required=False, allow_null=True, validators=[PLANNED])
