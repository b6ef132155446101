"""REST endpoints for pipelines, deals and the board: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold import policies
from twofold.activities import services as activity_services
from twofold.activities.selectors import activities_of
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.core.api.serializers import HistoryEntrySerializer
from twofold.core.params import whole_number
from twofold.parties.models import Company, Contact
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.api import deals_serializers as s
from twofold.sales.choices import OpportunityKind, OpportunityStatus
from twofold.sales.models import Opportunity, OpportunityEvent, Pipeline
from twofold.sales.selectors import deals as selectors
from twofold.sales.selectors import pipelines as pipeline_selectors
from twofold.sales.services import deals as services
from twofold.sales.services import pipelines as pipeline_services
from twofold.sales.services.strategy import deal_strategy_set

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
EVENT_LIMIT = 200


def _int_param(value: str | None) -> int | None:
    return whole_number(value)


def _one(queryset: Any, pk: Any, field: str, label: str) -> Any:
    """Resolve an id from input; an unknown one is reported against ``field``."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"Unknown {label}: {pk}."})
    return found


# --- Pipelines --------------------------------------------------------------------------------


def _specs(rows: list[dict[str, Any]]) -> list[pipeline_services.StageSpec]:
    return [
        pipeline_services.StageSpec(
            name=row["name"], probability=row["probability"], kind=row["kind"], id=row.get("id")
        )
        for row in rows
    ]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("archived", bool, description="Admins: include archived.")],
        responses={200: s.PipelineOutputSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(responses={200: s.PipelineOutputSerializer, **ERRORS}),
)
class PipelineViewSet(viewsets.GenericViewSet[Pipeline]):
    """Pipelines and their stages: read by everyone who works deals, changed by admins."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.OPPORTUNITY_LIST,
        "retrieve": Perm.OPPORTUNITY_LIST,
        "create": Perm.SALES_CONFIGURE,
        "partial_update": Perm.SALES_CONFIGURE,
    }
    serializer_class = s.PipelineOutputSerializer
    queryset = Pipeline.objects.none()
    pagination_class = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        archived = self.request.query_params.get("archived", "").lower() in ("1", "true")
        return pipeline_selectors.pipeline_list(
            actor=actor_of(self.request), include_archived=archived
        )

    def list(self, request: Request) -> Response:
        return Response(s.PipelineOutputSerializer(self.get_queryset(), many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        pipeline = pipeline_selectors.pipeline_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.PipelineOutputSerializer(pipeline).data)

    @extend_schema(
        request=s.PipelineCreateSerializer, responses={201: s.PipelineOutputSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.PipelineCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        pipeline = pipeline_services.pipeline_create(
            actor=actor, name=v["name"], stages=_specs(v["stages"]), is_default=v["is_default"]
        )
        pipeline = pipeline_selectors.pipeline_get_for_actor(actor=actor, pk=pipeline.pk)
        return Response(s.PipelineOutputSerializer(pipeline).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PipelineUpdateSerializer, responses={200: s.PipelineOutputSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        pipeline = pipeline_selectors.pipeline_get_for_actor(actor=actor, pk=pk)
        data = s.PipelineUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        pipeline_services.pipeline_update(
            actor=actor,
            pipeline=pipeline,
            name=v.get("name", pipeline.name),
            is_default=v.get("is_default", pipeline.is_default),
            is_active=v.get("is_active", pipeline.is_active),
            stages=_specs(v["stages"]) if "stages" in v else None,
        )
        pipeline = pipeline_selectors.pipeline_get_for_actor(actor=actor, pk=pk)
        return Response(s.PipelineOutputSerializer(pipeline).data)


# --- Deals ------------------------------------------------------------------------------------

DEAL_FILTERS = [
    OpenApiParameter("status", str, enum=[*OpportunityStatus.values, "all"], default="all"),
    OpenApiParameter("pipeline", int),
    OpenApiParameter("stage", int),
    OpenApiParameter("owner", int),
    OpenApiParameter("kind", str, enum=OpportunityKind.values),
    OpenApiParameter("close_after", str, description="Expected close on or after (YYYY-MM-DD)."),
    OpenApiParameter("close_before", str, description="Expected close on or before."),
    OpenApiParameter("search", str, description="A word of the deal or company name, or a domain."),
    OpenApiParameter(
        "sort",
        str,
        enum=selectors.DEAL_SORTING.params(),
        default="-updated",
    ),
    OpenApiParameter("cursor", str, description="From the previous page's `next`."),
    OpenApiParameter("page_size", int, description="1 to 200, default 50."),
]


def _filters(request: Request) -> selectors.DealFilters:
    params = request.query_params

    def day(name: str) -> Any:
        try:
            return parse_date(params.get(name, "") or "")
        except ValueError as exc:
            raise ValidationError({name: "Use YYYY-MM-DD."}) from exc

    return selectors.DealFilters(
        status=params.get("status", ""),
        pipeline_id=_int_param(params.get("pipeline")),
        stage_id=_int_param(params.get("stage")),
        owner_id=_int_param(params.get("owner")),
        kind=params.get("kind", ""),
        close_after=day("close_after"),
        close_before=day("close_before"),
        q=params.get("search", "").strip(),
        sort=selectors.DEAL_SORTING.parse(params.get("sort"), strict=True).param,
    )


def _strategy_body(opportunity: Opportunity) -> dict[str, Any]:
    strategy = selectors.strategy_of(opportunity=opportunity)
    if strategy is None:
        return {
            "approach": "",
            "key_messages": "",
            "risks": "",
            "next_steps": "",
            "updated_by": None,
            "updated_at": None,
        }
    return s.DealStrategyOutputSerializer(strategy).data


@extend_schema_view(
    list=extend_schema(parameters=DEAL_FILTERS, responses={200: s.OpportunityPageSerializer}),
    retrieve=extend_schema(responses={200: s.OpportunityOutputSerializer, **ERRORS}),
)
class OpportunityViewSet(viewsets.GenericViewSet[Opportunity]):
    """Deals the caller may see (an agent: their own). Object rules are the services'."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.OPPORTUNITY_LIST,
        "retrieve": Perm.OPPORTUNITY_LIST,
        "history": Perm.OPPORTUNITY_LIST,
        "create": Perm.OPPORTUNITY_CREATE,
        "partial_update": Perm.OPPORTUNITY_LIST,
        "move": Perm.OPPORTUNITY_LIST,
        "reassign": Perm.OPPORTUNITY_LIST,
        "strategy": Perm.OPPORTUNITY_LIST,
        "activities": Perm.OPPORTUNITY_LIST,
        "events": Perm.OPPORTUNITY_LIST,
        "stage_times": Perm.OPPORTUNITY_LIST,
    }
    serializer_class = s.OpportunityOutputSerializer
    queryset = Opportunity.objects.none()
    pagination_class = None  # keyset pages from the selector

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.opportunity_list(
            actor=actor_of(self.request), filters=_filters(self.request), agreed=True
        )

    def _deal(self, request: Request, pk: Any) -> Opportunity:
        return selectors.opportunity_get_for_actor(actor=actor_of(request), pk=pk)

    def _out(self, request: Request, pk: Any) -> Response:
        return Response(s.OpportunityOutputSerializer(self._deal(request, pk)).data)

    def list(self, request: Request) -> Response:
        size = _int_param(request.query_params.get("page_size")) or selectors.PAGE_SIZE
        page = selectors.opportunity_page(
            actor=actor_of(request),
            filters=_filters(request),
            after=request.query_params.get("cursor", ""),
            size=max(1, min(size, 200)),
            agreed=True,
        )
        next_url = None
        if page.next_cursor:
            query = request.query_params.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response(
            {
                "next": next_url,
                "results": s.OpportunityOutputSerializer(page.rows, many=True).data,
            }
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._out(request, pk)

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        """Who changed what and when, from where (web, API, CLI, task), newest first."""
        entries = selectors.opportunity_history(opportunity=self._deal(request, pk))
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        request=s.OpportunityCreateSerializer,
        responses={201: s.OpportunityOutputSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.OpportunityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        with transaction.atomic():
            owner = _one(policies.users_visible_to(actor), v.get("owner_id"), "owner_id", "user")
            pipeline = _one(
                pipeline_selectors.pipeline_list(actor=actor),
                v.get("pipeline_id"),
                "pipeline_id",
                "pipeline",
            )
            deal = services.opportunity_create(
                actor=actor,
                name=v["name"],
                owner=owner or actor,
                kind=v["kind"],
                pipeline=pipeline,
                company=_one(Company.objects.all(), v.get("company_id"), "company_id", "company"),
                amount=v["amount"],
                currency=v["currency"],
                expected_close_date=v.get("expected_close_date"),
            )
        response = self._out(request, deal.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        request=s.OpportunityUpdateSerializer,
        responses={200: s.OpportunityOutputSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        deal = self._deal(request, pk)
        data = s.OpportunityUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        contact = deal.contact
        if "contact_id" in v:
            contact = _one(Contact.objects.all(), v["contact_id"], "contact_id", "contact")
        services.opportunity_update(
            actor=actor,
            opportunity=deal,
            name=v.get("name", deal.name),
            expected_close_date=v.get("expected_close_date", deal.expected_close_date),
            next_step=v.get("next_step", deal.next_step),
            next_step_due=v.get("next_step_due", deal.next_step_due),
            contact=contact,
            currency=v.get("currency", deal.currency),
            amount=v.get("amount", deal.amount),
            buying_centre=v.get("buying_centre"),
        )
        return self._out(request, pk)

    @extend_schema(
        request=s.DealMoveSerializer, responses={200: s.OpportunityOutputSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        deal = self._deal(request, pk)
        data = s.DealMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stage = selectors.stage_get_for_pipeline(
            pipeline_id=deal.pipeline_id, pk=data.validated_data["stage_id"]
        )
        services.opportunity_move(actor=actor_of(request), opportunity=deal, stage=stage)
        return self._out(request, pk)

    @extend_schema(
        request=s.DealReassignSerializer, responses={200: s.OpportunityOutputSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        deal = self._deal(request, pk)
        data = s.DealReassignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        policies.require(actor, Perm.OPPORTUNITY_REASSIGN, deal)
        owner: User = _one(policies.users_visible_to(actor), v["owner_id"], "owner_id", "user")
        services.opportunity_reassign(
            actor=actor, opportunity=deal, owner=owner, reason=v["reason"]
        )
        return self._out(request, pk)

    @extend_schema(
        methods=["GET"], request=None, responses={200: s.DealStrategyOutputSerializer, **ERRORS}
    )
    @extend_schema(
        methods=["PUT"],
        request=s.DealStrategyInputSerializer,
        responses={200: s.DealStrategyOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "put"])
    def strategy(self, request: Request, pk: str) -> Response:
        deal = self._deal(request, pk)
        if request.method == "PUT":
            data = s.DealStrategyInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            deal_strategy_set(actor=actor_of(request), opportunity=deal, **data.validated_data)
        return Response(_strategy_body(deal))

    @extend_schema(
        methods=["GET"], request=None, responses={200: s.DealActivityOutputSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"],
        request=s.DealActivityInputSerializer,
        responses={201: s.DealActivityOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def activities(self, request: Request, pk: str) -> Response:
        deal = self._deal(request, pk)
        if request.method == "POST":
            data = s.DealActivityInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            activity = activity_services.activity_log(
                actor=actor_of(request), opportunity=deal, **data.validated_data
            )
            return Response(
                s.DealActivityOutputSerializer(activity).data, status=status.HTTP_201_CREATED
            )
        return Response(
            s.DealActivityOutputSerializer(activities_of(opportunity=deal), many=True).data
        )

    @extend_schema(responses={200: s.DealEventSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str) -> Response:
        deal = self._deal(request, pk)
        events = (
            OpportunityEvent.objects.filter(opportunity=deal)
            .select_related("actor")
            .order_by("-at", "-id")[:EVENT_LIMIT]
        )
        body = [
            {
                "id": event.pk,
                "type": event.type,
                "actor": event.actor,
                "at": event.at,
                "data": event.data,
                "text": selectors.describe_event(event),
            }
            for event in events
        ]
        return Response(s.DealEventSerializer(body, many=True).data)

    @extend_schema(responses={200: s.DealStageTimeSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], url_path="stage-times")
    def stage_times(self, request: Request, pk: str) -> Response:
        deal = self._deal(request, pk)
        stints = selectors.stage_times(opportunity=deal)
        return Response(s.DealStageTimeSerializer(stints, many=True).data)


class BoardView(APIView):
    """The open stages of a pipeline with each column's count, sums and newest cards."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST}

    @extend_schema(
        parameters=[
            OpenApiParameter("pipeline", int, description="The default pipeline if left out."),
            OpenApiParameter("owner", int),
            OpenApiParameter("mine", bool),
        ],
        responses={200: s.BoardSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        params = request.query_params
        pipeline = pipeline_selectors.pipeline_for_board(actor=actor, pk=params.get("pipeline"))
        if pipeline is None:
            raise ValidationError({"pipeline": "No pipeline is set up yet."})
        mine = params.get("mine", "").lower() in ("1", "true")
        board = selectors.board_for(
            actor=actor,
            pipeline=pipeline,
            owner_id=actor.pk if mine else _int_param(params.get("owner")),
        )
        return Response(s.BoardSerializer(board).data)
