"""Input and output shapes of the pipeline, deal and board endpoints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from twofold.activities.models import LOGGED_KIND_CHOICES, Activity
from twofold.core.api.serializers import TextField
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.money import CURRENCIES
from twofold.core.text_limits import limit_for
from twofold.sales.choices import OpportunityKind, StageKind
from twofold.sales.models import DealStrategy, Opportunity, Pipeline, Stage


class DealRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DealPersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class PipelineStageSerializer(serializers.ModelSerializer[Stage]):
    class Meta:
        model = Stage
        fields = ["id", "name", "order", "probability", "kind"]


class PipelineOutputSerializer(serializers.ModelSerializer[Pipeline]):
    stages = serializers.SerializerMethodField()

    class Meta:
        model = Pipeline
        fields = ["id", "name", "is_default", "is_active", "stages"]

    def get_stages(self, pipeline: Pipeline) -> list[dict[str, Any]]:
        stages = sorted(pipeline.stages.all(), key=lambda stage: stage.order)
        return PipelineStageSerializer(stages, many=True).data  # type: ignore[return-value]


class PipelineStageInputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="An existing stage to keep; empty for new."
    )
    name = serializers.CharField(max_length=80)
    probability = serializers.IntegerField(min_value=0, max_value=100)
    kind = serializers.ChoiceField(choices=StageKind.choices, default=StageKind.OPEN)


class PipelineCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    is_default = serializers.BooleanField(default=False)
    stages = PipelineStageInputSerializer(many=True, help_text="In order, first to last.")


class PipelineUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120, required=False)
    is_default = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False, help_text="False archives it.")
    stages = PipelineStageInputSerializer(
        many=True,
        required=False,
        help_text="The whole list, in order: stages left out are removed (refused when they "
        "hold deals).",
    )


class OpportunityOutputSerializer(serializers.ModelSerializer[Opportunity]):
    stage = PipelineStageSerializer()
    owner = DealPersonRefSerializer()
    company = DealRefSerializer(allow_null=True)
    contact = DealPersonRefSerializer(allow_null=True)
    weighted_amount = serializers.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "name",
            "kind",
            "status",
            "pipeline",
            "stage",
            "owner",
            "company",
            "contact",
            "amount",
            "currency",
            "weighted_amount",
            "buying_centre",
            "expected_close_date",
            "closed_on",
            "next_step",
            "next_step_due",
            "stage_entered_at",
            "created_at",
            "updated_at",
        ]


@extend_schema_serializer(many=False)
class OpportunityPageSerializer(serializers.Serializer[Any]):
    next = serializers.CharField(
        allow_null=True, help_text="The next page's URL (keyset cursor), null on the last."
    )
    results = OpportunityOutputSerializer(many=True)


class OpportunityCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(
        choices=OpportunityKind.choices, default=OpportunityKind.NEW_BUSINESS
    )
    owner_id = serializers.IntegerField(required=False, help_text="You, if left out.")
    pipeline_id = serializers.IntegerField(required=False, help_text="The default, if left out.")
    company_id = serializers.IntegerField(required=False, allow_null=True)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, default=Decimal("0.00")
    )
    currency = serializers.ChoiceField(choices=CURRENCIES, default="EUR")
    expected_close_date = serializers.DateField(
        required=False, allow_null=True, validators=[PLANNED]
    )


class OpportunityUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False)
    expected_close_date = serializers.DateField(required=False, allow_null=True)
    next_step = serializers.CharField(max_length=200, required=False, allow_blank=True)
    next_step_due = serializers.DateField(required=False, allow_null=True)
    contact_id = serializers.IntegerField(required=False, allow_null=True)
    currency = serializers.ChoiceField(choices=CURRENCIES, required=False)
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="Only while the deal has no line items.",
    )
    buying_centre = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="The client's department that buys; sets the deal against its budget.",
    )


class DealMoveSerializer(serializers.Serializer[Any]):
    stage_id = serializers.IntegerField(help_text="An open stage of the deal's pipeline.")


class DealReassignSerializer(serializers.Serializer[Any]):
    owner_id = serializers.IntegerField()
    reason = serializers.CharField(max_length=200)


class DealStrategyInputSerializer(serializers.Serializer[Any]):
    approach = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(DealStrategy, "approach")
    )
    key_messages = TextField(
        required=False,
        allow_blank=True,
        default="",
        limit=limit_for(DealStrategy, "key_messages"),
    )
    risks = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(DealStrategy, "risks")
    )
    next_steps = TextField(
        required=False,
        allow_blank=True,
        default="",
        limit=limit_for(DealStrategy, "next_steps"),
    )


class DealStrategyOutputSerializer(serializers.Serializer[Any]):
    approach = serializers.CharField()
    key_messages = serializers.CharField()
    risks = serializers.CharField()
    next_steps = serializers.CharField()
    updated_by = DealPersonRefSerializer(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class DealActivityOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LOGGED_KIND_CHOICES)
    subject = serializers.CharField()
    body = serializers.CharField()
    owner = DealPersonRefSerializer()
    occurred_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)


class DealActivityInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LOGGED_KIND_CHOICES)
    subject = serializers.CharField(max_length=200)
    body = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Activity, "body")
    )
    occurred_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, validators=[HAPPENED]
    )
    due_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[PLANNED]
    )


class DealEventSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    type = serializers.CharField()
    actor = DealPersonRefSerializer(allow_null=True)
    at = serializers.DateTimeField()
    data = serializers.DictField()  # type: ignore[assignment]
    text = serializers.CharField(help_text="The event as a sentence.")


class DealStageTimeSerializer(serializers.Serializer[Any]):
    stage = serializers.CharField()
    entered = serializers.DateTimeField()
    left = serializers.DateTimeField(allow_null=True)
    seconds = serializers.IntegerField(
        allow_null=True, help_text="Null for the closing stage a closed deal rests in."
    )
    days = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True)


class DealMoneyTotalSerializer(serializers.Serializer[Any]):
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class BoardCardSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    company = DealRefSerializer(allow_null=True)
    owner = DealPersonRefSerializer()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    stage_entered_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class BoardColumnSerializer(serializers.Serializer[Any]):
    stage = PipelineStageSerializer()
    count = serializers.IntegerField()
    totals = DealMoneyTotalSerializer(many=True)
    cards = BoardCardSerializer(many=True)


class BoardSerializer(serializers.Serializer[Any]):
    pipeline = DealRefSerializer()
    columns = BoardColumnSerializer(many=True)
    won_count = serializers.IntegerField(help_text="Won since the first of this month.")
    won_totals = DealMoneyTotalSerializer(many=True)
    lost_count = serializers.IntegerField(help_text="Lost since the first of this month.")
    month_start = serializers.DateField()
