"""REST endpoints of the deal's commercial side: parse, call one service, render.

Deal-scoped routes live beside the deals engineer's ``opportunities`` viewset as separate
paths (``opportunities/<pk>/items/`` ...). Objects come through selectors, so what the actor
may not see is "not found"; the services decide what the actor may change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold import policies
from twofold.catalog.models import Product
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.api import commercial_serializers as s
from twofold.sales.choices import ApprovalStatus, ComplaintSeverity, ComplaintStatus
from twofold.sales.models import ApprovalRequest, Complaint, LostReason, Partner, SalesPolicy
from twofold.sales.selectors import commercial as selectors
from twofold.sales.selectors import complaints as complaint_selectors
from twofold.sales.selectors import partners as partner_selectors
from twofold.sales.selectors.deals import opportunity_get_for_actor
from twofold.sales.services import closing, complaints, config, items, partners, terms

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}


def _user(actor: User, pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    user = policies.users_visible_to(actor).filter(pk=pk).first()
    if user is None:
        raise ValidationError({field: "No such user."})
    return user


def _sale_out(sale: Any) -> dict[str, Any]:
    fresh = selectors.sale_for(sale.opportunity)
    return dict(s.SaleOutputSerializer(fresh).data)


def _deal_state(deal: Any) -> dict[str, Any]:
    return dict(s.DealStateSerializer(deal).data)


# --- Line items -----------------------------------------------------------------------------


class ItemListView(APIView):
    """A deal's line items; adding one recomputes the deal's amount."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST, "POST": Perm.OPPORTUNITY_LIST}

    @extend_schema(responses={200: s.LineItemOutputSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        rows = selectors.deal_items(actor=actor, opportunity=deal)
        return Response(s.LineItemOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=s.LineItemCreateSerializer, responses={201: s.LineItemOutputSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        data = s.LineItemCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        product = Product.objects.filter(pk=v["product_id"]).first()
        if product is None or not policies.can(actor, Perm.CATALOG_VIEW):
            raise ValidationError({"product_id": "No such product."})
        item = items.line_item_add(
            actor=actor,
            opportunity=deal,
            product=product,
            quantity=v["quantity"],
            unit_price=v.get("unit_price"),
            discount_percent=v["discount_percent"],
        )
        return Response(s.LineItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemDetailView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"PATCH": Perm.OPPORTUNITY_LIST, "DELETE": Perm.OPPORTUNITY_LIST}

    @extend_schema(
        request=s.LineItemUpdateSerializer, responses={200: s.LineItemOutputSerializer, **ERRORS}
    )
    def patch(self, request: Request, pk: int, item_pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        item = selectors.line_item_get_for_actor(actor=actor, opportunity=deal, pk=item_pk)
        data = s.LineItemUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        items.line_item_update(
            actor=actor,
            item=item,
            quantity=v.get("quantity", item.quantity),
            unit_price=v.get("unit_price", item.unit_price),
            discount_percent=v.get("discount_percent", item.discount_percent),
        )
        return Response(s.LineItemOutputSerializer(item).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request: Request, pk: int, item_pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        item = selectors.line_item_get_for_actor(actor=actor, opportunity=deal, pk=item_pk)
        items.line_item_remove(actor=actor, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Terms and approvals --------------------------------------------------------------------


class TermsView(APIView):
    """A deal's term sheets, newest first; proposing new terms."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST, "POST": Perm.OPPORTUNITY_LIST}

    @extend_schema(responses={200: s.TermSheetOutputSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        sheets = selectors.term_sheets_for(actor=actor, opportunity=deal)
        return Response(s.TermSheetOutputSerializer(sheets, many=True).data)

    @extend_schema(
        request=s.TermsProposeSerializer, responses={201: s.TermSheetOutputSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        data = s.TermsProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sheet = terms.terms_propose(actor=actor, opportunity=deal, **data.validated_data)
        fresh = next(
            t for t in selectors.term_sheets_for(actor=actor, opportunity=deal) if t.pk == sheet.pk
        )
        return Response(s.TermSheetOutputSerializer(fresh).data, status=status.HTTP_201_CREATED)


class ApprovalListView(GenericAPIView[ApprovalRequest]):
    """Approval requests the actor may decide; pending ones by default."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.TERMS_APPROVE}
    serializer_class = s.ApprovalOutputSerializer
    queryset = ApprovalRequest.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        wanted = self.request.query_params.get("status", ApprovalStatus.PENDING)
        return selectors.approval_list(
            actor=actor_of(self.request),
            status=wanted if wanted in ApprovalStatus.values else ApprovalStatus.PENDING,
        )

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=ApprovalStatus.values)],
        responses={200: s.ApprovalOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.ApprovalOutputSerializer(page, many=True).data)


class ApprovalDetailView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.TERMS_APPROVE}

    @extend_schema(responses={200: s.ApprovalOutputSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        approval = selectors.approval_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.ApprovalOutputSerializer(approval).data)


class _Decide(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.TERMS_APPROVE}
    approve = True

    @extend_schema(
        request=s.DecisionSerializer, responses={200: s.ApprovalOutputSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        approval = selectors.approval_get_for_actor(actor=actor, pk=pk)
        data = s.DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = terms.approval_decide(
            actor=actor,
            approval=approval,
            approve=self.approve,
            comment=data.validated_data["comment"],
        )
        return Response(s.ApprovalOutputSerializer(decided).data)


class ApprovalApproveView(_Decide):
    """Approve the terms (a sales lead of the deal owner's team, or an admin)."""

    approve = True


class ApprovalRejectView(_Decide):
    """Reject the terms; a comment is required."""

    approve = False


# --- Closing --------------------------------------------------------------------------------


class CloseWonView(APIView):
    """Win the deal and record its one sale (again: the same sale, nothing written)."""

    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.OPPORTUNITY_LIST}

    @extend_schema(request=s.CloseWonSerializer, responses={200: s.SaleOutputSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        data = s.CloseWonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        credits = None
        if v.get("credits"):
            credits = []
            for row in v["credits"]:
                seller = _user(actor, row["seller_id"], "credits")
                assert seller is not None  # noqa: S101
                credits.append((seller, row["percent"]))
        sale = closing.deal_win(
            actor=actor,
            opportunity=deal,
            amount=v.get("amount"),
            closed_on=v["closed_on"],
            credits=credits,
        )
        return Response(_sale_out(sale))


class CloseLostView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.OPPORTUNITY_LIST}

    @extend_schema(request=s.CloseLostSerializer, responses={200: s.DealStateSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        data = s.CloseLostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = LostReason.objects.filter(pk=data.validated_data["reason_id"]).first()
        if reason is None:
            raise ValidationError({"reason_id": "No such lost reason."})
        closing.opportunity_close_lost(
            actor=actor,
            opportunity=deal,
            reason=reason,
            competitor=data.validated_data["competitor"],
        )
        return Response(_deal_state(deal))


class ReopenView(APIView):
    """Reopen a lost deal (a sales lead of the owner's team, or an admin)."""

    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.OPPORTUNITY_LIST}

    @extend_schema(request=s.ReopenSerializer, responses={200: s.DealStateSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        data = s.ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        closing.opportunity_reopen(
            actor=actor, opportunity=deal, reason=data.validated_data["reason"]
        )
        return Response(_deal_state(deal))


# --- Partners -------------------------------------------------------------------------------


class PartnerListView(GenericAPIView[Partner]):
    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.PARTNER_VIEW, "POST": Perm.PARTNER_MANAGE}
    serializer_class = s.PartnerOutputSerializer
    queryset = Partner.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        return partner_selectors.partner_list(
            actor=actor_of(self.request),
            search=params.get("search", "").strip(),
            kind=params.get("kind", ""),
        )

    @extend_schema(
        parameters=[OpenApiParameter("search", str), OpenApiParameter("kind", str)],
        responses={200: s.PartnerOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.PartnerOutputSerializer(page, many=True).data)

    @extend_schema(
        request=s.PartnerInputSerializer, responses={201: s.PartnerOutputSerializer, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        data = s.PartnerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v.pop("is_active", None)
        partner = partners.partner_create(actor=actor_of(request), **v)
        return Response(s.PartnerOutputSerializer(partner).data, status=status.HTTP_201_CREATED)


def _partner_detail(actor: User, partner: Partner) -> dict[str, Any]:
    partner.totals = partner_selectors.partner_totals(actor=actor, partner=partner)  # type: ignore[attr-defined]
    partner.deals = partner_selectors.partner_deal_links(actor=actor, partner=partner)  # type: ignore[attr-defined]
    return dict(s.PartnerDetailSerializer(partner).data)


class PartnerDetailView(APIView):
    """A partner with its contacts, its deals the actor sees, and their value."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.PARTNER_VIEW, "PUT": Perm.PARTNER_MANAGE}

    @extend_schema(responses={200: s.PartnerDetailSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        partner = partner_selectors.partner_get_for_actor(actor=actor, pk=pk)
        return Response(_partner_detail(actor, partner))

    @extend_schema(
        request=s.PartnerInputSerializer, responses={200: s.PartnerDetailSerializer, **ERRORS}
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        partner = partner_selectors.partner_get_for_actor(actor=actor, pk=pk)
        data = s.PartnerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partners.partner_update(actor=actor, partner=partner, **data.validated_data)
        return Response(
            _partner_detail(actor, partner_selectors.partner_get_for_actor(actor=actor, pk=pk))
        )


class PartnerContactView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.PARTNER_MANAGE}

    @extend_schema(
        request=s.PartnerContactInputSerializer,
        responses={201: s.PartnerContactSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        partner = partner_selectors.partner_get_for_actor(actor=actor, pk=pk)
        data = s.PartnerContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = partners.partner_contact_add(actor=actor, partner=partner, **data.validated_data)
        return Response(s.PartnerContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class DealPartnersView(APIView):
    """The partners on a deal; linking one with its role."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST, "POST": Perm.PARTNER_LINK}

    @extend_schema(responses={200: s.PartnerLinkOutputSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        links = deal.partner_links.select_related("partner").order_by("partner__name")
        return Response(s.PartnerLinkOutputSerializer(links, many=True).data)

    @extend_schema(
        request=s.PartnerLinkInputSerializer,
        responses={201: s.PartnerLinkOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        deal = opportunity_get_for_actor(actor=actor, pk=pk)
        data = s.PartnerLinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = partner_selectors.partner_get_for_actor(
            actor=actor, pk=data.validated_data["partner_id"]
        )
        link = partners.partner_link(
            actor=actor, partner=partner, opportunity=deal, role=data.validated_data["role"]
        )
        return Response(s.PartnerLinkOutputSerializer(link).data, status=status.HTTP_201_CREATED)


# --- Complaints -----------------------------------------------------------------------------


class ComplaintListView(GenericAPIView[Complaint]):
    """Complaints on the leads and deals the actor sees; logging one."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST, "POST": Perm.OPPORTUNITY_LIST}
    serializer_class = s.ComplaintOutputSerializer
    queryset = Complaint.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        wanted = params.get("status", ComplaintStatus.OPEN)
        severity = params.get("severity", "")
        return complaint_selectors.complaint_list(
            actor=actor_of(self.request),
            status=wanted if wanted in ComplaintStatus.values else "",
            severity=severity if severity in ComplaintSeverity.values else "",
            mine=params.get("mine", "").lower() in ("1", "true"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, description="open (default), resolved or all."),
            OpenApiParameter("severity", str, enum=ComplaintSeverity.values),
            OpenApiParameter("mine", bool),
        ],
        responses={200: s.ComplaintOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.ComplaintOutputSerializer(page, many=True).data)

    @extend_schema(
        request=s.ComplaintInputSerializer, responses={201: s.ComplaintOutputSerializer, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        data = s.ComplaintInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        deal = lead = None
        if v["opportunity_id"] is not None:
            deal = opportunity_get_for_actor(actor=actor, pk=v["opportunity_id"])
        if v["lead_id"] is not None:
            lead = policies.leads_visible_to(actor).filter(pk=v["lead_id"]).first()
            if lead is None:
                raise Http404("No such lead.")
        with transaction.atomic():
            complaint = complaints.complaint_log(
                actor=actor,
                lead=lead,
                opportunity=deal,
                summary=v["summary"],
                details=v["details"],
                severity=v["severity"],
                owner=_user(actor, v["owner_id"], "owner_id"),
                due_on=v["due_on"],
            )
        return Response(s.ComplaintOutputSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintDetailView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST}

    @extend_schema(responses={200: s.ComplaintOutputSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        complaint = complaint_selectors.complaint_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.ComplaintOutputSerializer(complaint).data)


class ComplaintResolveView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"POST": Perm.OPPORTUNITY_LIST}

    @extend_schema(
        request=s.ResolveSerializer, responses={200: s.ComplaintOutputSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        complaint = complaint_selectors.complaint_get_for_actor(actor=actor, pk=pk)
        data = s.ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resolved = complaints.complaint_resolve(
            actor=actor, complaint=complaint, resolution=data.validated_data["resolution"]
        )
        return Response(s.ComplaintOutputSerializer(resolved).data)


# --- Admin settings -------------------------------------------------------------------------


class LostReasonListView(APIView):
    """The reasons a deal can be lost for (active ones unless ``all``); admins add them."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST, "POST": Perm.SALES_CONFIGURE}

    @extend_schema(
        parameters=[OpenApiParameter("all", bool)],
        responses={200: s.LostReasonSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        reasons = LostReason.objects.all()
        if request.query_params.get("all", "").lower() not in ("1", "true"):
            reasons = reasons.filter(is_active=True)
        return Response(s.LostReasonSerializer(reasons[:500], many=True).data)

    @extend_schema(
        request=s.LostReasonInputSerializer, responses={201: s.LostReasonSerializer, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        data = s.LostReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = config.lost_reason_create(actor=actor_of(request), **data.validated_data)
        return Response(s.LostReasonSerializer(reason).data, status=status.HTTP_201_CREATED)


class LostReasonDetailView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"PUT": Perm.SALES_CONFIGURE}

    @extend_schema(
        request=s.LostReasonInputSerializer, responses={200: s.LostReasonSerializer, **ERRORS}
    )
    def put(self, request: Request, pk: int) -> Response:
        reason = LostReason.objects.filter(pk=pk).first()
        if reason is None:
            raise Http404("No such lost reason.")
        data = s.LostReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        config.lost_reason_update(actor=actor_of(request), reason=reason, **data.validated_data)
        return Response(s.LostReasonSerializer(reason).data)


class SalesPolicyView(APIView):
    """The limits beyond which terms need a sales lead's approval (admins change them)."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.OPPORTUNITY_LIST, "PUT": Perm.SALES_CONFIGURE}

    @extend_schema(responses={200: s.SalesPolicySerializer, **READ_ERRORS})
    def get(self, request: Request) -> Response:
        return Response(s.SalesPolicySerializer(SalesPolicy.current()).data)

    @extend_schema(
        request=s.SalesPolicyInputSerializer, responses={200: s.SalesPolicySerializer, **ERRORS}
    )
    def put(self, request: Request) -> Response:
        data = s.SalesPolicyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        policy = config.sales_policy_update(actor=actor_of(request), **data.validated_data)
        return Response(s.SalesPolicySerializer(policy).data)
