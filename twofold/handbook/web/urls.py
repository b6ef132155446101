from django.urls import path

from twofold.handbook.web import views

app_name = "handbook"

urlpatterns = [
    path("", views.index, name="index"),
    path("sales-vs-account-management/", views.compare, name="compare"),
    path("<str:role>/", views.role, name="role"),
    path("<str:role>/job-description.md", views.export, name="export"),
    path("<str:role>/edit/", views.edit, name="edit"),
]
