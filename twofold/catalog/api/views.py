"""REST endpoints of the catalog: parse, call one service or selector, render.

Products are read through the catalog's selectors and written through its services; the policy
layer decides who may (``CATALOG_VIEW``, ``CATALOG_MANAGE``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold.catalog import selectors, services
from twofold.catalog.api import serializers as s
from twofold.catalog.models import Product
from twofold.core.actors import actor_of
from twofold.core.api.errors import ErrorSerializer
from twofold.core.api.permissions import PolicyPermission
from twofold.policies import Perm

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}


class ProductListView(GenericAPIView[Product]):
    """The catalog; admins add products."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.CATALOG_VIEW, "POST": Perm.CATALOG_MANAGE}
    serializer_class = s.ProductOutputSerializer
    queryset = Product.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = self.request.query_params
        active = params.get("active", "true").lower()
        return selectors.product_list(
            actor=actor_of(self.request),
            search=params.get("search", "").strip(),
            family=params.get("family", ""),
            active=None if active == "all" else active not in ("false", "0"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("family", str),
            OpenApiParameter("active", str, description="true (default), false or all."),
        ],
        responses={200: s.ProductOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.ProductOutputSerializer(page, many=True).data)

    @extend_schema(
        request=s.ProductInputSerializer, responses={201: s.ProductOutputSerializer, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        data = s.ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.product_create(actor=actor_of(request), **data.validated_data)
        return Response(s.ProductOutputSerializer(product).data, status=status.HTTP_201_CREATED)


class ProductDetailView(APIView):
    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.CATALOG_VIEW, "PUT": Perm.CATALOG_MANAGE}

    @extend_schema(responses={200: s.ProductOutputSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        product = selectors.product_get_for_actor(actor=actor_of(request), pk=pk)
        return Response(s.ProductOutputSerializer(product).data)

    @extend_schema(
        request=s.ProductInputSerializer, responses={200: s.ProductOutputSerializer, **ERRORS}
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        product = selectors.product_get_for_actor(actor=actor, pk=pk)
        data = s.ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.product_update(actor=actor, product=product, **data.validated_data)
        return Response(s.ProductOutputSerializer(product).data)
