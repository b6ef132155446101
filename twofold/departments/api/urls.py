"""departments endpoints under /api/v1/."""

from django.urls import path

from twofold.departments.api import views

urlpatterns = [
    path("requests/", views.QueueView.as_view(), name="request-queue"),
    path("requests/<int:pk>/", views.DetailView.as_view(), name="request-detail"),
    path("requests/<int:pk>/take/", views.TakeView.as_view(), name="request-take"),
    path("requests/<int:pk>/assign/", views.AssignView.as_view(), name="request-assign"),
    path("requests/<int:pk>/start/", views.StartView.as_view(), name="request-start"),
    path("requests/<int:pk>/resolve/", views.ResolveView.as_view(), name="request-resolve"),
    path("requests/<int:pk>/decline/", views.DeclineView.as_view(), name="request-decline"),
    path(
        "accounts/<int:pk>/requests/",
        views.AccountRequestsView.as_view(),
        name="account-requests",
    ),
]
