"""REST endpoints of the care tabs: goals, budget and wallet, projects and milestones, the
client's voice, satisfaction and renegotiated terms. Parse, call one service, render.

Reading needs the account to be visible (404 otherwise); writing needs ACCOUNT_EDIT, which
the services check on the account.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold.accounts.api import care_serializers as s
from twofold.accounts.choices import AmendmentStatus, FeedbackKind, FeedbackStatus
from twofold.accounts.models import Account, VoiceRequest
from twofold.accounts.selectors import amendments as amendment_selectors
from twofold.accounts.selectors import care as selectors
from twofold.accounts.selectors import voice as voice_selectors
from twofold.accounts.services import amendments as amendment_services
from twofold.accounts.services import budget as budget_services
from twofold.accounts.services import goals as goal_services
from twofold.accounts.services import projects as project_services
from twofold.accounts.services import satisfaction as satisfaction_services
from twofold.accounts.services import voice as voice_services
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.parties.models import Contact
from twofold.people.models import User
from twofold.policies import Perm

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_WRITE = {"GET": Perm.ACCOUNT_LIST, "POST": Perm.ACCOUNT_EDIT}
WRITE = {"PATCH": Perm.ACCOUNT_EDIT}
# What a PATCH starts from: the record as it is (owners are looked up on their own).
BUDGET_LINE_FIELDS = ["year", "buying_centre", "amount", "currency", "notes"]
PROJECT_FIELDS = ["name", "status", "description", "starts_on", "due_on"]
MILESTONE_FIELDS = ["title", "due_on", "status", "deliverable"]

_F = TypeVar("_F", bound=Callable[..., Any])


def _account(request: Request, pk: int) -> Account:
    return selectors.care_account_get(actor=actor_of(request), pk=pk)


def _user(pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise ValidationError({field: f"Unknown user: {pk}."})
    return found


def _contact(account: Account, pk: int | None) -> Contact | None:
    if pk is None:
        return None
    found = Contact.objects.filter(pk=pk, company_id=account.company_id).first()
    if found is None:
        raise ValidationError({"contact_id": f"No contact {pk} at the client."})
    return found


def _valid(serializer: Any, data: Any) -> dict[str, Any]:
    bound = serializer(data=data)
    bound.is_valid(raise_exception=True)
    return dict(bound.validated_data)


def _writes(request: Any, response: Any, *, created: bool = False) -> Callable[[_F], _F]:
    """The schema of a write: what it takes, what it answers (201 when it creates) and the
    error shape."""
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return extend_schema(request=request, responses={code: response, **ERRORS})


def _created(serializer: Any, instance: Any) -> Response:
    return Response(serializer(instance).data, status=status.HTTP_201_CREATED)


class CareView(APIView):
    permission_classes = [PolicyPermission]
    queryset = Account.objects.none()
    # The services name the person; the client sent their id.
    service_error_fields = {
        "owner": "owner_id",
        "contact": "contact_id",
        "request": "request_id",
        "into": "into_id",
    }


# --- Goals ----------------------------------------------------------------------------------


class GoalsView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.GoalOutputSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        goals = [goal for group in selectors.goals_of(account=account) for goal in group.goals]
        return Response(s.GoalOutputSerializer(goals, many=True).data)

    @_writes(s.GoalCreateSerializer, s.GoalOutputSerializer, created=True)
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.GoalCreateSerializer, request.data)
        goal = goal_services.goal_create(actor=actor_of(request), account=account, **v)
        return _created(s.GoalOutputSerializer, goal)


class GoalView(CareView):
    method_perms = WRITE

    @_writes(s.GoalUpdateSerializer, s.GoalOutputSerializer)
    def patch(self, request: Request, pk: int, goal_pk: int) -> Response:
        account = _account(request, pk)
        goal = selectors.goal_get(account=account, pk=goal_pk)
        v = _valid(s.GoalUpdateSerializer, request.data)
        clear = "review_on" in v and v["review_on"] is None
        goal = goal_services.goal_update(
            actor=actor_of(request), goal=goal, clear_review=clear, **v
        )
        return Response(s.GoalOutputSerializer(goal).data)


# --- Budget ---------------------------------------------------------------------------------


def _wallet_row(row: selectors.WalletRow) -> dict[str, Any]:
    return {
        "centre": row.centre,
        "budget": row.budget if row.has_budget else None,
        "sold": row.sold,
        "proposed": row.proposed,
        "share_percent": row.share,
    }


class BudgetView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.BudgetOutputSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        wallet = [
            {
                "year": year.year,
                "rows": [_wallet_row(row) for row in year.rows],
                "total": _wallet_row(year.total),
                "other_currencies": year.other_currencies,
            }
            for year in selectors.wallet_of(account=account)
        ]
        body = {
            "currency": account.currency,
            "lines": account.budget_lines.order_by("-year", "buying_centre", "id"),
            "wallet": wallet,
        }
        return Response(s.BudgetOutputSerializer(body).data)

    @_writes(s.BudgetLineInputSerializer, s.BudgetLineOutputSerializer, created=True)
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.BudgetLineInputSerializer, request.data)
        line = budget_services.budget_line_create(actor=actor_of(request), account=account, **v)
        return _created(s.BudgetLineOutputSerializer, line)


class BudgetLineView(CareView):
    method_perms = WRITE

    @_writes(s.BudgetLineInputSerializer, s.BudgetLineOutputSerializer)
    def patch(self, request: Request, pk: int, line_pk: int) -> Response:
        account = _account(request, pk)
        line = selectors.budget_line_get(account=account, pk=line_pk)
        current = model_to_dict(line, fields=BUDGET_LINE_FIELDS)
        v = current | _valid(s.BudgetLineInputSerializer, current | dict(request.data))
        line = budget_services.budget_line_update(actor=actor_of(request), line=line, **v)
        return Response(s.BudgetLineOutputSerializer(line).data)


# --- Projects -------------------------------------------------------------------------------


class ProjectsView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.ProjectOutputSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        return Response(
            s.ProjectOutputSerializer(selectors.projects_of(account=account), many=True).data
        )

    @_writes(s.ProjectCreateSerializer, s.ProjectOutputSerializer, created=True)
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        account = _account(request, pk)
        v = _valid(s.ProjectCreateSerializer, request.data)
        owner = _user(v.pop("owner_id", None), "owner_id") or actor
        project = project_services.project_create(actor=actor, account=account, owner=owner, **v)
        return _created(s.ProjectOutputSerializer, project)


class ProjectView(CareView):
    method_perms = WRITE

    @_writes(s.ProjectUpdateSerializer, s.ProjectOutputSerializer)
    def patch(self, request: Request, pk: int, project_pk: int) -> Response:
        account = _account(request, pk)
        project = selectors.project_get(account=account, pk=project_pk)
        v = _valid(s.ProjectUpdateSerializer, request.data)
        owner = _user(v.pop("owner_id", None), "owner_id") or project.owner
        fields = model_to_dict(project, fields=PROJECT_FIELDS) | v
        project = project_services.project_update(
            actor=actor_of(request), project=project, owner=owner, **fields
        )
        return Response(s.ProjectOutputSerializer(project).data)


class MilestonesView(CareView):
    method_perms = {"POST": Perm.ACCOUNT_EDIT}

    @_writes(s.MilestoneCreateSerializer, s.MilestoneOutputSerializer, created=True)
    def post(self, request: Request, pk: int, project_pk: int) -> Response:
        account = _account(request, pk)
        project = selectors.project_get(account=account, pk=project_pk)
        v = _valid(s.MilestoneCreateSerializer, request.data)
        owner = _user(v.pop("owner_id", None), "owner_id")
        milestone = project_services.milestone_create(
            actor=actor_of(request), project=project, owner=owner, **v
        )
        return _created(s.MilestoneOutputSerializer, milestone)


class MilestoneView(CareView):
    method_perms = WRITE

    @_writes(s.MilestoneUpdateSerializer, s.MilestoneOutputSerializer)
    def patch(self, request: Request, pk: int, milestone_pk: int) -> Response:
        account = _account(request, pk)
        milestone = selectors.milestone_get(account=account, pk=milestone_pk)
        v = _valid(s.MilestoneUpdateSerializer, request.data)
        owner = _user(v.pop("owner_id"), "owner_id") if "owner_id" in v else milestone.owner
        fields = model_to_dict(milestone, fields=MILESTONE_FIELDS) | v
        milestone = project_services.milestone_update(
            actor=actor_of(request), milestone=milestone, owner=owner, **fields
        )
        return Response(s.MilestoneOutputSerializer(milestone).data)


# --- The client's voice ---------------------------------------------------------------------


class FeedbackView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.FeedbackOutputSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        rows = voice_selectors.feedback_of(account=account)[:200]
        return Response(s.FeedbackOutputSerializer(rows, many=True).data)

    @_writes(s.FeedbackCreateSerializer, s.FeedbackOutputSerializer, created=True)
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.FeedbackCreateSerializer, request.data)
        contact = _contact(account, v.pop("contact_id"))
        pk_of_request = v.pop("request_id")
        attach_to = None if pk_of_request is None else _voice_request(pk_of_request, "request_id")
        item = voice_services.feedback_create(
            actor=actor_of(request), account=account, contact=contact, request=attach_to, **v
        )
        return _created(s.FeedbackOutputSerializer, item)


def _voice_request(pk: int, field: str) -> VoiceRequest:
    found = VoiceRequest.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"No request {pk}."})
    return found


class VoiceRequestView(CareView):
    method_perms = {"GET": Perm.CLIENT_VOICE_REQUEST_VIEW}

    @extend_schema(responses={200: s.VoiceRequestSerializer, **ERRORS})
    def get(self, request: Request, request_pk: int) -> Response:
        """A merged request answers too, with ``merged_into`` naming where its feedback went."""
        actor = actor_of(request)
        found = voice_selectors.voice_request_get(actor=actor, pk=request_pk)
        view = voice_selectors.voice_request_view(actor=actor, request=found)
        return Response(s.VoiceRequestSerializer(view).data)


class VoiceRequestMergeView(CareView):
    method_perms = {"POST": Perm.CLIENT_VOICE_MERGE}

    @_writes(s.VoiceRequestMergeSerializer, s.VoiceRequestSerializer)
    def post(self, request: Request, request_pk: int) -> Response:
        actor = actor_of(request)
        found = voice_selectors.voice_request_get(actor=actor, pk=request_pk)
        v = _valid(s.VoiceRequestMergeSerializer, request.data)
        into = _voice_request(v["into_id"], "into_id")
        into = voice_services.voice_request_merge(actor=actor, request=found, into=into)
        view = voice_selectors.voice_request_view(actor=actor, request=into)
        return Response(s.VoiceRequestSerializer(view).data)


class ClientVoiceView(CareView):
    method_perms = {"GET": Perm.CLIENT_VOICE_VIEW}

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=FeedbackKind.values),
            OpenApiParameter("status", str, enum=FeedbackStatus.values),
            OpenApiParameter("sort", str, enum=list(voice_selectors.SORTS), default="weight"),
            OpenApiParameter("page", int, description="1 to 200; 50 groups a page."),
        ],
        responses={200: s.VoicePageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = voice_selectors.VoiceFilters.parse(request.query_params)
        page = voice_selectors.client_voice(actor=actor_of(request), filters=filters)
        return Response(s.VoicePageSerializer(page).data)


class TriageView(CareView):
    method_perms = {"POST": Perm.CLIENT_VOICE_TRIAGE}

    @_writes(s.TriageSerializer, s.TriageOutputSerializer)
    def post(self, request: Request, feedback_pk: int) -> Response:
        item = voice_selectors.feedback_get_for_triage(pk=feedback_pk)
        v = _valid(s.TriageSerializer, request.data)
        item = voice_services.feedback_triage(actor=actor_of(request), feedback=item, **v)
        return Response({"id": item.pk, "status": item.status, "response": item.response})


# --- Satisfaction ---------------------------------------------------------------------------


class SatisfactionView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.SatisfactionPageSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        data = selectors.satisfaction_of(account=account)
        body = {
            "nps": account.nps,
            "csat": account.csat,
            "quarters": data.quarters,
            "results": data.results,
        }
        return Response(s.SatisfactionPageSerializer(body).data)

    @_writes(s.SatisfactionCreateSerializer, s.SatisfactionOutputSerializer, created=True)
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.SatisfactionCreateSerializer, request.data)
        contact = _contact(account, v.pop("contact_id"))
        result = satisfaction_services.satisfaction_record(
            actor=actor_of(request), account=account, contact=contact, **v
        )
        return _created(s.SatisfactionOutputSerializer, result)


# --- Renegotiated terms ---------------------------------------------------------------------


class TermsView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.TermsOutputSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        return Response(s.TermsOutputSerializer(amendment_selectors.terms_of(account=account)).data)

    @_writes(s.AmendmentCreateSerializer, s.AmendmentOutputSerializer, created=True)
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.AmendmentCreateSerializer, request.data)
        amendment = amendment_services.amendment_propose(
            actor=actor_of(request), account=account, **v
        )
        return _created(s.AmendmentOutputSerializer, amendment)


class AmendmentDecideView(CareView):
    method_perms = {"POST": Perm.AMENDMENT_APPROVE}

    @_writes(s.AmendmentDecisionSerializer, s.AmendmentOutputSerializer)
    def post(self, request: Request, pk: int, amendment_pk: int) -> Response:
        account = _account(request, pk)
        amendment = amendment_selectors.amendment_get(account=account, pk=amendment_pk)
        v = _valid(s.AmendmentDecisionSerializer, request.data)
        amendment = amendment_services.amendment_decide(
            actor=actor_of(request), amendment=amendment, **v
        )
        return Response(s.AmendmentOutputSerializer(amendment).data)


class AmendmentApprovalsView(CareView):
    method_perms = {"GET": Perm.AMENDMENT_APPROVE}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=AmendmentStatus.values,
                default=AmendmentStatus.PENDING_APPROVAL,
            )
        ],
        responses={200: s.AmendmentOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        rows = amendment_selectors.approvals_for(
            actor=actor_of(request),
            status=request.query_params.get("status", AmendmentStatus.PENDING_APPROVAL),
        )
        return Response(s.AmendmentOutputSerializer(rows, many=True).data)
