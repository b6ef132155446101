"""The portfolio and the account page frame under /accounts/."""

from django.urls import path

from twofold.accounts.web import portfolio as views

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("ownership/", views.ownership_report, name="ownership_report"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/interactions/", views.interaction_create, name="interaction_create"),
    path("<int:pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
]
