"""The commercial API under /api/v1/: items, terms, approvals, closing, partners,
complaints, lost reasons and the sales policy."""

from django.urls import path

from twofold.sales.api import commercial as views

urlpatterns = [
    path("opportunities/<int:pk>/items/", views.ItemListView.as_view(), name="item-list"),
    path(
        "opportunities/<int:pk>/items/<int:item_pk>/",
        views.ItemDetailView.as_view(),
        name="item-detail",
    ),
    path("opportunities/<int:pk>/terms/", views.TermsView.as_view(), name="terms"),
    path("opportunities/<int:pk>/close-won/", views.CloseWonView.as_view(), name="close-won"),
    path("opportunities/<int:pk>/close-lost/", views.CloseLostView.as_view(), name="close-lost"),
    path("opportunities/<int:pk>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path(
        "opportunities/<int:pk>/partners/", views.DealPartnersView.as_view(), name="deal-partners"
    ),
    path("approvals/", views.ApprovalListView.as_view(), name="approval-list"),
    path("approvals/<int:pk>/", views.ApprovalDetailView.as_view(), name="approval-detail"),
    path(
        "approvals/<int:pk>/approve/", views.ApprovalApproveView.as_view(), name="approval-approve"
    ),
    path("approvals/<int:pk>/reject/", views.ApprovalRejectView.as_view(), name="approval-reject"),
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path(
        "partners/<int:pk>/contacts/", views.PartnerContactView.as_view(), name="partner-contacts"
    ),
    path("complaints/", views.ComplaintListView.as_view(), name="complaint-list"),
    path("complaints/<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint-detail"),
    path(
        "complaints/<int:pk>/resolve/",
        views.ComplaintResolveView.as_view(),
        name="complaint-resolve",
    ),
    path("lost-reasons/", views.LostReasonListView.as_view(), name="lost-reason-list"),
    path("lost-reasons/<int:pk>/", views.LostReasonDetailView.as_view(), name="lost-reason-detail"),
    path("sales-policy/", views.SalesPolicyView.as_view(), name="sales-policy"),
]
