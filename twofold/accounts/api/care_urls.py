"""Endpoints of the care tabs, the client's voice and amendment approvals."""

from django.urls import path

from twofold.accounts.api import care

urlpatterns: list = [
    path("accounts/<int:pk>/goals/", care.GoalsView.as_view(), name="account-goals"),
    path("accounts/<int:pk>/goals/<int:goal_pk>/", care.GoalView.as_view(), name="account-goal"),
    path("accounts/<int:pk>/budget/", care.BudgetView.as_view(), name="account-budget"),
    path(
        "accounts/<int:pk>/budget/<int:line_pk>/",
        care.BudgetLineView.as_view(),
        name="account-budget-line",
    ),
    path("accounts/<int:pk>/projects/", care.ProjectsView.as_view(), name="account-projects"),
    path(
        "accounts/<int:pk>/projects/<int:project_pk>/",
        care.ProjectView.as_view(),
        name="account-project",
    ),
    path(
        "accounts/<int:pk>/projects/<int:project_pk>/milestones/",
        care.MilestonesView.as_view(),
        name="account-milestones",
    ),
    path(
        "accounts/<int:pk>/milestones/<int:milestone_pk>/",
        care.MilestoneView.as_view(),
        name="account-milestone",
    ),
    path("accounts/<int:pk>/feedback/", care.FeedbackView.as_view(), name="account-feedback"),
    path(
        "accounts/<int:pk>/satisfaction/",
        care.SatisfactionView.as_view(),
        name="account-satisfaction",
    ),
    path("accounts/<int:pk>/terms/", care.TermsView.as_view(), name="account-terms"),
    path(
        "accounts/<int:pk>/terms/<int:amendment_pk>/decide/",
        care.AmendmentDecideView.as_view(),
        name="account-amendment-decide",
    ),
    path("client-voice/", care.ClientVoiceView.as_view(), name="client-voice"),
    path(
        "client-voice/<int:feedback_pk>/triage/",
        care.TriageView.as_view(),
        name="client-voice-triage",
    ),
    path(
        "client-voice/requests/<int:request_pk>/",
        care.VoiceRequestView.as_view(),
        name="client-voice-request",
    ),
    path(
        "client-voice/requests/<int:request_pk>/merge/",
        care.VoiceRequestMergeView.as_view(),
        name="client-voice-request-merge",
    ),
    path("amendment-approvals/", care.AmendmentApprovalsView.as_view(), name="amendment-approvals"),
]
