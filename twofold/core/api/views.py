"""The OpenAPI schema and its interactive docs, for signed-in users (session or token)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from twofold.core.api.permissions import PolicyPermission
from twofold.policies import Perm

DOCS_PERMS = {"GET": Perm.API_DOCS}


class SchemaView(SpectacularAPIView):
    permission_classes = [PolicyPermission]
    method_perms = DOCS_PERMS


class _SignInFirst(APIView):
    """The docs are pages a person opens in a browser: a signed-out visitor is sent to sign in
    (and back), not shown the API's JSON 401."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            # DRF sends any HttpResponse through unchanged; its stubs only name Response.
            return redirect_to_login(self.request.get_full_path())  # type: ignore[return-value]
        return super().handle_exception(exc)


class SwaggerView(_SignInFirst, SpectacularSwaggerView):
    permission_classes = [PolicyPermission]
    method_perms = DOCS_PERMS


class RedocView(_SignInFirst, SpectacularRedocView):
    permission_classes = [PolicyPermission]
    method_perms = DOCS_PERMS
