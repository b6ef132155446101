"""Input and output serializers for leads, routing rules and web forms."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from twofold.activities.models import LOGGED_KIND_CHOICES, Activity
from twofold.core.api.serializers import TextField
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.money import CURRENCIES
from twofold.core.text_limits import limit_for
from twofold.sales.choices import LeadEventType, LeadSource, LeadStatus, OpportunityKind
from twofold.sales.models import AssignmentRule, Lead, LeadEvent, WebForm


class PersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class LeadOutputSerializer(serializers.ModelSerializer[Lead]):
    owner = PersonRefSerializer(allow_null=True)
    partner_id = serializers.IntegerField(allow_null=True)
    opportunity_id = serializers.IntegerField(allow_null=True)
    company_id = serializers.IntegerField(allow_null=True)
    web_form_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Lead
        fields = [
            "id",
            "full_name",
            "email",
            "phone",
            "job_title",
            "company_name",
            "company_domain",
            "company_id",
            "industry",
            "region",
            "source",
            "status",
            "disqualify_reason",
            "owner",
            "partner_id",
            "web_form_id",
            "budget_amount",
            "budget_currency",
            "authority",
            "need",
            "timeline",
            "notes",
            "message",
            "opportunity_id",
            "created_at",
            "updated_at",
        ]


class DuplicateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="lead.pk")
    full_name = serializers.CharField(source="lead.full_name")
    email = serializers.CharField(source="lead.email")
    company_name = serializers.CharField(source="lead.company_name")
    status = serializers.CharField(source="lead.status")
    reasons = serializers.ListField(child=serializers.CharField())


class LeadCreatedSerializer(LeadOutputSerializer):
    duplicates = serializers.SerializerMethodField()

    class Meta(LeadOutputSerializer.Meta):
        fields = [*LeadOutputSerializer.Meta.fields, "duplicates"]

    def get_duplicates(self, lead: Lead) -> list[dict[str, Any]]:
        return DuplicateSerializer(self.context.get("duplicates", []), many=True).data  # type: ignore[return-value]


class LeadInputSerializer(serializers.Serializer[Any]):
    """What a client may set on a lead. Owner, status and audit fields go through actions."""

    full_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    company_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    company_domain = serializers.CharField(max_length=200, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=80, required=False, allow_blank=True)
    region = serializers.CharField(max_length=80, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=LeadSource.choices, required=False)  # type: ignore[assignment]
    partner_id = serializers.IntegerField(required=False, allow_null=True)
    budget_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    budget_currency = serializers.ChoiceField(choices=CURRENCIES, required=False)
    authority = serializers.CharField(max_length=200, required=False, allow_blank=True)
    need = TextField(required=False, allow_blank=True, limit=limit_for(Lead, "need"))
    timeline = serializers.CharField(max_length=120, required=False, allow_blank=True)
    notes = TextField(required=False, allow_blank=True, limit=limit_for(Lead, "notes"))


class LeadCreateSerializer(LeadInputSerializer):
    route = serializers.BooleanField(
        default=False,
        help_text="Lead generators and agents keep the leads they capture; `true` hands this one "
        "to the routing rules instead (as for everyone else's leads); the answer shows the "
        "owner they chose.",
    )


class LeadUpdateSerializer(LeadInputSerializer):
    full_name = serializers.CharField(max_length=150, required=False)
    status = serializers.ChoiceField(
        choices=LeadStatus.choices,
        required=False,
        help_text="new, working or qualified; disqualify and qualify are actions.",
    )


class QualifySerializer(serializers.Serializer[Any]):
    bdm_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="Empty: chosen by rule (round-robin)."
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(
        choices=[
            OpportunityKind.NEW_BUSINESS,
            OpportunityKind.UPSELL,
            OpportunityKind.CROSS_SELL,
        ],
        required=False,
        default=OpportunityKind.NEW_BUSINESS,
        help_text="A lead of an existing customer is refused as new business (the error names "
        "its account manager); upsell or cross-sell opens the deal for that account manager.",
    )


class QualifiedSerializer(serializers.Serializer[Any]):
    lead = LeadOutputSerializer()
    opportunity_id = serializers.IntegerField()
    opportunity_name = serializers.CharField()
    bdm = PersonRefSerializer()


class DisqualifySerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ReassignSerializer(serializers.Serializer[Any]):
    owner_id = serializers.IntegerField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class LeadEventSerializer(serializers.ModelSerializer[LeadEvent]):
    type = serializers.ChoiceField(choices=LeadEventType.choices)
    actor = PersonRefSerializer(allow_null=True)
    data = serializers.DictField()  # type: ignore[assignment]

    class Meta:
        model = LeadEvent
        fields = ["id", "type", "actor", "at", "data"]


class ActivityOutputSerializer(serializers.ModelSerializer[Activity]):
    owner = PersonRefSerializer()
    kind = serializers.ChoiceField(choices=LOGGED_KIND_CHOICES)

    class Meta:
        model = Activity
        fields = ["id", "kind", "subject", "body", "owner", "occurred_at", "due_on", "done_at"]


class ActivityInputSerializer(serializers.Serializer[Any]):
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


class AssignmentRuleOutputSerializer(serializers.ModelSerializer[AssignmentRule]):
    team_id = serializers.IntegerField()
    last_assigned_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = AssignmentRule
        fields = [
            "id",
            "name",
            "priority",
            "team_id",
            "source",
            "industry",
            "region",
            "is_active",
            "last_assigned_id",
        ]


class AssignmentRuleInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    priority = serializers.IntegerField(min_value=0, max_value=32767, default=100)
    team_id = serializers.IntegerField()
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=LeadSource.choices, required=False, allow_blank=True, default=""
    )
    industry = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    region = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(default=True)


class AssignmentRuleUpdateSerializer(AssignmentRuleInputSerializer):
    name = serializers.CharField(max_length=120, required=False)
    priority = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    team_id = serializers.IntegerField(required=False)
    source = serializers.ChoiceField(choices=LeadSource.choices, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=80, required=False, allow_blank=True)
    region = serializers.CharField(max_length=80, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class AssignmentRuleMoveSerializer(serializers.Serializer[Any]):
    direction = serializers.ChoiceField(
        choices=[("up", "up"), ("down", "down")],
        help_text="up: the rule runs one place earlier; down: one place later.",
    )


class WebFormOutputSerializer(serializers.ModelSerializer[WebForm]):
    class Meta:
        model = WebForm
        fields = [
            "id",
            "name",
            "key",
            "source",
            "thank_you_message",
            "asks_industry",
            "asks_region",
            "industry",
            "region",
            "is_active",
            "created_at",
        ]


class WebFormInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    thank_you_message = TextField(
        required=False,
        allow_blank=True,
        default="",
        limit=limit_for(WebForm, "thank_you_message"),
    )
    source = serializers.ChoiceField(choices=LeadSource.choices, default=LeadSource.WEB_FORM)  # type: ignore[assignment]
    is_active = serializers.BooleanField(default=True)
    asks_industry = serializers.BooleanField(
        default=False, help_text="The public form asks the visitor's industry."
    )
    asks_region = serializers.BooleanField(
        default=False, help_text="The public form asks the visitor's region."
    )
    industry = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="Given to each lead whose visitor does not say, for the routing rules.",
    )
    region = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="Given to each lead whose visitor does not say, for the routing rules.",
    )


class WebFormUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120, required=False)
    thank_you_message = TextField(
        required=False, allow_blank=True, limit=limit_for(WebForm, "thank_you_message")
    )
    source = serializers.ChoiceField(choices=LeadSource.choices, required=False)  # type: ignore[assignment]
    is_active = serializers.BooleanField(required=False)
    asks_industry = serializers.BooleanField(required=False)
    asks_region = serializers.BooleanField(required=False)
    industry = serializers.CharField(max_length=80, required=False, allow_blank=True)
    region = serializers.CharField(max_length=80, required=False, allow_blank=True)
    new_key = serializers.BooleanField(
        required=False, default=False, help_text="Replace the key; the old embed stops working."
    )
