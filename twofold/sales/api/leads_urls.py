"""Leads, routing rules and web forms under /api/v1/."""

from rest_framework.routers import SimpleRouter

from twofold.sales.api import leads as views

router = SimpleRouter()
router.register("leads", views.LeadViewSet, basename="lead")
router.register("assignment-rules", views.AssignmentRuleViewSet, basename="assignment-rule")
router.register("web-forms", views.WebFormViewSet, basename="web-form")

urlpatterns = [*router.urls]
