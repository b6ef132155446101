"""departments pages."""

from django.urls import path

from twofold.departments.web import views

app_name = "departments"

urlpatterns: list = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("account/<int:pk>/", views.account_requests, name="account_requests"),
    path("sla/", views.sla_settings, name="sla"),
]
