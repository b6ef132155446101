"""Sales endpoints under /api/v1/. Each area keeps its routes in its own module."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("twofold.sales.api.leads_urls")),
    path("", include("twofold.sales.api.deals_urls")),
    path("", include("twofold.sales.api.commercial_urls")),
    path("", include("twofold.sales.api.insights_urls")),
]
