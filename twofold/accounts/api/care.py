"""REST endpoints of the care tabs: goals, budget and wallet, projects and milestones, the
client's voice, satisfaction and renegotiated terms. Parse, call one service, render.

Reading needs the account to be visible (404 otherwise); writing needs ACCOUNT_EDIT, which
the services check on the account.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold.accounts.api import care_serializers as s
from twofold.accounts.choices import AmendmentStatus, FeedbackKind, FeedbackStatus
from twofold.accounts.models import Account
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


class CareView(APIView):
    permission_classes = [PolicyPermission]
    queryset = Account.objects.none()
    # The services name the person; the client sent their id.
    service_error_fields = {"owner": "owner_id", "contact": "contact_id"}


# --- Goals ----------------------------------------------------------------------------------


class GoalsView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.GoalOutputSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        goals = [goal for group in selectors.goals_of(account=account) for goal in group.goals]
        return Response(s.GoalOutputSerializer(goals, many=True).data)

    @extend_schema(
        request=s.GoalCreateSerializer, responses={201: s.GoalOutputSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.GoalCreateSerializer, request.data)
        goal = goal_services.goal_create(actor=actor_of(request), account=account, **v)
        return Response(s.GoalOutputSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalView(CareView):
    method_perms = WRITE

    @extend_schema(
        request=s.GoalUpdateSerializer, responses={200: s.GoalOutputSerializer, **ERRORS}
    )
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
            }
            for year in selectors.wallet_of(account=account)
        ]
        body = {
            "currency": account.currency,
            "lines": account.budget_lines.order_by("-year", "buying_centre", "id"),
            "wallet": wallet,
        }
        return Response(s.BudgetOutputSerializer(body).data)

    @extend_schema(
        request=s.BudgetLineInputSerializer,
        responses={201: s.BudgetLineOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.BudgetLineInputSerializer, request.data)
        line = budget_services.budget_line_create(actor=actor_of(request), account=account, **v)
        return Response(s.BudgetLineOutputSerializer(line).data, status=status.HTTP_201_CREATED)


class BudgetLineView(CareView):
    method_perms = WRITE

    @extend_schema(
        request=s.BudgetLineInputSerializer,
        responses={200: s.BudgetLineOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int, line_pk: int) -> Response:
        account = _account(request, pk)
        line = selectors.budget_line_get(account=account, pk=line_pk)
        current = {
            "year": line.year,
            "buying_centre": line.buying_centre,
            "amount": line.amount,
            "currency": line.currency,
            "notes": line.notes,
        }
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

    @extend_schema(
        request=s.ProjectCreateSerializer, responses={201: s.ProjectOutputSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        account = _account(request, pk)
        v = _valid(s.ProjectCreateSerializer, request.data)
        owner = _user(v.pop("owner_id", None), "owner_id") or actor
        project = project_services.project_create(actor=actor, account=account, owner=owner, **v)
        return Response(s.ProjectOutputSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectView(CareView):
    method_perms = WRITE

    @extend_schema(
        request=s.ProjectUpdateSerializer, responses={200: s.ProjectOutputSerializer, **ERRORS}
    )
    def patch(self, request: Request, pk: int, project_pk: int) -> Response:
        account = _account(request, pk)
        project = selectors.project_get(account=account, pk=project_pk)
        v = _valid(s.ProjectUpdateSerializer, request.data)
        owner = _user(v.pop("owner_id", None), "owner_id") or project.owner
        fields: dict[str, Any] = {
            "name": project.name,
            "status": project.status,
            "description": project.description,
            "starts_on": project.starts_on,
            "due_on": project.due_on,
        } | v
        project = project_services.project_update(
            actor=actor_of(request), project=project, owner=owner, **fields
        )
        return Response(s.ProjectOutputSerializer(project).data)


class MilestonesView(CareView):
    method_perms = {"POST": Perm.ACCOUNT_EDIT}

    @extend_schema(
        request=s.MilestoneCreateSerializer,
        responses={201: s.MilestoneOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int, project_pk: int) -> Response:
        account = _account(request, pk)
        project = selectors.project_get(account=account, pk=project_pk)
        v = _valid(s.MilestoneCreateSerializer, request.data)
        owner = _user(v.pop("owner_id", None), "owner_id")
        milestone = project_services.milestone_create(
            actor=actor_of(request), project=project, owner=owner, **v
        )
        return Response(s.MilestoneOutputSerializer(milestone).data, status=status.HTTP_201_CREATED)


class MilestoneView(CareView):
    method_perms = WRITE

    @extend_schema(
        request=s.MilestoneUpdateSerializer,
        responses={200: s.MilestoneOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int, milestone_pk: int) -> Response:
        account = _account(request, pk)
        milestone = selectors.milestone_get(account=account, pk=milestone_pk)
        v = _valid(s.MilestoneUpdateSerializer, request.data)
        owner = _user(v.pop("owner_id"), "owner_id") if "owner_id" in v else milestone.owner
        fields: dict[str, Any] = {
            "title": milestone.title,
            "due_on": milestone.due_on,
            "status": milestone.status,
            "deliverable": milestone.deliverable,
        } | v
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

    @extend_schema(
        request=s.FeedbackCreateSerializer, responses={201: s.FeedbackOutputSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.FeedbackCreateSerializer, request.data)
        contact = _contact(account, v.pop("contact_id"))
        item = voice_services.feedback_create(
            actor=actor_of(request), account=account, contact=contact, **v
        )
        return Response(s.FeedbackOutputSerializer(item).data, status=status.HTTP_201_CREATED)


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

    @extend_schema(request=s.TriageSerializer, responses={200: s.TriageOutputSerializer, **ERRORS})
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

    @extend_schema(
        request=s.SatisfactionCreateSerializer,
        responses={201: s.SatisfactionOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.SatisfactionCreateSerializer, request.data)
        contact = _contact(account, v.pop("contact_id"))
        result = satisfaction_services.satisfaction_record(
            actor=actor_of(request), account=account, contact=contact, **v
        )
        return Response(s.SatisfactionOutputSerializer(result).data, status=status.HTTP_201_CREATED)


# --- Renegotiated terms ---------------------------------------------------------------------


class TermsView(CareView):
    method_perms = READ_WRITE

    @extend_schema(responses={200: s.TermsOutputSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        return Response(s.TermsOutputSerializer(amendment_selectors.terms_of(account=account)).data)

    @extend_schema(
        request=s.AmendmentCreateSerializer,
        responses={201: s.AmendmentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        account = _account(request, pk)
        v = _valid(s.AmendmentCreateSerializer, request.data)
        amendment = amendment_services.amendment_propose(
            actor=actor_of(request), account=account, **v
        )
        return Response(s.AmendmentOutputSerializer(amendment).data, status=status.HTTP_201_CREATED)


class AmendmentDecideView(CareView):
    method_perms = {"POST": Perm.AMENDMENT_APPROVE}

    @extend_schema(
        request=s.AmendmentDecisionSerializer,
        responses={200: s.AmendmentOutputSerializer, **ERRORS},
    )
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
