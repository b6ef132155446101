"""The ways in which a person is signed in: API tokens and browser sessions, which they (or an
admin) see and end.

Like every service, each takes the acting user as ``actor`` (``None``: the operator at the
command line or the system itself), checks the policy and writes in one transaction with its
history.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.people.models import ApiToken, User, UserSession
from twofold.policies import Perm

TOKEN_PREFIX = "tf_"  # noqa: S105 - a marker that helps secret scanners, not a secret


def _authorize(actor: User | None, perm: Perm, obj: object = None) -> None:
    if actor is not None:
        policies.require(actor, perm, obj)


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


def everything_end(*, user: User, actor: User | None, reason: str) -> None:
    """Revoke every token and end every session of ``user`` (who is being deactivated: the
    caller has checked that ``actor`` may)."""
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        _token_revoke(token, actor, reason)
    for session in UserSession.objects.filter(user=user, ended_at__isnull=True):
        _session_end(session, actor, reason)
