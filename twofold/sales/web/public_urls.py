"""The public web-to-lead form, mounted at the site root: the only pages without sign-in."""

from django.urls import path

from twofold.sales.web import public as views

urlpatterns = [
    path("forms/<str:key>/", views.public_form, name="public_form"),
    path("forms/<str:key>/thanks/", views.public_form_thanks, name="public_form_thanks"),
]
