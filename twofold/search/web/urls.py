from django.urls import path

from twofold.search.web import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
]
