"""Lead pages, routing rules and web-form admin (under /sales/)."""

from django.urls import path

from twofold.sales.web import leads as views

urlpatterns = [
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("leads/duplicates/", views.lead_duplicates, name="lead_duplicates"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/qualify/", views.lead_qualify, name="lead_qualify"),
    path("leads/<int:pk>/disqualify/", views.lead_disqualify, name="lead_disqualify"),
    path("leads/<int:pk>/reassign/", views.lead_reassign, name="lead_reassign"),
    path("leads/<int:pk>/activities/", views.lead_log_activity, name="lead_log_activity"),
    path("settings/lead-routing/", views.rule_list, name="rule_list"),
    path("settings/lead-routing/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("settings/lead-routing/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("settings/lead-routing/<int:pk>/move/", views.rule_move, name="rule_move"),
    path("settings/web-forms/", views.webform_list, name="webform_list"),
    path("settings/web-forms/<int:pk>/", views.webform_edit, name="webform_edit"),
]
