from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("twofold.core.web.urls")),
    path("", include("twofold.people.web.urls")),
    path("handbook/", include("twofold.handbook.web.urls")),
    path("sales/", include("twofold.sales.web.urls")),
    path("", include("twofold.sales.web.public_urls")),
    path("accounts/", include("twofold.accounts.web.urls")),
    path("handovers/", include("twofold.handover.web.urls")),
    path("requests/", include("twofold.departments.web.urls")),
    path("search/", include("twofold.search.web.urls")),
    path("api/", include("twofold.core.api.urls")),
    path("backoffice/", admin.site.urls),
]

handler404 = "twofold.core.web.error_pages.not_found"
handler500 = "twofold.core.web.error_pages.server_error"
