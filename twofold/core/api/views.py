"""The OpenAPI schema and its interactive docs, for signed-in users (session or token)."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from twofold.core.api.permissions import PolicyPermission
from twofold.policies import Perm

DOCS_PERMS = {"GET": Perm.API_DOCS}


class SchemaView(SpectacularAPIView):
    permission_classes = [PolicyPermission]
    method_perms = DOCS_PERMS


class SwaggerView(SpectacularSwaggerView):
    permission_classes = [PolicyPermission]
    method_perms = DOCS_PERMS


class RedocView(SpectacularRedocView):
    permission_classes = [PolicyPermission]
    method_perms = DOCS_PERMS
