"""REST endpoints for leads, routing rules and web forms: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from twofold.activities.selectors import activities_of
from twofold.activities.services import activity_log
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.pagination import KeysetPagination
from twofold.core.api.permissions import PolicyPermission
from twofold.core.api.serializers import HistoryEntrySerializer
from twofold.people.models import Team, User
from twofold.policies import Perm
from twofold.sales.api import leads_serializers as s
from twofold.sales.choices import LeadSource, LeadStatus
from twofold.sales.models import AssignmentRule, Lead, Partner, WebForm
from twofold.sales.selectors import leads as selectors
from twofold.sales.services import leads as services
from twofold.sales.services import routing

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class LeadPagination(KeysetPagination):
    """Newest first by ``(-created_at, -id)``, the order of the ``sales_lead_*`` indexes."""

    ordering = ("-created_at", "-id")  # type: ignore[assignment]


def _user(actor: User, pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    found = selectors.users_by_ids(actor=actor, ids=[pk]).get(pk)
    if found is None:
        raise ValidationError({field: "No such user."})
    return found


def _partner(pk: int | None) -> Partner | None:
    if pk is None:
        return None
    partner = Partner.objects.filter(pk=pk, is_active=True).first()
    if partner is None:
        raise ValidationError({"partner_id": "No such partner."})
    return partner


def _lead_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k not in ("partner_id", "status")}
    if "partner_id" in data:
        fields["partner"] = _partner(data["partner_id"])
    return fields


LEAD_FILTERS = [
    OpenApiParameter("status", str, enum=LeadStatus.values),
    OpenApiParameter("source", str, enum=LeadSource.values),
    OpenApiParameter("owner", str, description="A user id, `me` or `none` (unassigned)."),
    OpenApiParameter("region", str),
    OpenApiParameter("industry", str),
    OpenApiParameter(
        "search",
        str,
        description="Start of a name, company or e-mail, or an exact company domain.",
    ),
]


@extend_schema_view(
    list=extend_schema(parameters=LEAD_FILTERS, responses={200: s.LeadOutputSerializer, **ERRORS}),
    retrieve=extend_schema(responses={200: s.LeadOutputSerializer, **ERRORS}),
)
class LeadViewSet(viewsets.GenericViewSet[Lead]):
    """Leads the caller may see. Keyset-paginated, newest first."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.LEAD_LIST,
        "retrieve": Perm.LEAD_LIST,
        "history": Perm.LEAD_LIST,
        "create": Perm.LEAD_CREATE,
        "partial_update": Perm.LEAD_LIST,  # the service decides on the row (LEAD_EDIT)
        "qualify": Perm.LEAD_LIST,
        "disqualify": Perm.LEAD_LIST,
        "reassign": Perm.LEAD_LIST,
        "activities": Perm.LEAD_LIST,
        "events": Perm.LEAD_LIST,
    }
    serializer_class = s.LeadOutputSerializer
    pagination_class = LeadPagination
    queryset = Lead.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        filters = selectors.LeadFilters(
            status=params.get("status", "")[:20],
            source=params.get("source", "")[:20],
            owner=params.get("owner", "")[:12],
            region=params.get("region", "")[:80],
            industry=params.get("industry", "")[:80],
            q=params.get("search", "")[: selectors.SEARCH_MAX],
        )
        return selectors.lead_queryset_for_api(actor=actor_of(self.request), filters=filters)

    def _lead(self, request: Request, pk: str) -> Lead:
        return selectors.lead_get_for_actor(actor=actor_of(request), pk=pk)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.LeadOutputSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.LeadOutputSerializer(self._lead(request, pk)).data)

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        """Who changed what and when, from where (web, API, CLI, task), newest first."""
        entries = selectors.lead_history(lead=self._lead(request, pk))
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        request=s.LeadCreateSerializer,
        responses={201: s.LeadCreatedSerializer, **ERRORS},
        description="Creates the lead and answers with its likely duplicates (never refused "
        "for being one). With `route: true` the routing rules choose its owner even when you "
        "would keep it yourself (lead generators, agents).",
    )
    def create(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.LeadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.lead_create(actor=actor, **_lead_fields(dict(data.validated_data)))
        try:
            lead = selectors.lead_get_for_actor(actor=actor, pk=created.lead.pk)
        except Http404:  # routed to a team the creator does not see: they still get it back
            lead = created.lead
        body = s.LeadCreatedSerializer(lead, context={"duplicates": created.duplicates}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.LeadUpdateSerializer, responses={200: s.LeadOutputSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        lead = self._lead(request, pk)
        data = s.LeadUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = _lead_fields(dict(data.validated_data))
        if "status" in data.validated_data:
            changes["status"] = data.validated_data["status"]
        services.lead_update(actor=actor, lead=lead, **changes)
        return Response(s.LeadOutputSerializer(self._lead(request, pk)).data)

    @extend_schema(request=s.QualifySerializer, responses={200: s.QualifiedSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def qualify(self, request: Request, pk: str) -> Response:
        """Hand the lead to a BDM as a new-business deal; again: the same deal."""
        actor = actor_of(request)
        lead = self._lead(request, pk)
        data = s.QualifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bdm = _user(actor, data.validated_data.get("bdm_id"), "bdm_id")
        opportunity = services.lead_qualify(
            actor=actor,
            lead=lead,
            bdm=bdm,
            note=data.validated_data["note"],
            kind=data.validated_data["kind"],
        )
        owner = opportunity.owner
        return Response(
            {
                "lead": s.LeadOutputSerializer(self._lead(request, pk)).data,
                "opportunity_id": opportunity.pk,
                "opportunity_name": opportunity.name,
                "bdm": {"id": owner.pk, "full_name": owner.full_name},
            }
        )

    @extend_schema(
        request=s.DisqualifySerializer, responses={200: s.LeadOutputSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def disqualify(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        lead = self._lead(request, pk)
        data = s.DisqualifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.lead_disqualify(actor=actor, lead=lead, reason=data.validated_data["reason"])
        return Response(s.LeadOutputSerializer(self._lead(request, pk)).data)

    @extend_schema(request=s.ReassignSerializer, responses={200: s.LeadOutputSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        lead = self._lead(request, pk)
        data = s.ReassignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        owner = _user(actor, data.validated_data["owner_id"], "owner_id")
        if owner is None:
            raise ValidationError({"owner_id": "Say who gets the lead."})
        try:
            routing.lead_reassign(
                actor=actor, lead=lead, owner=owner, reason=data.validated_data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "owner" in exc.error_dict:
                raise ValidationError({"owner_id": exc.error_dict["owner"]}) from exc
            raise
        return Response(s.LeadOutputSerializer(self._lead(request, pk)).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: s.ActivityOutputSerializer(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        request=s.ActivityInputSerializer,
        responses={201: s.ActivityOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def activities(self, request: Request, pk: str) -> Response:
        """The lead's newest activities; POST logs a call, meeting, e-mail, note or task."""
        actor = actor_of(request)
        lead = self._lead(request, pk)
        if request.method == "GET":
            return Response(s.ActivityOutputSerializer(activities_of(lead=lead), many=True).data)
        data = s.ActivityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = activity_log(actor=actor, lead=lead, **data.validated_data)
        return Response(s.ActivityOutputSerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.LeadEventSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request: Request, pk: str) -> Response:
        """What happened to the lead, newest first: assignments with who, when and why."""
        lead = self._lead(request, pk)
        return Response(s.LeadEventSerializer(selectors.lead_events(lead=lead), many=True).data)


def _team(pk: int) -> Team:
    team = Team.objects.filter(pk=pk).first()
    if team is None:
        raise ValidationError({"team_id": "No such team."})
    return team


@extend_schema_view(
    list=extend_schema(responses={200: s.AssignmentRuleOutputSerializer, **ERRORS}),
    retrieve=extend_schema(responses={200: s.AssignmentRuleOutputSerializer, **ERRORS}),
)
class AssignmentRuleViewSet(viewsets.GenericViewSet[AssignmentRule]):
    """Lead routing rules: an admin keeps every team's, a sales lead those of the teams they
    lead. List order is the order rules run in (lowest priority first)."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.ROUTING_RULE_MANAGE,
        "retrieve": Perm.ROUTING_RULE_MANAGE,
        "create": Perm.ROUTING_RULE_MANAGE,
        "partial_update": Perm.ROUTING_RULE_MANAGE,
        "destroy": Perm.ROUTING_RULE_MANAGE,
        "move": Perm.ROUTING_RULE_MANAGE,
    }
    serializer_class = s.AssignmentRuleOutputSerializer
    queryset = AssignmentRule.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.assignment_rule_list(actor=actor_of(self.request))

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.AssignmentRuleOutputSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        rule = selectors.assignment_rule_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.AssignmentRuleOutputSerializer(rule).data)

    @extend_schema(
        request=s.AssignmentRuleInputSerializer,
        responses={201: s.AssignmentRuleOutputSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        data = s.AssignmentRuleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        team = _team(v.pop("team_id"))
        rule = routing.assignment_rule_create(actor=actor_of(request), team=team, **v)
        return Response(s.AssignmentRuleOutputSerializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.AssignmentRuleUpdateSerializer,
        responses={200: s.AssignmentRuleOutputSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        rule = selectors.assignment_rule_get_for_actor(actor=actor, pk=pk)
        data = s.AssignmentRuleUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        routing.assignment_rule_update(
            actor=actor,
            rule=rule,
            name=v.get("name", rule.name),
            team=_team(v["team_id"]) if "team_id" in v else rule.team,
            priority=v.get("priority", rule.priority),
            source=v.get("source", rule.source),
            industry=v.get("industry", rule.industry),
            region=v.get("region", rule.region),
            is_active=v.get("is_active", rule.is_active),
        )
        return Response(s.AssignmentRuleOutputSerializer(rule).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str) -> Response:
        """Delete the rule; leads it routed keep their owner."""
        actor = actor_of(request)
        rule = selectors.assignment_rule_get_for_actor(actor=actor, pk=pk)
        routing.assignment_rule_delete(actor=actor, rule=rule)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=s.AssignmentRuleMoveSerializer,
        responses={200: s.AssignmentRuleOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Move the rule one place up (runs earlier) or down among the rules you keep."""
        actor = actor_of(request)
        rule = selectors.assignment_rule_get_for_actor(actor=actor, pk=pk)
        data = s.AssignmentRuleMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        routing.assignment_rule_move(
            actor=actor, rule=rule, direction=data.validated_data["direction"]
        )
        return Response(s.AssignmentRuleOutputSerializer(rule).data)


@extend_schema_view(
    list=extend_schema(responses={200: s.WebFormOutputSerializer, **ERRORS}),
    retrieve=extend_schema(responses={200: s.WebFormOutputSerializer, **ERRORS}),
)
class WebFormViewSet(viewsets.GenericViewSet[WebForm]):
    """Public web-to-lead forms (admins). The key goes into the form's public address."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.SALES_CONFIGURE,
        "retrieve": Perm.SALES_CONFIGURE,
        "create": Perm.SALES_CONFIGURE,
        "partial_update": Perm.SALES_CONFIGURE,
    }
    serializer_class = s.WebFormOutputSerializer
    queryset = WebForm.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.webform_list(actor=actor_of(self.request)).order_by("-id")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.WebFormOutputSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        web_form = selectors.webform_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.WebFormOutputSerializer(web_form).data)

    @extend_schema(
        request=s.WebFormInputSerializer, responses={201: s.WebFormOutputSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = s.WebFormInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        web_form = services.webform_create(actor=actor_of(request), **data.validated_data)
        return Response(s.WebFormOutputSerializer(web_form).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.WebFormUpdateSerializer, responses={200: s.WebFormOutputSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        web_form = selectors.webform_get_for_actor(actor=actor, pk=pk)
        data = s.WebFormUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.webform_update(
            actor=actor,
            form=web_form,
            name=v.get("name", web_form.name),
            thank_you_message=v.get("thank_you_message", web_form.thank_you_message),
            source=v.get("source", web_form.source),
            is_active=v.get("is_active", web_form.is_active),
            new_key=v.get("new_key", False),
            asks_industry=v.get("asks_industry"),
            asks_region=v.get("asks_region"),
            industry=v.get("industry"),
            region=v.get("region"),
        )
        return Response(s.WebFormOutputSerializer(web_form).data)
