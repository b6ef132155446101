"""The care tabs of an account, the client's voice across accounts and amendment approvals."""

from django.urls import path

from twofold.accounts.web import care

urlpatterns: list = [
    path("<int:pk>/goals/", care.goals, name="goals"),
    path("<int:pk>/goals/<int:goal_pk>/", care.goal_edit, name="goal_edit"),
    path("<int:pk>/budget/", care.budget, name="budget"),
    path("<int:pk>/budget/<int:line_pk>/", care.budget_line_edit, name="budget_line_edit"),
    path("<int:pk>/projects/", care.projects, name="projects"),
    path("<int:pk>/projects/<int:project_pk>/", care.project_edit, name="project_edit"),
    path(
        "<int:pk>/projects/<int:project_pk>/milestones/",
        care.milestone_create,
        name="milestone_create",
    ),
    path("<int:pk>/milestones/<int:milestone_pk>/", care.milestone_edit, name="milestone_edit"),
    path("<int:pk>/feedback/", care.feedback, name="feedback"),
    path("<int:pk>/satisfaction/", care.satisfaction, name="satisfaction"),
    path("<int:pk>/terms/", care.terms, name="terms"),
    path(
        "<int:pk>/terms/<int:amendment_pk>/decide/",
        care.amendment_decide,
        name="amendment_decide",
    ),
    path("client-voice/", care.client_voice, name="client_voice"),
    path("client-voice/<int:feedback_pk>/triage/", care.feedback_triage, name="feedback_triage"),
    path(
        "client-voice/requests/matches/",
        care.voice_request_matches,
        name="voice_request_matches",
    ),
    path("client-voice/requests/<int:request_pk>/", care.voice_request, name="voice_request"),
    path(
        "client-voice/requests/<int:request_pk>/merge/",
        care.voice_request_merge,
        name="voice_request_merge",
    ),
    path("amendments/", care.amendment_approvals, name="amendment_approvals"),
]
