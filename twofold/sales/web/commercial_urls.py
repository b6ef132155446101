"""Pages of the deal's commercial side and the catalog (under /sales/)."""

from django.urls import include, path

from twofold.sales.web import closing, complaints, config, items, partners, terms

urlpatterns = [
    path("", include("twofold.catalog.web.urls")),
    path("deals/<int:pk>/items/new/", items.item_add, name="item_add"),
    path("deals/<int:pk>/items/<int:item_pk>/", items.item_edit, name="item_edit"),
    path("deals/<int:pk>/items/<int:item_pk>/remove/", items.item_remove, name="item_remove"),
    path("deals/<int:pk>/quote/", items.quote, name="quote"),
    path("deals/<int:pk>/quote.pdf", items.quote_pdf, name="quote_pdf"),
    path("deals/<int:pk>/terms/", terms.terms_propose, name="terms_propose"),
    path("deals/<int:pk>/close-won/", closing.close_won, name="close_won"),
    path("deals/<int:pk>/close-lost/", closing.close_lost, name="close_lost"),
    path("deals/<int:pk>/reopen/", closing.reopen, name="reopen"),
    path("deals/<int:pk>/partners/", partners.partner_link, name="partner_link"),
    path(
        "deals/<int:pk>/partners/<int:link_pk>/remove/",
        partners.partner_unlink,
        name="partner_unlink",
    ),
    path("deals/<int:pk>/complaints/new/", complaints.complaint_log, name="complaint_log"),
    path("leads/<int:pk>/partner/", partners.lead_partner, name="lead_partner"),
    path(
        "leads/<int:pk>/complaints/new/", complaints.lead_complaint_log, name="lead_complaint_log"
    ),
    path("approvals/", terms.approval_list, name="approval_list"),
    path("approvals/<int:pk>/decide/", terms.approval_decide, name="approval_decide"),
    path("partners/", partners.partner_list, name="partner_list"),
    path("partners/new/", partners.partner_create, name="partner_create"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", partners.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/contacts/", partners.partner_contact_add, name="partner_contact_add"),
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/resolve/", complaints.complaint_resolve, name="complaint_resolve"),
    path("settings/sales-policy/", config.policy_edit, name="policy_edit"),
    path("settings/organisation/", config.organisation_edit, name="organisation_edit"),
    path("settings/lost-reasons/", config.lost_reasons, name="lost_reasons"),
    path("settings/lost-reasons/<int:pk>/", config.lost_reason_edit, name="lost_reason_edit"),
]
