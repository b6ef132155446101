"""Catalog pages, included under /sales/ (names in the ``sales`` namespace)."""

from django.urls import path

from twofold.catalog.web import views

urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
]
