"""The portfolio, accounts, their contacts and interactions, ownership events under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from twofold.accounts.api import portfolio as views

router = SimpleRouter()
router.register("accounts", views.AccountViewSet, basename="account")

urlpatterns = [
    path(
        "accounts/<int:pk>/contacts/<int:contact_pk>/",
        views.AccountContactView.as_view(),
        name="account_contact",
    ),
    path("ownership-events/", views.OwnershipEventListView.as_view(), name="ownership_event_list"),
    *router.urls,
]
