"""REST endpoints for the role handbook: parse, call one service or selector, render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.core.api.serializers import HistoryEntrySerializer
from twofold.handbook import selectors, services
from twofold.handbook.api import serializers as s
from twofold.handbook.job_description import role_profile_markdown
from twofold.handbook.models import RoleProfile
from twofold.handbook.services import LINE_FIELDS
from twofold.people.choices import Role
from twofold.policies import Perm

if TYPE_CHECKING:
    pass

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}
ROLE = OpenApiParameter("role", str, OpenApiParameter.PATH, enum=Role.values)
EDITABLE = (
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
)


@extend_schema_view(
    list=extend_schema(
        description="Every role's page, in the order roles are listed in Twofold.",
        responses={200: s.RoleProfileOutputSerializer(many=True), 403: ErrorSerializer},
    ),
    retrieve=extend_schema(
        description="One role's page.",
        parameters=[ROLE],
        responses={200: s.RoleProfileOutputSerializer, **READ_ERRORS},
    ),
)
class RoleProfileViewSet(viewsets.GenericViewSet[RoleProfile]):
    """The role handbook: one page per role. Everyone signed in reads it; admins edit it."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.HANDBOOK_VIEW,
        "retrieve": Perm.HANDBOOK_VIEW,
        "job_description": Perm.HANDBOOK_VIEW,
        "partial_update": Perm.HANDBOOK_EDIT,
        "history": Perm.HANDBOOK_EDIT,
    }
    serializer_class = s.RoleProfileOutputSerializer
    # Only for the schema (it types the ``role`` path parameter); reads go through selectors.
    queryset = RoleProfile.objects.none()
    pagination_class = None  # one page per role: never more than a handful
    lookup_field = "role"
    lookup_value_regex = r"[a-z_]+"

    def list(self, request: Request) -> Response:
        profiles = selectors.role_profile_list(actor=actor_of(request))
        return Response(s.RoleProfileOutputSerializer(profiles, many=True).data)

    def retrieve(self, request: Request, role: str) -> Response:
        profile = selectors.role_profile_get_for_actor(actor=actor_of(request), role=role)
        return Response(s.RoleProfileOutputSerializer(profile).data)

    @extend_schema(
        description="Change a role's page (admins). Fields left out keep their value.",
        parameters=[ROLE],
        request=s.RoleProfileUpdateSerializer,
        responses={200: s.RoleProfileOutputSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, role: str) -> Response:
        actor = actor_of(request)
        profile = selectors.role_profile_get_for_actor(actor=actor, role=role)
        data = s.RoleProfileUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = {name: getattr(profile, name) for name in EDITABLE}
        for name, value in data.validated_data.items():
            values[name] = "\n".join(value) if name in LINE_FIELDS else value
        services.role_profile_update(actor=actor, profile=profile, **values)
        return Response(s.RoleProfileOutputSerializer(profile).data)

    @extend_schema(
        description="Who changed the page, when, from where and what, newest first (admins).",
        parameters=[ROLE],
        responses={200: HistoryEntrySerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, role: str) -> Response:
        actor = actor_of(request)
        profile = selectors.role_profile_get_for_actor(actor=actor, role=role)
        entries = selectors.role_profile_history(actor=actor, profile=profile)
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        description="The role as a job description in Markdown, for a hiring manager.",
        parameters=[ROLE],
        responses={200: s.JobDescriptionSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="job-description")
    def job_description(self, request: Request, role: str) -> Response:
        profile = selectors.role_profile_get_for_actor(actor=actor_of(request), role=role)
        body = {"role": profile.role, "markdown": role_profile_markdown(profile)}
        return Response(s.JobDescriptionSerializer(body).data)
