from __future__ import annotations

from typing import Any

from rest_framework import serializers

from twofold.core.api.serializers import TextField
from twofold.core.text_limits import limit_for
from twofold.handbook.models import RoleProfile


class RoleProfileOutputSerializer(serializers.ModelSerializer[RoleProfile]):
    """A handbook page. List fields are arrays, one item per entry."""

    role_label = serializers.CharField(source="get_role_display", read_only=True)
    side_label = serializers.CharField(source="get_side_display", read_only=True)
    works_with = serializers.ListField(source="works_with_list", child=serializers.CharField())
    responsibilities = serializers.ListField(
        source="responsibility_list", child=serializers.CharField()
    )
    skills = serializers.ListField(source="skill_list", child=serializers.CharField())
    measured_by = serializers.ListField(source="measured_by_list", child=serializers.CharField())
    may = serializers.ListField(source="may_list", child=serializers.CharField())
    may_not = serializers.ListField(source="may_not_list", child=serializers.CharField())

    class Meta:
        model = RoleProfile
        fields = [
            "role",
            "role_label",
            "side",
            "side_label",
            "title",
            "summary",
            "works_on",
            "works_with",
            "responsibilities",
            "skills",
            "measured_by",
            "hand_over",
            "may",
            "may_not",
            "updated_at",
        ]
        read_only_fields = fields


def _items(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=True),
        required=False,
        help_text=help_text,
    )


def _chars(name: str) -> int:
    """The model's ``max_length`` for one of its CharFields."""
    return int(getattr(RoleProfile._meta.get_field(name), "max_length", 0))


class RoleProfileUpdateSerializer(serializers.Serializer[Any]):
    """What an admin may change on a page; fields left out keep their value.

    Emptiness is checked by the service, so every client gets the same messages; each text's
    maximum is here too, so that the schema documents it.
    """

    title = serializers.CharField(required=False, allow_blank=True, max_length=_chars("title"))
    summary = TextField(required=False, allow_blank=True, limit=limit_for(RoleProfile, "summary"))
    works_on = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=_chars("works_on"),
    )
    works_with = _items("Who the role works with.")
    responsibilities = _items("At least one responsibility.")
    skills = _items("At least one skill.")
    measured_by = _items("How the role's results are measured.")
    hand_over = TextField(
        required=False, allow_blank=True, limit=limit_for(RoleProfile, "hand_over")
    )
    may = _items("What Twofold lets the role do.")
    may_not = _items("What the role leaves to others.")


class JobDescriptionSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    markdown = serializers.CharField(help_text="The role as a job description, in Markdown.")
