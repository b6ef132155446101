"""The sales report and the sales meetings under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from twofold.sales.api import insights as views

router = SimpleRouter()
router.register("sales-meetings", views.SalesMeetingViewSet, basename="sales-meeting")

urlpatterns = [
    path("reports/sales/", views.SalesReportView.as_view(), name="sales-report"),
    *router.urls,
]
