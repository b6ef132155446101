"""REST endpoints for hand-overs: parse, call one service, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.pagination import KeysetPagination
from twofold.core.api.permissions import PolicyPermission
from twofold.core.api.serializers import HistoryEntrySerializer
from twofold.core.params import Params
from twofold.handover import selectors, services
from twofold.handover.api import serializers as s
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage
from twofold.policies import Perm

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
LIST_FILTERS = [
    OpenApiParameter("tab", str, enum=list(selectors.TABS), default="all"),
    OpenApiParameter("status", str, enum=HandoverStatus.values),
    OpenApiParameter("cursor", str, description="From the previous page's `next`."),
    OpenApiParameter("page_size", int, description="1 to 200, default 50."),
]


@extend_schema_view(
    list=extend_schema(parameters=LIST_FILTERS, responses={200: s.HandoverPageSerializer}),
    retrieve=extend_schema(responses={200: s.HandoverDetailSerializer, **ERRORS}),
)
class HandoverViewSet(viewsets.GenericViewSet[HandoverPackage]):
    """Hand-overs the caller may see. Who may fill in, route or decide is the services' rule."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.HANDOVER_LIST,
        "retrieve": Perm.HANDOVER_LIST,
        "history": Perm.HANDOVER_LIST,
        "partial_update": Perm.HANDOVER_LIST,
        "submit": Perm.HANDOVER_LIST,
        "route": Perm.HANDOVER_LIST,
        "accept": Perm.HANDOVER_LIST,
        "send_back": Perm.HANDOVER_LIST,
        "answer": Perm.HANDOVER_LIST,
        "report": Perm.HANDOVER_REPORT,
    }
    serializer_class = s.HandoverOutputSerializer
    queryset = HandoverPackage.objects.none()
    pagination_class = KeysetPagination
    # The service names the person; the client sent their id.
    service_error_fields = {"receiver": "receiver_id"}

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        filters = selectors.HandoverFilters(
            tab=params.get("tab", "all"), status=params.get("status", "")
        )
        return selectors.handover_list(actor=actor_of(self.request), filters=filters)

    def _package(self, request: Request, pk: Any) -> HandoverPackage:
        return selectors.handover_get_for_actor(actor=actor_of(request), pk=pk)

    def _out(self, request: Request, pk: Any) -> Response:
        return Response(s.HandoverDetailSerializer(self._package(request, pk)).data)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.HandoverOutputSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._out(request, pk)

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        """Who changed what and when, from where (web, API, CLI, task), newest first."""
        entries = selectors.handover_history(package=self._package(request, pk))
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        request=s.HandoverUpdateSerializer,
        responses={200: s.HandoverDetailSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        package = self._package(request, pk)
        data = s.HandoverUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.handover_update(actor=actor_of(request), package=package, **data.validated_data)
        return self._out(request, pk)

    @extend_schema(request=None, responses={200: s.HandoverDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        services.handover_submit(actor=actor_of(request), package=self._package(request, pk))
        return self._out(request, pk)

    @extend_schema(
        request=s.HandoverRouteSerializer, responses={200: s.HandoverDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str) -> Response:
        package = self._package(request, pk)
        data = s.HandoverRouteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        receiver = (
            selectors.receiver_choices().filter(pk=data.validated_data["receiver_id"]).first()
        )
        if receiver is None:
            raise ValidationError(
                {"receiver_id": "Not an active account manager or key account manager."}
            )
        services.handover_route(actor=actor_of(request), package=package, receiver=receiver)
        return self._out(request, pk)

    @extend_schema(request=None, responses={200: s.HandoverDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        services.handover_accept(actor=actor_of(request), package=self._package(request, pk))
        return self._out(request, pk)

    @extend_schema(
        request=s.HandoverSendBackSerializer, responses={200: s.HandoverDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str) -> Response:
        package = self._package(request, pk)
        data = s.HandoverSendBackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.handover_send_back(
            actor=actor_of(request), package=package, questions=data.validated_data["questions"]
        )
        return self._out(request, pk)

    @extend_schema(
        request=s.HandoverAnswerSerializer, responses={200: s.HandoverDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        package = self._package(request, pk)
        data = s.HandoverAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.handover_answer(
            actor=actor_of(request), package=package, answer=data.validated_data["answer"]
        )
        return self._out(request, pk)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", str, description="YYYY-MM-DD from 1900; default 90 days before end."
            ),
            OpenApiParameter("end", str, description="YYYY-MM-DD to 9998; default today."),
        ],
        responses={200: s.HandoverReportSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get"])
    def report(self, request: Request) -> Response:
        read = Params(request.query_params)
        end = read.day("end") or timezone.localdate()
        start = read.day("start") or end - timedelta(days=89)
        read.raise_errors()
        if start > end:
            raise ValidationError({"start": "The period starts on or before its end."})
        report = selectors.handover_report(actor=actor_of(request), start=start, end=end)
        return Response(s.HandoverReportSerializer(report).data)
