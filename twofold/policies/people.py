"""Who sees and manages people and teams.

* Admins see and manage everyone, deactivated users included.
* Every other role sees the active colleague directory and the active teams: picking a
  colleague for a hand-over or a request needs it.
* Agents are self-employed: they see themselves and the leads of their own teams, nothing more.
* A user with no role yet sees only themselves.
* Everyone sees and ends their own sessions and API tokens; admins those of any user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from twofold.people.choices import TEAM_LEAD_ROLE, Role, TeamKind
from twofold.policies.base import Perm, rule
from twofold.policies.roles import has_role

if TYPE_CHECKING:
    from twofold.people.models import Team, User


def is_admin(actor: User) -> bool:
    return has_role(actor, Role.ADMIN)


def is_outsider(actor: User) -> bool:
    """Agents (and users without any role) get the restricted, own-records-only view."""
    return not (actor.roles - {Role.AGENT})


def may_lead_team(user: User, kind: str) -> bool:
    """Does ``user`` hold the role that leads a team of ``kind``? By role only: whether they
    are still active is the caller's check."""
    return has_role(user, TEAM_LEAD_ROLE[TeamKind(kind)])


def users_visible_to(actor: User) -> QuerySet[User]:
    if is_admin(actor):
        return get_user_model().objects.all()
    if is_outsider(actor):
        return (
            get_user_model().objects.filter(Q(pk=actor.pk) | Q(led_teams__members=actor)).distinct()
        )
    return get_user_model().objects.filter(Q(is_active=True) | Q(pk=actor.pk))


def teams_visible_to(actor: User) -> QuerySet[Team]:
    if is_admin(actor):
        return apps.get_model("people", "Team").objects.all()
    if is_outsider(actor):
        return apps.get_model("people", "Team").objects.filter(memberships__user=actor)
    return apps.get_model("people", "Team").objects.filter(is_active=True)


@rule(Perm.USER_LIST, Perm.TEAM_LIST, Perm.TOKEN_MANAGE_OWN, Perm.SESSION_MANAGE_OWN)
def _any_signed_in_user(actor: User, obj: Any) -> bool:
    return True


@rule(Perm.USER_MANAGE, Perm.TEAM_MANAGE)
def _admin_only(actor: User, obj: Any) -> bool:
    return is_admin(actor)


@rule(Perm.SESSION_MANAGE)
def _admin_over_user(actor: User, obj: User | None) -> bool:
    """Admins see any user's sessions and tokens, end the sessions and revoke the tokens."""
    return is_admin(actor)


@rule(Perm.USER_VIEW)
def _user_visible(actor: User, obj: User) -> bool:
    return users_visible_to(actor).filter(pk=obj.pk).exists()


@rule(Perm.USER_HISTORY)
def _user_history(actor: User, obj: User) -> bool:
    return is_admin(actor) or obj.pk == actor.pk


@rule(Perm.REQUEST_HOME)
def _department_member(actor: User, obj: Any) -> bool:
    """Department members find their departments' open requests on their home."""
    return has_role(actor, Role.DEPARTMENT_MEMBER)


@rule(Perm.TEAM_VIEW)
def _team_visible(actor: User, obj: Team) -> bool:
    return teams_visible_to(actor).filter(pk=obj.pk).exists()


@rule(Perm.TEAM_HISTORY)
def _team_history(actor: User, obj: Team) -> bool:
    return is_admin(actor) or obj.lead_id == actor.pk
