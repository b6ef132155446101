"""Every write to people, roles, teams, sessions and API tokens, with the rules that guard it.

Each service takes the acting user as ``actor`` (``None`` means the operator at the command
line or the system itself, who is trusted), checks the policy, validates, and writes in one
transaction with its history.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
from twofold.people.choices import TEAM_LEAD_ROLE, TEAM_MEMBER_ROLES, Department, Role, TeamKind
from twofold.people.models import (
    ApiToken,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
    UserSession,
)
from twofold.policies import Perm

TOKEN_PREFIX = "tf_"  # noqa: S105 - a marker that helps secret scanners, not a secret


def _authorize(actor: User | None, perm: Perm, obj: object = None) -> None:
    if actor is not None:
        policies.require(actor, perm, obj)


def _user_errors(user: User) -> dict[str, list[str]]:
    """Every problem with a user's fields at once, the duplicate e-mail included."""
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    duplicate = User.objects.filter(email__iexact=user.email).exclude(pk=user.pk).exists()
    if "email" not in errors and duplicate:
        errors["email"] = ["A user with this e-mail already exists."]
    return errors


def _clean_roles(roles: Iterable[str]) -> set[str]:
    chosen = set(roles)
    unknown = chosen - set(Role.values)
    if unknown:
        raise ValidationError({"roles": f"Unknown role: {', '.join(sorted(unknown))}."})
    return chosen


# --- Users ----------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    job_title: str = "",
    phone: str = "",
    roles: Iterable[str] = (),
    teams: Iterable[Team] = (),
    password: str | None = None,
    invite: bool = False,
) -> User:
    """Create a user with their roles and teams.

    Without a password the account cannot sign in until the person follows the invitation
    e-mail (sent when ``invite`` is true) and chooses one.
    """
    _authorize(actor, Perm.USER_MANAGE)
    user = User(
        email=(email or "").strip(),
        full_name=(full_name or "").strip(),
        job_title=job_title,
        phone=phone,
    )
    errors = _user_errors(user)
    if password:
        user.set_password(password)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    else:
        user.set_unusable_password()
    if errors:
        raise ValidationError(errors)
    attribute(user, actor, "Created")
    user.save()
    user_set_roles(actor=actor, user=user, roles=roles)
    user_set_teams(actor=actor, user=user, teams=teams)
    if invite:
        user_invite(actor=actor, user=user)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User | None,
    user: User,
    full_name: str,
    email: str,
    job_title: str = "",
    phone: str = "",
) -> User:
    """Change a user's name, e-mail and contact details."""
    _authorize(actor, Perm.USER_MANAGE, user)
    user.full_name = (full_name or "").strip()
    user.email = (email or "").strip()
    user.job_title = job_title
    user.phone = phone
    errors = _user_errors(user)
    if errors:
        raise ValidationError(errors)
    attribute(user, actor, "Details changed")
    user.save()
    return user


@transaction.atomic
def user_change(
    *,
    actor: User | None,
    user: User,
    full_name: str,
    email: str,
    job_title: str = "",
    phone: str = "",
    roles: Iterable[str] | None = None,
    teams: Iterable[Team] | None = None,
) -> User:
    """Edit a user's details, roles and teams together: all of it is saved, or none.

    Leaving teams comes first, so a move from a sales team to an account-management team with
    the matching change of roles is judged on where the user ends up, not on the way there.
    """
    user_update(
        actor=actor,
        user=user,
        full_name=full_name,
        email=email,
        job_title=job_title,
        phone=phone,
    )
    wanted_teams = None if teams is None else list(teams)
    if wanted_teams is not None:
        wanted_ids = {team.pk for team in wanted_teams}
        staying = [
            m.team for m in user.memberships.select_related("team") if m.team_id in wanted_ids
        ]
        user_set_teams(actor=actor, user=user, teams=staying)
    if roles is not None:
        user_set_roles(actor=actor, user=user, roles=roles)
    if wanted_teams is not None:
        user_set_teams(actor=actor, user=user, teams=wanted_teams)
    return user


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: Iterable[str]) -> User:
    """Give ``user`` exactly ``roles``. Refused when it would leave a team without a fitting
    lead or the organisation without an active admin."""
    _authorize(actor, Perm.USER_MANAGE, user)
    wanted = _clean_roles(roles)
    current = {a.role: a for a in RoleAssignment.objects.select_for_update().filter(user=user)}
    removed = set(current) - wanted
    for team in Team.objects.filter(lead=user, is_active=True):
        needed = TEAM_LEAD_ROLE[TeamKind(team.kind)]
        if needed in removed:
            raise ValidationError(
                {
                    "roles": f"{user} leads {team.name}, which needs the role "
                    f"{Role(needed).label}. Choose another lead first."
                }
            )
    for membership in TeamMembership.objects.filter(user=user).select_related("team"):
        allowed = TEAM_MEMBER_ROLES[TeamKind(membership.team.kind)]
        if not wanted & allowed:
            raise ValidationError(
                {
                    "roles": f"{user} is a member of {membership.team.name}, which needs one of: "
                    f"{', '.join(Role(r).label for r in sorted(allowed))}."
                }
            )
    if Role.ADMIN in removed and user.is_active:
        _ensure_another_admin(user)
    for role in sorted(removed):
        assignment = current[role]
        attribute(assignment, actor, "Role removed")
        assignment.delete()
    for role in sorted(wanted - set(current)):
        assignment = RoleAssignment(user=user, role=role)
        attribute(assignment, actor, "Role given")
        assignment.save()
    user.__dict__.pop("roles", None)  # forget the cached role set
    return user


def _ensure_another_admin(user: User) -> None:
    others = RoleAssignment.objects.filter(role=Role.ADMIN, user__is_active=True).exclude(user=user)
    if not others.exists():
        raise ValidationError({"roles": "Twofold needs at least one active admin."})


@transaction.atomic
def user_set_teams(*, actor: User | None, user: User, teams: Iterable[Team]) -> User:
    """Make ``user`` a member of exactly ``teams``; each must fit one of the user's roles."""
    _authorize(actor, Perm.USER_MANAGE, user)
    wanted = {team.pk: team for team in teams}
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    for team in wanted.values():
        _check_member_fits(team, user, roles)
    current = {m.team_id: m for m in TeamMembership.objects.filter(user=user)}
    for team_id in sorted(set(current) - set(wanted)):
        membership = current[team_id]
        attribute(membership, actor, "Left team")
        membership.delete()
    for team_id in sorted(set(wanted) - set(current)):
        membership = TeamMembership(team=wanted[team_id], user=user)
        attribute(membership, actor, "Joined team")
        membership.save()
    return user


def _check_member_fits(team: Team, user: User, roles: set[str]) -> None:
    allowed = TEAM_MEMBER_ROLES[TeamKind(team.kind)]
    if not roles & allowed:
        raise ValidationError(
            {
                "teams": f"{user} cannot join {team.name}: members need one of "
                f"{', '.join(Role(r).label for r in sorted(allowed))}."
            }
        )


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str = "") -> User:
    """Stop a user from signing in and using the API. The row stays: records point at it."""
    _authorize(actor, Perm.USER_MANAGE, user)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError("You cannot deactivate yourself.", code="self_deactivation")
    if not user.is_active:
        return user
    if policies.is_admin(user):
        _ensure_another_admin(user)
    led = list(Team.objects.filter(lead=user, is_active=True).values_list("name", flat=True))
    if led:
        raise ValidationError(
            f"{user} leads {', '.join(led)}. Choose another lead first.", code="leads_team"
        )
    user.is_active = False
    user.deactivated_at = timezone.now()
    attribute(user, actor, reason or "Deactivated")
    user.save()
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        _token_revoke(token, actor, "Owner deactivated")
    for session in UserSession.objects.filter(user=user, ended_at__isnull=True):
        _session_end(session, actor, "Owner deactivated")
    return user


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    """Let a deactivated user sign in again (their old API tokens stay revoked)."""
    _authorize(actor, Perm.USER_MANAGE, user)
    if user.is_active:
        return user
    user.is_active = True
    user.deactivated_at = None
    attribute(user, actor, "Reactivated")
    user.save()
    return user


def user_invite(*, actor: User | None, user: User) -> str:
    """E-mail ``user`` a link to choose their password; returns the link."""
    _authorize(actor, Perm.USER_MANAGE, user)
    if not user.is_active:
        raise ValidationError("Reactivate this user before inviting them.", code="inactive")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    link = settings.TWOFOLD_BASE_URL.rstrip("/") + path
    inviter = str(actor) if actor is not None else "Your administrator"
    message = (
        f"{inviter} has given you an account on Twofold.\n\n"
        f"Choose your password here (the link works for three days):\n{link}\n\n"
        f"Then sign in with {user.email}."
    )
    # Sent after commit: a rolled-back creation must not leave an invitation in someone's inbox.
    transaction.on_commit(
        lambda: send_mail(
            subject="You are invited to Twofold",
            message=message,
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return link


# --- Teams ----------------------------------------------------------------------------------


def _check_team(kind: str, department: str, lead: User | None) -> None:
    if kind not in TeamKind.values:
        raise ValidationError({"kind": "Choose a kind of team."})
    if kind == TeamKind.DEPARTMENT and department not in Department.values:
        raise ValidationError({"department": "A department needs its type."})
    if kind != TeamKind.DEPARTMENT and department:
        raise ValidationError({"department": "Only departments have a department type."})
    if lead is not None:
        needed = TEAM_LEAD_ROLE[TeamKind(kind)]
        if not lead.is_active:
            raise ValidationError({"lead": f"{lead} is deactivated."})
        if not policies.may_lead_team(lead, kind):
            raise ValidationError(
                {
                    "lead": f"The lead of a {TeamKind(kind).label.lower()} must be a "
                    f"{Role(needed).label.lower()}; {lead} is not."
                }
            )


@transaction.atomic
def team_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    department: str = "",
    lead: User | None = None,
    description: str = "",
    members: Iterable[User] = (),
) -> Team:
    """Create a sales team, an account-management team or a department."""
    _authorize(actor, Perm.TEAM_MANAGE)
    _check_team(kind, department, lead)
    if Team.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A team with this name already exists."})
    team = Team(
        name=name.strip(), kind=kind, department=department, lead=lead, description=description
    )
    team.full_clean()
    attribute(team, actor, "Created")
    check_text(team)
    team.save()
    team_set_members(actor=actor, team=team, members=members)
    return team


@transaction.atomic
def team_update(
    *,
    actor: User | None,
    team: Team,
    name: str,
    lead: User | None,
    description: str = "",
    department: str | None = None,
    is_active: bool = True,
    members: Iterable[User] | None = None,
) -> Team:
    """Rename a team, change its lead or description, archive or restore it.

    The kind of a team never changes: its members were chosen for it.
    """
    _authorize(actor, Perm.TEAM_MANAGE, team)
    department = team.department if department is None else department
    _check_team(team.kind, department, lead)
    if Team.objects.filter(name__iexact=name.strip()).exclude(pk=team.pk).exists():
        raise ValidationError({"name": "A team with this name already exists."})
    team.name = name.strip()
    team.lead = lead
    team.description = description
    team.department = department
    team.is_active = is_active
    team.full_clean()
    attribute(team, actor, "Changed")
    check_text(team)
    team.save()
    if members is not None:
        team_set_members(actor=actor, team=team, members=members)
    return team


@transaction.atomic
def team_set_members(*, actor: User | None, team: Team, members: Iterable[User]) -> Team:
    """Make ``members`` exactly the members of ``team``."""
    _authorize(actor, Perm.TEAM_MANAGE, team)
    wanted = {user.pk: user for user in members}
    roles_by_user: dict[int, set[str]] = {pk: set() for pk in wanted}
    for user_id, role in RoleAssignment.objects.filter(user_id__in=wanted).values_list(
        "user_id", "role"
    ):
        roles_by_user[user_id].add(role)
    for pk, user in wanted.items():
        _check_member_fits(team, user, roles_by_user[pk])
    current = {m.user_id: m for m in TeamMembership.objects.filter(team=team)}
    for user_id in sorted(set(current) - set(wanted)):
        membership = current[user_id]
        attribute(membership, actor, "Removed from team")
        membership.delete()
    for user_id in sorted(set(wanted) - set(current)):
        membership = TeamMembership(team=team, user=wanted[user_id])
        attribute(membership, actor, "Added to team")
        membership.save()
    return team


# --- API tokens -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; only its digest is stored


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User | None, user: User, name: str) -> IssuedToken:
    """Issue an API key for ``user``. A user issues their own; the CLI may issue anyone's."""
    if actor is not None:
        policies.require(actor, Perm.TOKEN_MANAGE_OWN)
        if actor.pk != user.pk:
            raise ValidationError("You can only create tokens for yourself.", code="not_own")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. the script that uses it."})
    if len(name) > 80:
        raise ValidationError({"name": "Use at most 80 characters."})
    if not user.is_active:
        raise ValidationError("Deactivated users cannot have API tokens.", code="inactive")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[:10], digest=token_digest(key))
    attribute(token, actor, "Created")
    token.save()
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke one of your own tokens at once; revoking twice changes nothing."""
    if actor is not None:
        policies.require(actor, Perm.TOKEN_MANAGE_OWN)
        if actor.pk != token.user_id:
            raise ValidationError("You can only revoke your own tokens.", code="not_own")
    return _token_revoke(token, actor, "Revoked")


def _token_revoke(token: ApiToken, actor: User | None, reason: str) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        attribute(token, actor, reason)
        token.save()
    return token


@transaction.atomic
def api_token_revoke_as_admin(*, actor: User | None, token: ApiToken) -> ApiToken:
    """An admin revokes someone else's token (from that user's sessions and tokens page);
    the token's history says who did it."""
    _authorize(actor, Perm.SESSION_MANAGE, token.user)
    return _token_revoke(token, actor, "Revoked by an admin")


@transaction.atomic
def api_tokens_revoke_all(*, actor: User | None, user: User) -> int:
    """Revoke every active API token of ``user`` at once, e.g. after a password change;
    returns how many were revoked. A user revokes their own, an admin anyone's."""
    _authorize_over(actor, user, Perm.TOKEN_MANAGE_OWN)
    reason = "Revoked with all of them" if _is_self(actor, user) else "Revoked by an admin"
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        _token_revoke(token, actor, reason)
    return len(tokens)


# --- Sessions -------------------------------------------------------------------------------

# Kept in the session's own data: which UserSession row is this browser's, under which key,
# and when its "last seen" was written (so a request writes at most every SEEN_EVERY seconds).
SESSION_MARKER = "twofold_session"
SEEN_EVERY = 300
USER_AGENT_LENGTH = 300


def _is_self(actor: User | None, user: User) -> bool:
    return actor is not None and actor.pk == user.pk


def _authorize_over(actor: User | None, user: User, own: Perm) -> None:
    """Acting on one's own sessions or tokens needs ``own``; on anyone else's, an admin's
    ``SESSION_MANAGE``."""
    if actor is None:
        return
    if _is_self(actor, user):
        policies.require(actor, own)
    else:
        policies.require(actor, Perm.SESSION_MANAGE, user)


def _session_store(session_key: str) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def _save_quietly(session: UserSession, **kwargs: Any) -> None:
    """Save without a history row: signing in is not a change anyone reviews."""
    session.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        session.save(**kwargs)
    finally:
        del session.skip_history_when_saving  # type: ignore[attr-defined]


def _mark(request: HttpRequest, session_id: int) -> None:
    request.session[SESSION_MARKER] = {
        "id": session_id,
        "key": request.session.session_key,
        "seen": timezone.now().timestamp(),
    }


def _client_of(request: HttpRequest) -> dict[str, Any]:
    return {
        "ip_address": request.META.get("REMOTE_ADDR") or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    }


def session_record(*, request: HttpRequest, user: User) -> UserSession:
    """Record that ``user`` has just signed in on the browser of ``request`` (called on
    Django's ``user_logged_in``): the sessions page lists it from now on. The session this
    browser had before, if any, is over."""
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key
    assert key is not None  # noqa: S101 - saving a session gives it its key
    now = timezone.now()
    previous = request.session.get(SESSION_MARKER)
    if previous:
        UserSession.objects.filter(pk=previous["id"], ended_at__isnull=True).exclude(
            session_key=key
        ).update(ended_at=now)
    session = UserSession.objects.filter(session_key=key).first() or UserSession(
        session_key=key, user=user
    )
    session.user = user
    session.created_at = session.created_at or now
    session.last_seen_at = now
    session.ended_at = None
    for field, value in _client_of(request).items():
        setattr(session, field, value)
    _save_quietly(session)
    _mark(request, session.pk)
    return session


def session_signed_out(*, request: HttpRequest) -> None:
    """The browser of ``request`` signs out (Django's ``user_logged_out``): its row is over."""
    marker = request.session.get(SESSION_MARKER)
    if marker:
        UserSession.objects.filter(pk=marker["id"], ended_at__isnull=True).update(
            ended_at=timezone.now()
        )


def session_touch(*, request: HttpRequest, user: User) -> None:
    """Keep the row of a signed-in browser current, after each of its requests.

    * A session from before rows were kept gets its row now.
    * A new key without a new sign-in means the password was just changed here (Django
      re-keys the session that changed it and the others stop working): the row follows the
      key, and the user's other sessions are ended.
    * Otherwise "last seen" and the address are written at most every ``SEEN_EVERY`` seconds.
    """
    marker = request.session.get(SESSION_MARKER)
    key = request.session.session_key
    if not marker or key is None:
        session_record(request=request, user=user)
        return
    now = timezone.now()
    if marker["key"] != key:
        with transaction.atomic():
            moved = UserSession.objects.filter(pk=marker["id"], user=user).update(
                session_key=key, last_seen_at=now, ended_at=None
            )
            if not moved:
                session_record(request=request, user=user)
                return
            for other in UserSession.objects.filter(user=user, ended_at__isnull=True).exclude(
                session_key=key
            ):
                _session_end(other, user, "Password changed")
        _mark(request, marker["id"])
    elif now.timestamp() - marker["seen"] >= SEEN_EVERY:
        UserSession.objects.filter(pk=marker["id"]).update(
            last_seen_at=now, ip_address=_client_of(request)["ip_address"]
        )
        _mark(request, marker["id"])


def _session_end(session: UserSession, actor: User | None, reason: str) -> bool:
    if session.ended_at is not None:
        return False
    _session_store(session.session_key).delete()
    session.ended_at = timezone.now()
    attribute(session, actor, reason)
    session.save(update_fields=["ended_at"])
    return True


@transaction.atomic
def session_end(*, actor: User | None, session: UserSession) -> UserSession:
    """End one session: that browser is signed out at its next request. Ending an ended
    session changes nothing. A user ends their own; an admin anyone's, and the user's
    history says which admin did."""
    _authorize_over(actor, session.user, Perm.SESSION_MANAGE_OWN)
    reason = "Ended" if actor is None or _is_self(actor, session.user) else "Ended by an admin"
    _session_end(session, actor, reason)
    return session


@transaction.atomic
def sessions_end_all(*, actor: User | None, user: User, keep_key: str | None = None) -> int:
    """End every session of ``user`` except the one with ``keep_key`` (the browser asking,
    for "End all other sessions"); returns how many were ended. Signing someone out
    everywhere is an admin's."""
    _authorize_over(actor, user, Perm.SESSION_MANAGE_OWN)
    reason = "Ended with all others" if _is_self(actor, user) else "Ended by an admin"
    sessions = UserSession.objects.select_for_update().filter(user=user, ended_at__isnull=True)
    if keep_key:
        sessions = sessions.exclude(session_key=keep_key)
    return sum(_session_end(session, actor, reason) for session in sessions)
