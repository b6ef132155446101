"""Pipelines, deals and the board under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from twofold.sales.api import deals as views

router = SimpleRouter()
router.register("pipelines", views.PipelineViewSet, basename="pipeline")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")

urlpatterns = [
    path("board/", views.BoardView.as_view(), name="board"),
    *router.urls,
]
