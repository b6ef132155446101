"""handover endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from twofold.handover.api import views

router = SimpleRouter()
router.register("handovers", views.HandoverViewSet, basename="handover")

urlpatterns = router.urls
