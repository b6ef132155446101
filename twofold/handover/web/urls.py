"""handover pages."""

from django.urls import path

from twofold.handover.web import views

app_name = "handover"

urlpatterns = [
    path("", views.handover_list, name="list"),
    path("report/", views.handover_report, name="report"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("<int:pk>/", views.handover_detail, name="detail"),
    path("<int:pk>/edit/", views.handover_edit, name="edit"),
    path("<int:pk>/submit/", views.handover_submit, name="submit"),
    path("<int:pk>/route/", views.handover_route, name="route"),
    path("<int:pk>/accept/", views.handover_accept, name="accept"),
    path("<int:pk>/send-back/", views.handover_send_back, name="send_back"),
    path("<int:pk>/answer/", views.handover_answer, name="answer"),
]
