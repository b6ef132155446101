from __future__ import annotations

from typing import Any

from rest_framework import serializers

from twofold.core.api.serializers import TextField
from twofold.core.text_limits import limit_for
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import ApiToken, Team, User


class TeamRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=TeamKind.choices)


class UserRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    email = serializers.EmailField()


class UserOutputSerializer(serializers.ModelSerializer[User]):
    roles = serializers.SerializerMethodField()
    teams = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "job_title",
            "phone",
            "is_active",
            "date_joined",
            "deactivated_at",
            "roles",
            "teams",
        ]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.roles)

    def get_teams(self, user: User) -> list[dict[str, Any]]:
        return [
            {"id": m.team.pk, "name": m.team.name, "kind": m.team.kind}
            for m in user.memberships.all()
        ]


class UserCreateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=150)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False, default=list
    )
    team_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    invite = serializers.BooleanField(
        default=True, help_text="E-mail the person a link to choose their password."
    )


class UserUpdateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(required=False)
    full_name = serializers.CharField(max_length=150, required=False)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False
    )
    team_ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class DeactivateSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class RoleSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class TeamOutputSerializer(serializers.ModelSerializer[Team]):
    lead = UserRefSerializer(allow_null=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "name",
            "kind",
            "department",
            "lead",
            "description",
            "is_active",
            "created_at",
            "member_count",
        ]


class TeamDetailSerializer(TeamOutputSerializer):
    members = serializers.SerializerMethodField()

    class Meta(TeamOutputSerializer.Meta):
        fields = [*TeamOutputSerializer.Meta.fields, "members"]

    def get_members(self, team: Team) -> list[dict[str, Any]]:
        return [
            {"id": m.user.pk, "full_name": m.user.full_name, "email": m.user.email}
            for m in team.memberships.all()
        ]


class TeamCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=TeamKind.choices)
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, allow_blank=True, default=""
    )
    lead_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Team, "description")
    )
    member_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )


class TeamUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120, required=False)
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, allow_blank=True
    )
    lead_id = serializers.IntegerField(required=False, allow_null=True)
    description = TextField(required=False, allow_blank=True, limit=limit_for(Team, "description"))
    is_active = serializers.BooleanField(required=False)
    member_ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class TokenOutputSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]


class TokenCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=80)


class TokenIssuedSerializer(TokenOutputSerializer):
    key = serializers.CharField(help_text="Shown once: store it now.")

    class Meta(TokenOutputSerializer.Meta):
        fields = [*TokenOutputSerializer.Meta.fields, "key"]
