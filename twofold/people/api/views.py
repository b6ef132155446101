"""REST endpoints for people, roles, teams and API tokens: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.core.api.serializers import HistoryEntrySerializer
from twofold.core.params import whole_number
from twofold.people import access, selectors, services
from twofold.people.api import serializers as s
from twofold.people.choices import Role
from twofold.people.models import ApiToken, Team, User
from twofold.policies import Perm

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class MeView(APIView):
    """The signed-in user."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.USER_LIST}

    @extend_schema(responses={200: s.UserOutputSerializer, 403: ErrorSerializer})
    def get(self, request: Request) -> Response:
        me = selectors.user_get_for_actor(actor=actor_of(request), pk=actor_of(request).pk)
        return Response(s.UserOutputSerializer(me).data)


class RoleListView(APIView):
    """The roles a user can hold."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.USER_LIST}

    @extend_schema(responses={200: s.RoleSerializer(many=True), 403: ErrorSerializer})
    def get(self, request: Request) -> Response:
        return Response([{"value": v, "label": label} for v, label in Role.choices])


USER_FILTERS = [
    OpenApiParameter("search", str, description="Part of the name or e-mail."),
    OpenApiParameter("role", str, enum=Role.values),
    OpenApiParameter("team", int),
    OpenApiParameter("active", bool, description="Default true; admins may ask for false."),
]


@extend_schema_view(
    list=extend_schema(parameters=USER_FILTERS, responses={200: s.UserOutputSerializer, **ERRORS}),
    retrieve=extend_schema(responses={200: s.UserOutputSerializer, **ERRORS}),
)
class UserViewSet(viewsets.GenericViewSet[User]):
    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.USER_LIST,
        "retrieve": Perm.USER_LIST,
        "create": Perm.USER_MANAGE,
        "partial_update": Perm.USER_MANAGE,
        "deactivate": Perm.USER_MANAGE,
        "reactivate": Perm.USER_MANAGE,
        "history": Perm.USER_LIST,
    }
    serializer_class = s.UserOutputSerializer
    queryset = User.objects.none()  # tells the schema the model; rows come from selectors

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        active_param = params.get("active", "true").lower()
        active = None if active_param == "all" else active_param not in ("false", "0")
        team = params.get("team")
        return selectors.user_list(
            actor=actor_of(self.request),
            search=params.get("search", "").strip(),
            role=params.get("role", ""),
            team_id=whole_number(team),
            active=active,
        )

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.UserOutputSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        user = selectors.user_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.UserOutputSerializer(user).data)

    @extend_schema(
        request=s.UserCreateSerializer, responses={201: s.UserOutputSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        with transaction.atomic():
            user = services.user_create(
                actor=actor,
                email=v["email"],
                full_name=v["full_name"],
                job_title=v.get("job_title", ""),
                phone=v.get("phone", ""),
                roles=v["roles"],
                teams=selectors.teams_by_ids(actor=actor, ids=v["team_ids"]),
                invite=v["invite"],
            )
        user = selectors.user_get_for_actor(actor=actor, pk=user.pk)
        return Response(s.UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.UserUpdateSerializer, responses={200: s.UserOutputSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        user = selectors.user_get_for_actor(actor=actor, pk=pk)
        data = s.UserUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        teams = v.get("team_ids")
        services.user_change(
            actor=actor,
            user=user,
            full_name=v.get("full_name", user.full_name),
            email=v.get("email", user.email),
            job_title=v.get("job_title", user.job_title),
            phone=v.get("phone", user.phone),
            roles=v.get("roles"),
            teams=None if teams is None else selectors.teams_by_ids(actor=actor, ids=teams),
        )
        user = selectors.user_get_for_actor(actor=actor, pk=user.pk)
        return Response(s.UserOutputSerializer(user).data)

    @extend_schema(
        request=s.DeactivateSerializer, responses={200: s.UserOutputSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        user = selectors.user_get_for_actor(actor=actor, pk=pk)
        data = s.DeactivateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_deactivate(
            actor=actor, user=user, reason=data.validated_data.get("reason", "")
        )
        return Response(
            s.UserOutputSerializer(selectors.user_get_for_actor(actor=actor, pk=pk)).data
        )

    @extend_schema(request=None, responses={200: s.UserOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        user = selectors.user_get_for_actor(actor=actor, pk=pk)
        services.user_reactivate(actor=actor, user=user)
        return Response(
            s.UserOutputSerializer(selectors.user_get_for_actor(actor=actor, pk=pk)).data
        )

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        user = selectors.user_get_for_actor(actor=actor, pk=pk)
        entries = selectors.user_history(actor=actor, user=user)
        return Response(HistoryEntrySerializer(entries, many=True).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("kind", str), OpenApiParameter("archived", bool)],
        responses={200: s.TeamOutputSerializer, **ERRORS},
    ),
    retrieve=extend_schema(responses={200: s.TeamDetailSerializer, **ERRORS}),
)
class TeamViewSet(viewsets.GenericViewSet[Any]):
    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.TEAM_LIST,
        "retrieve": Perm.TEAM_LIST,
        "create": Perm.TEAM_MANAGE,
        "partial_update": Perm.TEAM_MANAGE,
        "history": Perm.TEAM_LIST,
    }
    serializer_class = s.TeamOutputSerializer
    queryset = Team.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        return selectors.team_list(
            actor=actor_of(self.request),
            kind=params.get("kind", ""),
            include_archived=params.get("archived", "").lower() in ("1", "true"),
        )

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.TeamOutputSerializer(page, many=True).data)

    def _detail(self, actor: User, pk: Any) -> Response:
        team = selectors.team_get_for_actor(actor=actor, pk=pk)
        team.member_count = len(team.memberships.all())  # type: ignore[attr-defined]
        return Response(s.TeamDetailSerializer(team).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(actor_of(request), pk)

    @extend_schema(
        request=s.TeamCreateSerializer, responses={201: s.TeamDetailSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.TeamCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        lead = v["lead_id"]
        with transaction.atomic():
            team = services.team_create(
                actor=actor,
                name=v["name"],
                kind=v["kind"],
                department=v["department"],
                lead=None
                if lead is None
                else selectors.users_by_ids(actor=actor, ids=[lead], field="lead_id")[0],
                description=v["description"],
                members=selectors.users_by_ids(actor=actor, ids=v["member_ids"]),
            )
        response = self._detail(actor, team.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        request=s.TeamUpdateSerializer, responses={200: s.TeamDetailSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        team = selectors.team_get_for_actor(actor=actor, pk=pk)
        data = s.TeamUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        lead = team.lead
        if "lead_id" in v:
            lead = (
                None
                if v["lead_id"] is None
                else selectors.users_by_ids(actor=actor, ids=[v["lead_id"]], field="lead_id")[0]
            )
        members = v.get("member_ids")
        services.team_update(
            actor=actor,
            team=team,
            name=v.get("name", team.name),
            lead=lead,
            description=v.get("description", team.description),
            department=v.get("department"),
            is_active=v.get("is_active", team.is_active),
            members=None if members is None else selectors.users_by_ids(actor=actor, ids=members),
        )
        return self._detail(actor, team.pk)

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        team = selectors.team_get_for_actor(actor=actor, pk=pk)
        entries = selectors.team_history(actor=actor, team=team)
        return Response(HistoryEntrySerializer(entries, many=True).data)


@extend_schema_view(
    list=extend_schema(responses={200: s.TokenOutputSerializer, **ERRORS}),
    destroy=extend_schema(responses={204: None, **ERRORS}),
)
class TokenViewSet(viewsets.GenericViewSet[Any]):
    """Your own API tokens. Deleting one revokes it (the record stays)."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.TOKEN_MANAGE_OWN,
        "create": Perm.TOKEN_MANAGE_OWN,
        "destroy": Perm.TOKEN_MANAGE_OWN,
    }
    serializer_class = s.TokenOutputSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.token_list(actor=actor_of(self.request))

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.TokenOutputSerializer(page, many=True).data)

    @extend_schema(
        request=s.TokenCreateSerializer, responses={201: s.TokenIssuedSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = access.api_token_create(actor=actor, user=actor, name=data.validated_data["name"])
        body = {**s.TokenOutputSerializer(issued.token).data, "key": issued.key}
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        token = selectors.token_get_for_actor(actor=actor, pk=pk)
        access.api_token_revoke(actor=actor, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
