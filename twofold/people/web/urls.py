from django.urls import path

from twofold.people.web import security, views

app_name = "people"

urlpatterns = [
    path("people/", views.user_list, name="user_list"),
    path("people/new/", views.user_create, name="user_create"),
    path("people/<int:pk>/", views.user_detail, name="user_detail"),
    path("people/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("people/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("people/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("people/<int:pk>/invite/", views.user_invite, name="user_invite"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("settings/tokens/", views.token_list, name="token_list"),
    path("settings/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    # Sessions and tokens: one's own, and (admins) any user's
    path("settings/security/", security.security, name="security"),
    path(
        "settings/security/sessions/<int:session_pk>/end/",
        security.session_end,
        name="session_end",
    ),
    path("settings/security/sessions/end/", security.sessions_end_all, name="sessions_end_all"),
    path(
        "settings/security/tokens/<int:token_pk>/revoke/",
        security.token_revoke_here,
        name="token_revoke_here",
    ),
    path("settings/security/tokens/revoke/", security.tokens_revoke_all, name="tokens_revoke_all"),
    path("people/<int:pk>/security/", security.security, name="user_security"),
    path(
        "people/<int:pk>/security/sessions/<int:session_pk>/end/",
        security.session_end,
        name="user_session_end",
    ),
    path(
        "people/<int:pk>/security/sessions/end/",
        security.sessions_end_all,
        name="user_sessions_end_all",
    ),
    path(
        "people/<int:pk>/security/tokens/<int:token_pk>/revoke/",
        security.token_revoke_here,
        name="user_token_revoke_here",
    ),
    path(
        "people/<int:pk>/security/tokens/revoke/",
        security.tokens_revoke_all,
        name="user_tokens_revoke_all",
    ),
]
