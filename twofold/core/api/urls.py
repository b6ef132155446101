"""``/api/``: the versioned API, its OpenAPI schema and its interactive docs (served locally)."""

from django.urls import include, path

from twofold.core.api.views import RedocView, SchemaView, SwaggerView

app_name = "api"


v1 = [
    path("", include("twofold.people.api.urls")),
    path("", include("twofold.handbook.api.urls")),
    path("", include("twofold.catalog.api.urls")),
    path("", include("twofold.sales.api.urls")),
    path("", include("twofold.accounts.api.urls")),
    path("", include("twofold.handover.api.urls")),
    path("", include("twofold.departments.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
]
