from rest_framework.routers import SimpleRouter

from twofold.handbook.api import views

router = SimpleRouter()
router.register("handbook/roles", views.RoleProfileViewSet, basename="handbook-role")

urlpatterns = [*router.urls]
