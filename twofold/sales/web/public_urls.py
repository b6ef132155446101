"""The public web-to-lead form, mounted at the site root: the only pages without sign-in."""

from django.urls import path

from twofold.sales.web import public as views

# Keys are URL-safe tokens, so <slug> refuses anything else (a NUL byte, say) with a 404
# before any query: PostgreSQL rejects NUL in text and would have answered 500.
urlpatterns = [
    path("forms/<slug:key>/", views.public_form, name="public_form"),
    path("forms/<slug:key>/thanks/", views.public_form_thanks, name="public_form_thanks"),
]
