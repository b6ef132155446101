"""Reads of people and teams, always scoped to what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.crypto import constant_time_compare

from twofold import policies
from twofold.core import history
from twofold.people.models import (
    ApiToken,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
    UserSession,
)


def _with_roles_and_teams(users: QuerySet[User]) -> QuerySet[User]:
    return users.prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role")),
        Prefetch("memberships", queryset=TeamMembership.objects.select_related("team")),
    )


def user_list(
    *,
    actor: User,
    search: str = "",
    role: str = "",
    team_id: int | None = None,
    active: bool | None = True,
) -> QuerySet[User]:
    """Users the actor may see, filtered, with roles and teams prefetched (3 queries a page)."""
    users = policies.users_visible_to(actor)
    if active is not None:
        users = users.filter(is_active=active)
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    if role:
        users = users.filter(role_assignments__role=role)
    if team_id:
        users = users.filter(memberships__team_id=team_id)
    return _with_roles_and_teams(users.order_by("full_name", "id"))


def user_get_for_actor(*, actor: User, pk: int | str) -> User:
    """The user with ``pk`` if the actor may see them; otherwise 404 (no existence leak)."""
    try:
        return _with_roles_and_teams(policies.users_visible_to(actor)).get(pk=pk)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404("No such user.") from exc


def team_list(*, actor: User, kind: str = "", include_archived: bool = False) -> QuerySet[Team]:
    teams = policies.teams_visible_to(actor)
    if kind:
        teams = teams.filter(kind=kind)
    if not include_archived:
        teams = teams.filter(is_active=True)
    return (
        teams.select_related("lead")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("kind", "name")
    )


def team_get_for_actor(*, actor: User, pk: int | str) -> Team:
    try:
        return (
            policies.teams_visible_to(actor)
            .select_related("lead")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=TeamMembership.objects.select_related("user").order_by(
                        "user__full_name"
                    ),
                )
            )
            .get(pk=pk)
        )
    except (Team.DoesNotExist, ValueError) as exc:
        raise Http404("No such team.") from exc


def token_list(*, actor: User) -> QuerySet[ApiToken]:
    """The actor's own API tokens, newest first."""
    return ApiToken.objects.filter(user=actor).order_by("-created_at", "-id")


def token_get_for_actor(*, actor: User, pk: int | str) -> ApiToken:
    try:
        return ApiToken.objects.get(user=actor, pk=pk)
    except (ApiToken.DoesNotExist, ValueError) as exc:
        raise Http404("No such token.") from exc


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    members: list[User]


def teams_of(*, actor: User) -> list[TeamSummary]:
    """The actor's own teams with their members, for the home page (2 queries)."""
    teams = (
        Team.objects.filter(Q(memberships__user=actor) | Q(lead=actor), is_active=True)
        .distinct()
        .select_related("lead")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.select_related("user")
                .filter(user__is_active=True)
                .order_by("user__full_name"),
            )
        )
        .order_by("name")
    )
    return [TeamSummary(team=t, members=[m.user for m in t.memberships.all()]) for t in teams]


def user_history(*, actor: User, user: User) -> list[history.HistoryEntry]:
    """Changes to the user, their roles, team memberships and API tokens, and the sessions
    ended on purpose (by them or an admin), newest first."""
    policies.require(actor, policies.Perm.USER_HISTORY, user)
    return history.timeline(
        [
            history.HistorySource(User, {"id": user.pk}, "User"),
            history.HistorySource(RoleAssignment, {"user_id": user.pk}, "Role", ("user",)),
            history.HistorySource(
                TeamMembership, {"user_id": user.pk}, "Team membership", ("user",)
            ),
            history.HistorySource(ApiToken, {"user_id": user.pk}, "API token", ("user",)),
            # Sign-ins and sign-outs leave no history row; an ended session leaves one change.
            history.HistorySource(
                UserSession, {"user_id": user.pk, "history_type": "~"}, "Session", ("user",)
            ),
        ]
    )


def team_history(*, actor: User, team: Team) -> list[history.HistoryEntry]:
    """Changes to the team and its membership, newest first."""
    policies.require(actor, policies.Perm.TEAM_HISTORY, team)
    return history.timeline(
        [
            history.HistorySource(Team, {"id": team.pk}, "Team"),
            history.HistorySource(TeamMembership, {"team_id": team.pk}, "Membership", ("team",)),
        ]
    )


def teams_by_ids(*, actor: User, ids: list[int], field: str = "team_ids") -> list[Team]:
    """Resolve ids from input; an id the actor cannot see is reported against ``field``."""
    teams = list(policies.teams_visible_to(actor).filter(pk__in=ids))
    missing = set(ids) - {t.pk for t in teams}
    if missing:
        raise ValidationError({field: f"Unknown team: {', '.join(map(str, sorted(missing)))}."})
    return teams


def users_by_ids(*, actor: User, ids: list[int], field: str = "member_ids") -> list[User]:
    users = list(policies.users_visible_to(actor).filter(pk__in=ids))
    missing = set(ids) - {u.pk for u in users}
    if missing:
        raise ValidationError({field: f"Unknown user: {', '.join(map(str, sorted(missing)))}."})
    return users


# --- Sessions and tokens --------------------------------------------------------------------


def security_target(*, actor: User, pk: int | str | None) -> User:
    """Whose sessions and tokens a page shows: the actor's own (``pk`` is None), or, for an
    admin, the user with ``pk``. Others get 404 for a user they cannot see, 403 otherwise."""
    if pk is None:
        policies.require(actor, policies.Perm.SESSION_MANAGE_OWN)
        return actor
    user = user_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, policies.Perm.SESSION_MANAGE, user)
    return user


def _is_live(session: UserSession, user: User) -> bool:
    """Does the session still sign this browser in as ``user``? Not when it expired, was
    deleted, or was made under a password the user has changed since."""
    data = import_module(settings.SESSION_ENGINE).SessionStore(session.session_key).load()
    return data.get(SESSION_KEY) == str(user.pk) and constant_time_compare(
        data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    )


def session_list(*, actor: User, user: User) -> list[UserSession]:
    """The browsers signed in as ``user`` now, most recently seen first (one query, plus one
    per open session to read it)."""
    if actor.pk == user.pk:
        policies.require(actor, policies.Perm.SESSION_MANAGE_OWN)
    else:
        policies.require(actor, policies.Perm.SESSION_MANAGE, user)
    sessions = UserSession.objects.filter(user=user, ended_at__isnull=True)
    return [session for session in sessions[:100] if _is_live(session, user)]


def session_get(*, user: User, pk: int | str) -> UserSession:
    """One open session of ``user`` (already authorised through ``security_target``)."""
    try:
        return UserSession.objects.select_related("user").get(
            user=user, pk=pk, ended_at__isnull=True
        )
    except (UserSession.DoesNotExist, ValueError) as exc:
        raise Http404("No such session.") from exc


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """``user``'s API tokens, newest first (already authorised through ``security_target``)."""
    return ApiToken.objects.filter(user=user).select_related("user").order_by("-created_at", "-id")
