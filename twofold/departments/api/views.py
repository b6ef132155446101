"""REST endpoints of internal requests: parse, call one service, render.

Requests come through selectors, so one the actor may not see is "not found"; the services
decide what the actor may change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from twofold.accounts.selectors.account import account_get_for_actor
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.pagination import KeysetPagination
from twofold.core.api.permissions import PolicyPermission
from twofold.departments import selectors, services
from twofold.departments.api import serializers as s
from twofold.departments.choices import Priority, RequestStatus, RequestType
from twofold.departments.models import InternalRequest
from twofold.people.choices import Department
from twofold.people.models import User
from twofold.policies import Perm

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}


class QueuePagination(KeysetPagination):
    ordering = ("due_at", "id")  # type: ignore[assignment]


class ClosedQueuePagination(KeysetPagination):
    ordering = ("-due_at", "-id")  # type: ignore[assignment]


class QueueView(GenericAPIView[InternalRequest]):
    """The requests the actor sees (a department's queue; an account manager's requests on
    their accounts), soonest due first (keyset pages)."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.REQUEST_VIEW}
    serializer_class = s.RequestOutputSerializer
    queryset = InternalRequest.objects.none()

    @property
    def pagination_class(self) -> Any:  # type: ignore[override]
        closed = self.request.query_params.get("view") == "closed"
        return ClosedQueuePagination if closed else QueuePagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        view = params.get("view", "open")
        return selectors.request_queue(
            actor=actor_of(self.request),
            view=view if view in selectors.QUEUE_VIEWS else "open",
            status=params.get("status", ""),
            priority=params.get("priority", ""),
            type=params.get("type", ""),
            department=params.get("department", ""),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("view", str, enum=list(selectors.QUEUE_VIEWS)),
            OpenApiParameter("status", str, enum=RequestStatus.values),
            OpenApiParameter("priority", str, enum=Priority.values),
            OpenApiParameter("type", str, enum=RequestType.values),
            OpenApiParameter("department", str, enum=Department.values),
        ],
        responses={200: s.RequestOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.RequestOutputSerializer(page, many=True).data)


def _valid(serializer: type[Serializer[Any]], data: Any) -> dict[str, Any]:
    bound = serializer(data=data)
    bound.is_valid(raise_exception=True)
    return dict(bound.validated_data)


def _fresh(actor: User, req: InternalRequest) -> dict[str, Any]:
    fresh = selectors.request_get_for_actor(actor=actor, pk=req.pk)
    return dict(s.RequestDetailSerializer(fresh).data)


class DetailView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.REQUEST_VIEW}

    @extend_schema(responses={200: s.RequestDetailSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        req = selectors.request_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.RequestDetailSerializer(req).data)


# The base of the actions on one request: a subclass names its input and its service in act(),
# and answers with the request as it stands after the action. (A comment, not a docstring:
# drf-spectacular would show a base's docstring on every subclass's operation.)
class RequestActionView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.REQUEST_WORK}
    input_serializer: type[Serializer[Any]] | None = None

    def act(self, actor: User, req: InternalRequest, data: dict[str, Any]) -> InternalRequest:
        raise NotImplementedError

    @extend_schema(request=None, responses={200: s.RequestDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        req = selectors.request_get_for_actor(actor=actor, pk=pk)
        data = _valid(self.input_serializer, request.data) if self.input_serializer else {}
        return Response(_fresh(actor, self.act(actor, req, data)))


class TakeView(RequestActionView):
    def act(self, actor: User, req: InternalRequest, data: dict[str, Any]) -> InternalRequest:
        return services.request_take(actor=actor, request=req)


class StartView(RequestActionView):
    def act(self, actor: User, req: InternalRequest, data: dict[str, Any]) -> InternalRequest:
        return services.request_start(actor=actor, request=req)


@extend_schema_view(post=extend_schema(request=s.AssignInputSerializer))
class AssignView(RequestActionView):
    input_serializer = s.AssignInputSerializer

    def act(self, actor: User, req: InternalRequest, data: dict[str, Any]) -> InternalRequest:
        assignee = (
            selectors.members_of_department(req.department).filter(pk=data["assignee_id"]).first()
        )
        if assignee is None:
            raise ValidationError({"assignee_id": "No such member of the department."})
        return services.request_assign(actor=actor, request=req, assignee=assignee)


@extend_schema_view(post=extend_schema(request=s.ResolveInputSerializer))
class ResolveView(RequestActionView):
    input_serializer = s.ResolveInputSerializer

    def act(self, actor: User, req: InternalRequest, data: dict[str, Any]) -> InternalRequest:
        return services.request_resolve(actor=actor, request=req, outcome=data["outcome"])


@extend_schema_view(post=extend_schema(request=s.DeclineInputSerializer))
class DeclineView(RequestActionView):
    """The department declines, or the requester withdraws their own request."""

    method_perms = {"POST": Perm.REQUEST_VIEW}
    input_serializer = s.DeclineInputSerializer

    def act(self, actor: User, req: InternalRequest, data: dict[str, Any]) -> InternalRequest:
        return services.request_decline(actor=actor, request=req, reason=data["reason"])


class AccountRequestsView(APIView):
    """An account's requests (open first); raising a new one."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.REQUEST_VIEW, "POST": Perm.REQUEST_RAISE}

    @extend_schema(responses={200: s.RequestOutputSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        account = account_get_for_actor(actor=actor, pk=pk)
        rows = selectors.account_requests(actor=actor, account=account)
        return Response(s.RequestOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=s.RaiseInputSerializer, responses={201: s.RequestDetailSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        account = account_get_for_actor(actor=actor, pk=pk)
        data = _valid(s.RaiseInputSerializer, request.data)
        req = services.request_raise(actor=actor, account=account, **data)
        return Response(_fresh(actor, req), status=status.HTTP_201_CREATED)
