"""Customer account pages. Each area keeps its routes in its own module."""

from django.urls import include, path

app_name = "accounts"

urlpatterns: list = [
    path("", include("twofold.accounts.web.portfolio_urls")),
    path("", include("twofold.accounts.web.care_urls")),
]
