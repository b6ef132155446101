"""Sales pages. Each area keeps its routes in its own module."""

from django.urls import include, path

app_name = "sales"

urlpatterns: list = [
    path("", include("twofold.sales.web.leads_urls")),
    path("", include("twofold.sales.web.deals_urls")),
    path("", include("twofold.sales.web.commercial_urls")),
    path("", include("twofold.sales.web.insights_urls")),
]
