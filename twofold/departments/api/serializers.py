"""Input and output of the internal-request endpoints. Choice fields are plain strings (the
services validate them) so their enums do not collide with other areas' in the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from twofold.core.api.serializers import TextField
from twofold.core.text_limits import limit_for
from twofold.departments.choices import Priority, RequestType
from twofold.departments.models import InternalRequest
from twofold.people.choices import Department

S = serializers


def _values(choices: Any) -> str:
    return "One of: " + ", ".join(choices.values) + "."


class RequestOutputSerializer(S.ModelSerializer[InternalRequest]):
    """A request with its account's id and name only: nothing else of the account."""

    account_id = S.IntegerField(read_only=True)
    account_name = S.CharField(source="account.name", read_only=True)
    department = S.CharField(read_only=True)
    type = S.CharField(read_only=True)
    priority = S.CharField(read_only=True)
    status = S.CharField(read_only=True)
    raised_by_id = S.IntegerField(read_only=True)
    raised_by_name = S.CharField(source="raised_by.full_name", read_only=True)
    assignee_id = S.IntegerField(read_only=True, allow_null=True)
    is_overdue = S.BooleanField(read_only=True)

    class Meta:
        model = InternalRequest
        fields = [
            "id", "account_id", "account_name", "department", "type", "title", "priority",
            "status", "raised_by_id", "raised_by_name", "raised_at", "due_at", "is_overdue",
            "assignee_id", "resolved_at",
        ]  # fmt: skip


class RequestDetailSerializer(RequestOutputSerializer):
    resolved_by_id = S.IntegerField(read_only=True, allow_null=True)

    class Meta(RequestOutputSerializer.Meta):
        fields = [*RequestOutputSerializer.Meta.fields, "details", "outcome", "resolved_by_id"]


class RaiseInputSerializer(S.Serializer[Any]):
    department = S.CharField(help_text=_values(Department))
    type = S.CharField(help_text=_values(RequestType))
    title = S.CharField(max_length=200)
    details = TextField(
        required=False,
        allow_blank=True,
        default="",
        limit=limit_for(InternalRequest, "details"),
    )
    priority = S.CharField(default=Priority.NORMAL, help_text=_values(Priority))


class AssignInputSerializer(S.Serializer[Any]):
    assignee_id = S.IntegerField()


class ResolveInputSerializer(S.Serializer[Any]):
    outcome = TextField(limit=limit_for(InternalRequest, "outcome"))


class DeclineInputSerializer(S.Serializer[Any]):
    reason = TextField(limit=limit_for(InternalRequest, "outcome"))
