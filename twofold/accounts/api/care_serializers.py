"""Input and output shapes of the care endpoints. Inputs validate types; services judge."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from twofold.accounts.choices import (
    FeedbackKind,
    FeedbackStatus,
    GoalHorizon,
    GoalStatus,
    MilestoneStatus,
    ProjectStatus,
    SurveyKind,
)
from twofold.accounts.models import (
    BudgetLine,
    Feedback,
    Goal,
    Milestone,
    Project,
    SatisfactionResult,
    TermAmendment,
)
from twofold.core.api.serializers import TextField
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.money import CURRENCIES, TOTAL_DIGITS
from twofold.core.text_limits import limit_for


class GoalOutputSerializer(serializers.ModelSerializer[Goal]):
    class Meta:
        model = Goal
        fields = [
            "id",
            "horizon",
            "title",
            "success_criteria",
            "status",
            "progress",
            "review_on",
            "from_handover",
            "created_at",
            "updated_at",
        ]


class GoalCreateSerializer(serializers.Serializer[Any]):
    horizon = serializers.ChoiceField(choices=GoalHorizon.choices)
    title = serializers.CharField(max_length=200)
    success_criteria = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Goal, "success_criteria")
    )
    status = serializers.ChoiceField(choices=GoalStatus.choices, default=GoalStatus.OPEN)
    progress = serializers.IntegerField(default=0)
    review_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[PLANNED]
    )


class GoalUpdateSerializer(serializers.Serializer[Any]):
    horizon = serializers.ChoiceField(choices=GoalHorizon.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    success_criteria = TextField(
        required=False, allow_blank=True, limit=limit_for(Goal, "success_criteria")
    )
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False)
    progress = serializers.IntegerField(required=False)
    review_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class BudgetLineOutputSerializer(serializers.ModelSerializer[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["id", "year", "buying_centre", "amount", "currency", "notes"]


class BudgetLineInputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    buying_centre = serializers.CharField(max_length=120)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.ChoiceField(choices=CURRENCIES, required=False)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class WalletRowSerializer(serializers.Serializer[Any]):
    centre = serializers.CharField()
    # Sums of amounts: a year's budget, sold and proposed add up past one amount's 14 digits.
    budget = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2, allow_null=True)
    sold = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    proposed = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    # Unbounded: a tiny budget and a large sale give a share of millions of per cent.
    share_percent = serializers.DecimalField(max_digits=None, decimal_places=1, allow_null=True)


class CurrencyFiguresSerializer(serializers.Serializer[Any]):
    currency = serializers.CharField()
    budget = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    sold = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    proposed = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)


class WalletYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    rows = WalletRowSerializer(many=True)
    total = WalletRowSerializer()
    other_currencies = CurrencyFiguresSerializer(
        many=True, help_text="Figures in other currencies than the account's, not in the total."
    )


class BudgetOutputSerializer(serializers.Serializer[Any]):
    currency = serializers.CharField()
    lines = BudgetLineOutputSerializer(many=True)
    wallet = WalletYearSerializer(many=True)


class MilestoneOutputSerializer(serializers.ModelSerializer[Milestone]):
    class Meta:
        model = Milestone
        fields = ["id", "title", "deliverable", "owner", "due_on", "status", "done_on"]


class ProjectOutputSerializer(serializers.ModelSerializer[Project]):
    milestones = MilestoneOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "description",
            "owner",
            "status",
            "starts_on",
            "due_on",
            "finished_on",
            "milestones",
        ]


class ProjectCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    owner_id = serializers.IntegerField(required=False, help_text="You, if empty.")
    description = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Project, "description")
    )
    starts_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[PLANNED]
    )
    due_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[PLANNED]
    )


class ProjectUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False)
    owner_id = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    description = TextField(
        required=False, allow_blank=True, limit=limit_for(Project, "description")
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class MilestoneCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField(validators=[PLANNED])
    deliverable = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    owner_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class MilestoneUpdateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False)
    due_on = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=MilestoneStatus.choices, required=False)
    deliverable = serializers.CharField(max_length=300, required=False, allow_blank=True)
    owner_id = serializers.IntegerField(required=False, allow_null=True)


class FeedbackOutputSerializer(serializers.ModelSerializer[Feedback]):
    class Meta:
        model = Feedback
        fields = [
            "id",
            "request",
            "kind",
            "title",
            "body",
            "status",
            "response",
            "contact",
            "raised_by",
            "created_at",
            "updated_at",
        ]


class FeedbackCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FeedbackKind.choices)
    title = serializers.CharField(max_length=200)
    body = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Feedback, "body")
    )
    contact_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    request_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The request (one need) to attach to; none: the one of the same title, or new.",
    )


class VoiceRequestMergeSerializer(serializers.Serializer[Any]):
    into_id = serializers.IntegerField(help_text="The request that carries the feedback on.")


class WeightSerializer(serializers.Serializer[Any]):
    amount = serializers.DecimalField(max_digits=None, decimal_places=2)  # a sum of yearly values
    currency = serializers.CharField()


class RequestAccountSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    annual_value = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    currency = serializers.CharField()
    feedback = serializers.IntegerField()


class VoiceRequestSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="request.pk")
    kind = serializers.CharField(source="request.kind")
    title = serializers.CharField(source="request.title")
    created_at = serializers.DateTimeField(source="request.created_at")
    merged_into = serializers.IntegerField(source="request.merged_into_id", allow_null=True)
    merged_at = serializers.DateTimeField(source="request.merged_at", allow_null=True)
    accounts = RequestAccountSerializer(many=True, help_text="The accounts you may see.")
    weights = WeightSerializer(many=True)
    other_accounts = serializers.IntegerField()
    other_weights = WeightSerializer(many=True)
    merged_from = serializers.SerializerMethodField()

    def get_merged_from(self, view: Any) -> list[int]:
        return [r.pk for r in view.merged_from]


class TriageSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=FeedbackStatus.choices)
    response = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Feedback, "response")
    )


class TriageOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField()
    response = serializers.CharField()


class VoiceItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    response = serializers.CharField()
    account_name = serializers.CharField(allow_null=True, help_text="Null: not yours to see.")


class VoiceGroupSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()
    accounts = serializers.IntegerField()
    requests = serializers.IntegerField()
    id = serializers.IntegerField(source="pk", help_text="The request's.")
    weight = serializers.DecimalField(
        max_digits=None, decimal_places=2, help_text="The sort key; read weights for currencies."
    )
    weights = WeightSerializer(many=True)
    items = VoiceItemSerializer(many=True)


class VoicePageSerializer(serializers.Serializer[Any]):
    groups = VoiceGroupSerializer(many=True)
    has_next = serializers.BooleanField()


class SatisfactionOutputSerializer(serializers.ModelSerializer[SatisfactionResult]):
    class Meta:
        model = SatisfactionResult
        fields = ["id", "kind", "score", "taken_on", "contact", "comment", "recorded_by"]


class SatisfactionCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=SurveyKind.choices)
    score = serializers.IntegerField()
    taken_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[HAPPENED]
    )
    contact_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    comment = TextField(
        required=False,
        allow_blank=True,
        default="",
        limit=limit_for(SatisfactionResult, "comment"),
    )


class QuarterSerializer(serializers.Serializer[Any]):
    quarter = serializers.CharField(source="label")
    answers = serializers.IntegerField()
    promoters = serializers.IntegerField()
    detractors = serializers.IntegerField()
    nps = serializers.IntegerField(allow_null=True)
    csat_answers = serializers.IntegerField()
    csat_average = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)


class SatisfactionPageSerializer(serializers.Serializer[Any]):
    nps = serializers.IntegerField(allow_null=True, help_text="Latest NPS answer.")
    csat = serializers.IntegerField(allow_null=True, help_text="Latest CSAT answer.")
    quarters = QuarterSerializer(many=True)
    results = SatisfactionOutputSerializer(many=True)


class SalesTermsSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    version = serializers.IntegerField(allow_null=True)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    discount_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    net_days = serializers.IntegerField()
    instalment_count = serializers.IntegerField()
    approved_at = serializers.DateTimeField(allow_null=True)


class AmendmentInstalmentSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    due_date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class AmendmentOutputSerializer(serializers.ModelSerializer[TermAmendment]):
    account_name = serializers.CharField(source="account.name", read_only=True)
    instalments = AmendmentInstalmentSerializer(many=True, read_only=True)

    class Meta:
        model = TermAmendment
        fields = [
            "id",
            "account",
            "account_name",
            "version",
            "sales_terms",
            "total",
            "currency",
            "discount_percent",
            "net_days",
            "instalment_count",
            "instalments",
            "notes",
            "reasons",
            "status",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_comment",
        ]


class TermsOutputSerializer(serializers.Serializer[Any]):
    sales = SalesTermsSerializer(allow_null=True, source="agreed")
    amendments = AmendmentOutputSerializer(many=True)


class AmendmentCreateSerializer(serializers.Serializer[Any]):
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.ChoiceField(choices=CURRENCIES, required=False)
    discount_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("0")
    )
    net_days = serializers.IntegerField(default=30)
    instalment_count = serializers.IntegerField(default=1)
    notes = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(TermAmendment, "notes")
    )


class AmendmentDecisionSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    comment = TextField(
        required=False,
        allow_blank=True,
        default="",
        limit=limit_for(TermAmendment, "decision_comment"),
    )
