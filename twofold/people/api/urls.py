from django.urls import path
from rest_framework.routers import SimpleRouter

from twofold.people.api import views

router = SimpleRouter()
router.register("users", views.UserViewSet, basename="user")
router.register("teams", views.TeamViewSet, basename="team")
router.register("tokens", views.TokenViewSet, basename="token")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("roles/", views.RoleListView.as_view(), name="roles"),
    *router.urls,
]
