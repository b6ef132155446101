"""The sales reports and sales meetings under /sales/."""

from django.urls import path

from twofold.sales.web import insights as views

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/<slug:name>.csv", views.report_csv, name="report_csv"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/notes/", views.meeting_notes, name="meeting_notes"),
    path("meetings/<int:pk>/decisions/", views.meeting_decide, name="meeting_decide"),
]
