"""Input and output shapes of the portfolio, account, contact, interaction and ownership
endpoints. Owners and authors are never writable by clients."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from twofold.accounts.choices import ContactRole, InteractionKind
from twofold.accounts.models import Account, AccountContact, Contract, OwnershipEvent
from twofold.accounts.selectors.portfolio import budget_use
from twofold.activities.models import Activity
from twofold.core.api.serializers import TextField
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.money import TOTAL_DIGITS
from twofold.core.text_limits import limit_for

LOGGED_KIND_CHOICES = [
    (kind.value, kind.label)
    for kind in (
        InteractionKind.CALL,
        InteractionKind.MEETING,
        InteractionKind.EMAIL,
        InteractionKind.NOTE,
    )
]


class AccountPersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class AccountRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AccountRowSerializer(serializers.ModelSerializer[Account]):
    """A portfolio row."""

    relationship_owner = AccountPersonRefSerializer(allow_null=True)
    plan_owner = AccountPersonRefSerializer(allow_null=True)
    budget_use_percent = serializers.SerializerMethodField()

    class Meta:
        model = Account
        fields = [
            "id",
            "name",
            "status",
            "is_key",
            "relationship_owner",
            "plan_owner",
            "last_contact_at",
            "next_step",
            "next_step_due",
            "open_requests",
            "contract_end",
            "currency",
            "budget_total",
            "sold_total",
            "budget_use_percent",
            "nps",
            "csat",
        ]

    def get_budget_use_percent(self, account: Account) -> int | None:
        use = budget_use(account)
        return int(use) if use is not None else None


@extend_schema_serializer(many=False)
class AccountPageSerializer(serializers.Serializer[Any]):
    next = serializers.CharField(
        allow_null=True, help_text="The next page's URL (keyset cursor), null on the last."
    )
    results = AccountRowSerializer(many=True)


class AccountContractSerializer(serializers.ModelSerializer[Contract]):
    class Meta:
        model = Contract
        fields = [
            "id",
            "starts_on",
            "ends_on",
            "value",
            "currency",
            "billing",
            "net_days",
            "instalment_count",
        ]


class AccountContactOutputSerializer(serializers.ModelSerializer[AccountContact]):
    contact_id = serializers.IntegerField()
    full_name = serializers.CharField(source="contact.full_name")
    email = serializers.CharField(source="contact.email")
    phone = serializers.CharField(source="contact.phone")
    job_title = serializers.CharField(source="contact.job_title")

    class Meta:
        model = AccountContact
        fields = [
            "id",
            "contact_id",
            "full_name",
            "email",
            "phone",
            "job_title",
            "role",
            "is_primary",
            "notes",
        ]


class YearlyValueSerializer(serializers.Serializer[Any]):
    amount = serializers.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    currency = serializers.CharField()


class AccountDetailSerializer(AccountRowSerializer):
    company = AccountRefSerializer()
    seller = AccountPersonRefSerializer(allow_null=True)
    supervisor = AccountPersonRefSerializer(allow_null=True)
    contacts = AccountContactOutputSerializer(many=True, source="contact_rows")
    contracts = AccountContractSerializer(many=True, source="contract_rows")
    annual_values = YearlyValueSerializer(
        many=True,
        help_text="The yearly value in the account's currency first, then won contracts in "
        "each other currency (not in annual_value).",
    )

    class Meta(AccountRowSerializer.Meta):
        fields = [
            *AccountRowSerializer.Meta.fields,
            "company",
            "seller",
            "supervisor",
            "shared_until",
            "annual_value",
            "annual_values",
            "accepted_at",
            "created_at",
            "contacts",
            "contracts",
        ]


class AccountContactCreateSerializer(serializers.Serializer[Any]):
    contact_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="An existing person at the company."
    )
    full_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text="A new person."
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=ContactRole.choices, default=ContactRole.OTHER)
    is_primary = serializers.BooleanField(default=False)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AccountContactUpdateSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=ContactRole.choices, required=False)
    is_primary = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True)


class TimelineDealRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AccountInteractionOutputSerializer(serializers.ModelSerializer[Activity]):
    """An entry of the account's timeline: logged on the account itself, or (``deal`` /
    ``lead`` set) on one of its deals or the lead it came from."""

    author = AccountPersonRefSerializer(source="owner", allow_null=True)
    contact = AccountPersonRefSerializer(allow_null=True)
    deal = TimelineDealRefSerializer(source="opportunity", allow_null=True, read_only=True)
    lead = AccountPersonRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "subject",
            "body",
            "occurred_at",
            "author",
            "contact",
            "deal",
            "lead",
        ]


@extend_schema_serializer(many=False)
class AccountInteractionPageSerializer(serializers.Serializer[Any]):
    older = serializers.CharField(
        allow_null=True, help_text="The next (older) page's URL, null on the last."
    )
    results = AccountInteractionOutputSerializer(many=True)


class AccountInteractionInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LOGGED_KIND_CHOICES)
    subject = serializers.CharField(max_length=200)
    body = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Activity, "body")
    )
    contact_id = serializers.IntegerField(required=False, allow_null=True)
    occurred_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Now.", validators=[HAPPENED]
    )
    next_step = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    next_step_due = serializers.DateField(required=False, allow_null=True, validators=[PLANNED])


class AccountReassignSerializer(serializers.Serializer[Any]):
    new_owner_id = serializers.IntegerField(help_text="An account manager.")
    reason = serializers.CharField(max_length=300)


class OwnershipEventSerializer(serializers.ModelSerializer[OwnershipEvent]):
    account = AccountRefSerializer(allow_null=True)
    opportunity = AccountRefSerializer(allow_null=True)
    previous = AccountPersonRefSerializer(allow_null=True)
    new = AccountPersonRefSerializer(allow_null=True)
    changed_by = AccountPersonRefSerializer(allow_null=True)

    class Meta:
        model = OwnershipEvent
        fields = [
            "id",
            "kind",
            "account",
            "opportunity",
            "previous",
            "new",
            "changed_by",
            "at",
            "reason",
        ]


@extend_schema_serializer(many=False)
class OwnershipEventPageSerializer(serializers.Serializer[Any]):
    next = serializers.CharField(allow_null=True)
    results = OwnershipEventSerializer(many=True)
