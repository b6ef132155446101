"""Pages of the deal's commercial side and the catalog (under /sales/)."""

from django.urls import include, path

from twofold.sales.web import commercial as views

urlpatterns = [
    path("", include("twofold.catalog.web.urls")),
    path("deals/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("deals/<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("deals/<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("deals/<int:pk>/quote/", views.quote, name="quote"),
    path("deals/<int:pk>/quote.pdf", views.quote_pdf, name="quote_pdf"),
    path("deals/<int:pk>/terms/", views.terms_propose, name="terms_propose"),
    path("deals/<int:pk>/close-won/", views.close_won, name="close_won"),
    path("deals/<int:pk>/close-lost/", views.close_lost, name="close_lost"),
    path("deals/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("deals/<int:pk>/partners/", views.partner_link, name="partner_link"),
    path(
        "deals/<int:pk>/partners/<int:link_pk>/remove/",
        views.partner_unlink,
        name="partner_unlink",
    ),
    path("deals/<int:pk>/complaints/new/", views.complaint_log, name="complaint_log"),
    path("leads/<int:pk>/partner/", views.lead_partner, name="lead_partner"),
    path("leads/<int:pk>/complaints/new/", views.lead_complaint_log, name="lead_complaint_log"),
    path("approvals/", views.approval_list, name="approval_list"),
    path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/contacts/", views.partner_contact_add, name="partner_contact_add"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/resolve/", views.complaint_resolve, name="complaint_resolve"),
    path("settings/sales-policy/", views.policy_edit, name="policy_edit"),
    path("settings/organisation/", views.organisation_edit, name="organisation_edit"),
    path("settings/lost-reasons/", views.lost_reasons, name="lost_reasons"),
    path("settings/lost-reasons/<int:pk>/", views.lost_reason_edit, name="lost_reason_edit"),
]
