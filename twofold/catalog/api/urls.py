"""The catalog API under /api/v1/: products."""

from django.urls import path

from twofold.catalog.api import views

urlpatterns = [
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("products/<int:pk>/", views.ProductDetailView.as_view(), name="product-detail"),
]
