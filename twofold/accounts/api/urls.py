"""Customer account endpoints under /api/v1/. Each area keeps its routes in its own module."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("twofold.accounts.api.portfolio_urls")),
    path("", include("twofold.accounts.api.care_urls")),
]
