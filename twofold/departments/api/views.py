"""REST endpoints of internal requests: parse, call one service, render.

Requests come through selectors, so one the actor may not see is "not found"; the services
decide what the actor may change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
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
from twofold.policies import Perm

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}


class QueuePagination(KeysetPagination):
    ordering = ("due_at", "id")  # type: ignore[assignment]


class ClosedQueuePagination(KeysetPagination):
    ordering = ("-due_at", "-id")  # type: ignore[assignment]


class QueueView(GenericAPIView[InternalRequest]):
    """The actor's departments' requests, soonest due first (keyset pages)."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.REQUEST_QUEUE}
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


class DetailView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.REQUEST_VIEW}

    @extend_schema(responses={200: s.RequestDetailSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        req = selectors.request_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.RequestDetailSerializer(req).data)


def _fresh(actor: Any, req: InternalRequest) -> dict[str, Any]:
    fresh = selectors.request_get_for_actor(actor=actor, pk=req.pk)
    return dict(s.RequestDetailSerializer(fresh).data)


class TakeView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.REQUEST_WORK}

    @extend_schema(request=None, responses={200: s.RequestDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        req = selectors.request_get_for_actor(actor=actor, pk=pk)
        return Response(_fresh(actor, services.request_take(actor=actor, request=req)))


class StartView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.REQUEST_WORK}

    @extend_schema(request=None, responses={200: s.RequestDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        req = selectors.request_get_for_actor(actor=actor, pk=pk)
        return Response(_fresh(actor, services.request_start(actor=actor, request=req)))


class AssignView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.REQUEST_WORK}

    @extend_schema(
        request=s.AssignInputSerializer, responses={200: s.RequestDetailSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        req = selectors.request_get_for_actor(actor=actor, pk=pk)
        data = s.AssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = (
            selectors.members_of_department(req.department)
            .filter(pk=data.validated_data["assignee_id"])
            .first()
        )
        if assignee is None:
            raise ValidationError({"assignee_id": "No such member of the department."})
        return Response(
            _fresh(actor, services.request_assign(actor=actor, request=req, assignee=assignee))
        )


class ResolveView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.REQUEST_WORK}

    @extend_schema(
        request=s.ResolveInputSerializer, responses={200: s.RequestDetailSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        req = selectors.request_get_for_actor(actor=actor, pk=pk)
        data = s.ResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.request_resolve(
            actor=actor, request=req, outcome=data.validated_data["outcome"]
        )
        return Response(_fresh(actor, done))


class DeclineView(APIView):
    """The department declines, or the requester withdraws their own request."""

    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.REQUEST_VIEW}

    @extend_schema(
        request=s.DeclineInputSerializer, responses={200: s.RequestDetailSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        req = selectors.request_get_for_actor(actor=actor, pk=pk)
        data = s.DeclineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.request_decline(
            actor=actor, request=req, reason=data.validated_data["reason"]
        )
        return Response(_fresh(actor, done))


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
        data = s.RaiseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.request_raise(actor=actor, account=account, **data.validated_data)
        return Response(_fresh(actor, req), status=status.HTTP_201_CREATED)
