"""REST endpoints of the sales reports and the sales meetings: parse, call one selector or
service, render. The report answers the selectors' dataclasses as they are."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold import policies
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.core.params import whole_number
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.api import insights_serializers as s
from twofold.sales.models import SalesMeeting
from twofold.sales.selectors import meetings as meeting_selectors
from twofold.sales.selectors import reports as selectors
from twofold.sales.services import meetings as services

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}


class SalesReportView(APIView):
    """Every sales report for the period and team: a sales lead's teams, or (admins)
    everything. Money per currency, never converted."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.SALES_REPORTS}

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="First day, YYYY-MM-DD (1 January)."),
            OpenApiParameter("to", str, description="Last day, YYYY-MM-DD (31 December)."),
            OpenApiParameter("team", int, description="One of the teams the caller runs."),
        ],
        responses={200: s.SalesReportSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.parse_filters(
            date_from=params.get("from"), date_to=params.get("to"), team=params.get("team")
        )
        report = selectors.sales_report(actor=actor_of(request), filters=filters)
        return Response(s.SalesReportSerializer(report).data)


def _team_member(meeting: SalesMeeting, pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    user = meeting_selectors.action_owner_choices(meeting=meeting).filter(pk=pk).first()
    if user is None:
        raise ValidationError({field: "No such member of the team."})
    return user


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("team", int, description="Only this team's meetings.")],
        responses={200: s.MeetingOutputSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(responses={200: s.MeetingDetailSerializer, **READ_ERRORS}),
)
class SalesMeetingViewSet(viewsets.GenericViewSet[SalesMeeting]):
    """Sales meetings of the teams the caller leads or belongs to (admins: every sales team);
    only the team's sales lead schedules them, writes notes and records decisions."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.SALES_MEETING_VIEW,
        "retrieve": Perm.SALES_MEETING_VIEW,
        "create": Perm.SALES_MEETINGS,
        "partial_update": Perm.SALES_MEETINGS,
        "decisions": Perm.SALES_MEETINGS,
    }
    serializer_class = s.MeetingOutputSerializer
    queryset = SalesMeeting.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        raw = self.request.query_params.get("team", "")
        return meeting_selectors.meeting_list(
            actor=actor_of(self.request), team_id=whole_number(raw)
        )

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.MeetingOutputSerializer(page, many=True).data)

    def _detail(self, meeting: SalesMeeting, code: int = status.HTTP_200_OK) -> Response:
        decisions = meeting_selectors.decisions_of(meeting=meeting)
        data = s.MeetingDetailSerializer(meeting, context={"decisions": decisions}).data
        return Response(data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        meeting = meeting_selectors.meeting_get_for_actor(actor=actor_of(request), pk=pk)
        return self._detail(meeting)

    @extend_schema(
        request=s.MeetingCreateSerializer, responses={201: s.MeetingDetailSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.MeetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team = meeting_selectors.team_get_for_meetings(
            actor=actor, pk=data.validated_data["team_id"]
        )
        meeting = services.sales_meeting_schedule(
            actor=actor, team=team, scheduled_for=data.validated_data["scheduled_for"]
        )
        meeting = meeting_selectors.meeting_get_for_actor(actor=actor, pk=meeting.pk)
        return self._detail(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.MeetingNotesSerializer, responses={200: s.MeetingDetailSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        meeting = meeting_selectors.meeting_get_for_actor(actor=actor, pk=pk)
        policies.require(actor, Perm.SALES_MEETINGS, meeting)  # members read; the lead runs
        data = s.MeetingNotesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.sales_meeting_update_notes(
            actor=actor, meeting=meeting, notes=data.validated_data["notes"]
        )
        return self._detail(meeting)

    @extend_schema(
        request=s.DecisionInputSerializer, responses={201: s.DecisionOutputSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: str) -> Response:
        """Record a decision; with an action item it becomes a task on the deal."""
        actor = actor_of(request)
        meeting = meeting_selectors.meeting_get_for_actor(actor=actor, pk=pk)
        policies.require(actor, Perm.SALES_MEETINGS, meeting)  # members read; the lead runs
        data = s.DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        deal_id = v.get("opportunity_id")
        deal = (
            meeting_selectors.decision_deal_get(meeting=meeting, pk=deal_id)
            if deal_id is not None
            else None
        )
        decision = services.sales_meeting_record_decision(
            actor=actor,
            meeting=meeting,
            text=v["text"],
            opportunity=deal,
            action_subject=v.get("action_subject", ""),
            action_owner=_team_member(meeting, v.get("action_owner_id"), "action_owner_id"),
            action_due_on=v.get("action_due_on"),
        )
        return Response(s.DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)
