"""REST endpoints for the portfolio, one account, its contacts and interactions, moving it to
another account manager and the ownership events: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold import policies
from twofold.accounts.api import portfolio_serializers as s
from twofold.accounts.choices import AccountStatus, OwnershipKind
from twofold.accounts.models import Account, AccountContact
from twofold.accounts.selectors import account as account_selectors
from twofold.accounts.selectors import portfolio as selectors
from twofold.accounts.services.contacts import (
    account_contact_add,
    account_contact_remove,
    account_contact_update,
)
from twofold.accounts.services.interactions import interaction_log
from twofold.accounts.services.reassign import account_reassign
from twofold.accounts.web.portfolio import portfolio_filters
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.core.api.serializers import HistoryEntrySerializer
from twofold.core.params import Params, whole_number
from twofold.parties.models import Contact
from twofold.people.models import User
from twofold.policies import Perm

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _page_size(request: Request, default: int) -> int:
    size = whole_number(request.query_params.get("page_size")) or default
    return max(1, min(size, 200))


def _link(request: Request, name: str, cursor: str) -> str | None:
    if not cursor:
        return None
    query = request.query_params.copy()
    query[name] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _one(queryset: Any, pk: Any, field: str, label: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"Unknown {label}: {pk}."})
    return found


def _client_contact(account: Account, pk: int | None, *, linked: bool = False) -> Contact | None:
    """A person at the account's company (or, with ``linked``, already one of its contacts).

    Any other id is unknown by its number alone: looking it up among every contact would let
    the service's refusal echo the name of someone at another company.
    """
    if pk is None:
        return None
    here = Q(company_id=account.company_id)
    if linked:
        here |= Q(pk__in=AccountContact.objects.filter(account=account).values("contact_id"))
    found = Contact.objects.filter(here, pk=pk).first()
    if found is None:
        raise ValidationError({"contact_id": f"No contact {pk} at the client."})
    return found


PORTFOLIO_FILTERS = [
    OpenApiParameter("view", str, enum=list(selectors.VIEWS), default="all"),
    OpenApiParameter("owner", int, description="Relationship owner (user id)."),
    OpenApiParameter("status", str, enum=AccountStatus.values),
    OpenApiParameter("key", bool, description="Key accounts only."),
    OpenApiParameter("ends_within", int, description="Contract ends within N days (0 to 3650)."),
    OpenApiParameter("no_contact", int, description="No contact for N days, 0 to 3650 (or never)."),
    OpenApiParameter("q", str, description="A word of the account name, its domain or a contact."),
    OpenApiParameter(
        "sort",
        str,
        enum=selectors.PORTFOLIO_SORTING.params(),
        default="name",
    ),
    OpenApiParameter("after", str, description="From the previous page's `next`."),
    OpenApiParameter("page_size", int, description="1 to 200, default 50."),
]


def _detail_body(account: Account) -> dict[str, Any]:
    owners = account_selectors.owners_of(account)
    account.supervisor = owners.supervisor  # type: ignore[attr-defined]
    account.contact_rows = account_selectors.account_contacts(account=account)  # type: ignore[attr-defined]
    account.contract_rows = account_selectors.account_contracts(account=account)  # type: ignore[attr-defined]
    account.annual_values = account_selectors.yearly_values(account=account)  # type: ignore[attr-defined]
    return s.AccountDetailSerializer(account).data


@extend_schema_view(
    list=extend_schema(
        parameters=PORTFOLIO_FILTERS, responses={200: s.AccountPageSerializer, **ERRORS}
    ),
    retrieve=extend_schema(responses={200: s.AccountDetailSerializer, **ERRORS}),
)
class AccountViewSet(viewsets.GenericViewSet[Account]):
    """The portfolio and one account. Rows are scoped by the policy (404 for others');
    writes are decided by the services (the seller may only add notes, in the window)."""

    permission_classes = [PolicyPermission]
    action_perms = {
        "list": Perm.ACCOUNT_LIST,
        "retrieve": Perm.ACCOUNT_LIST,
        "history": Perm.ACCOUNT_LIST,
        "interactions": Perm.ACCOUNT_LIST,
        "contacts": Perm.ACCOUNT_LIST,
        "reassign": Perm.ACCOUNT_LIST,
    }
    serializer_class = s.AccountRowSerializer
    queryset = Account.objects.none()
    pagination_class = None  # keyset pages from the selector
    # The services name the person; the client sent their id.
    service_error_fields = {"new_owner": "new_owner_id", "contact": "contact_id"}

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return policies.accounts_visible_to(actor_of(self.request))

    def _account(self, request: Request, pk: Any) -> Account:
        return account_selectors.account_get_for_actor(actor=actor_of(request), pk=pk)

    def list(self, request: Request) -> Response:
        page = selectors.portfolio_page(
            actor=actor_of(request),
            filters=portfolio_filters(request.query_params, strict=True),
            after=request.query_params.get("after", ""),
            size=_page_size(request, selectors.PAGE_SIZE),
        )
        return Response(
            {
                "next": _link(request, "after", page.next_cursor),
                "results": s.AccountRowSerializer(page.rows, many=True).data,
            }
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(_detail_body(self._account(request, pk)))

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        """Who changed what and when, from where (web, API, CLI, task), newest first."""
        entries = account_selectors.account_history(account=self._account(request, pk))
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        parameters=[
            OpenApiParameter("before", str, description="From the previous page's `older`."),
            OpenApiParameter("page_size", int, description="1 to 200, default 25."),
        ],
        responses={200: s.AccountInteractionPageSerializer, **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        request=s.AccountInteractionInputSerializer,
        responses={201: s.AccountInteractionOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def interactions(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        account = self._account(request, pk)
        if request.method == "POST":
            data = s.AccountInteractionInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            entry = interaction_log(
                actor=actor,
                account=account,
                kind=v["kind"],
                subject=v["subject"],
                body=v["body"],
                contact=_client_contact(account, v.get("contact_id"), linked=True),
                occurred_at=v.get("occurred_at"),
                next_step=v["next_step"],
                next_step_due=v.get("next_step_due"),
            )
            return Response(
                s.AccountInteractionOutputSerializer(entry).data, status=status.HTTP_201_CREATED
            )
        page = account_selectors.timeline_page(
            account=account,
            before=request.query_params.get("before", ""),
            size=_page_size(request, account_selectors.TIMELINE_SIZE),
        )
        return Response(
            {
                "older": _link(request, "before", page.older_cursor),
                "results": s.AccountInteractionOutputSerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        methods=["GET"], request=None, responses={200: s.AccountContactOutputSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"],
        request=s.AccountContactCreateSerializer,
        responses={201: s.AccountContactOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def contacts(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        account = self._account(request, pk)
        if request.method == "POST":
            data = s.AccountContactCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = dict(data.validated_data)
            contact = _client_contact(account, v.pop("contact_id", None))
            link = account_contact_add(actor=actor, account=account, contact=contact, **v)
            return Response(
                s.AccountContactOutputSerializer(link).data, status=status.HTTP_201_CREATED
            )
        return Response(
            s.AccountContactOutputSerializer(
                account_selectors.account_contacts(account=account), many=True
            ).data
        )

    @extend_schema(
        request=s.AccountReassignSerializer, responses={200: s.AccountDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        account = self._account(request, pk)
        policies.require(actor, Perm.ACCOUNT_REASSIGN, account)
        data = s.AccountReassignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        new_owner: User = _one(
            policies.users_visible_to(actor), v["new_owner_id"], "new_owner_id", "user"
        )
        account_reassign(actor=actor, account=account, new_owner=new_owner, reason=v["reason"])
        return Response(_detail_body(self._account(request, pk)))


class AccountContactView(APIView):
    """One person's role at the client: changed or removed by who cares for the account."""

    permission_classes = [PolicyPermission]
    method_perms = {"PATCH": Perm.ACCOUNT_LIST, "DELETE": Perm.ACCOUNT_LIST}

    def _link(self, request: Request, pk: int, contact_pk: int) -> AccountContact:
        account = account_selectors.account_get_for_actor(actor=actor_of(request), pk=pk)
        return account_selectors.account_contact_get(account=account, pk=contact_pk)

    @extend_schema(
        request=s.AccountContactUpdateSerializer,
        responses={200: s.AccountContactOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int, contact_pk: int) -> Response:
        link = self._link(request, pk, contact_pk)
        data = s.AccountContactUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        account_contact_update(
            actor=actor_of(request),
            account_contact=link,
            role=v.get("role", link.role),
            is_primary=v.get("is_primary", link.is_primary),
            notes=v.get("notes", link.notes),
        )
        return Response(s.AccountContactOutputSerializer(link).data)

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def delete(self, request: Request, pk: int, contact_pk: int) -> Response:
        link = self._link(request, pk, contact_pk)
        account_contact_remove(actor=actor_of(request), account_contact=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnershipEventListView(APIView):
    """Every ownership change the caller may see, newest first, by keyset pages."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OWNERSHIP_REPORT}

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="On or after (YYYY-MM-DD, from 1900)."),
            OpenApiParameter("end", str, description="On or before (YYYY-MM-DD, to 9998)."),
            OpenApiParameter("kind", str, enum=OwnershipKind.values),
            OpenApiParameter("person", int, description="Previous, new owner or who changed."),
            OpenApiParameter("after", str, description="From the previous page's `next`."),
            OpenApiParameter("page_size", int, description="1 to 200, default 100."),
        ],
        responses={200: s.OwnershipEventPageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        read = Params(params)
        filters = selectors.OwnershipFilters(
            start=read.day("start"),
            end=read.day("end"),
            kind=params.get("kind", ""),
            person_id=read.id("person"),
        )
        read.raise_errors()
        page = selectors.ownership_page(
            actor=actor_of(request),
            filters=filters,
            after=params.get("after", ""),
            size=_page_size(request, selectors.REPORT_PAGE_SIZE),
        )
        return Response(
            {
                "next": _link(request, "after", page.next_cursor),
                "results": s.OwnershipEventSerializer(page.rows, many=True).data,
            }
        )
