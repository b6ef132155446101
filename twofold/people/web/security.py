"""The "Sessions and tokens" page: where a user is signed in and which API tokens act as them.

One set of views serves two pages: a user's own (``/settings/security/``, ``pk`` is None) and,
for an admin, any user's (``/people/<pk>/security/``). Each action calls one service.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from twofold.core.actors import actor_of
from twofold.core.web.responses import done as _done
from twofold.people import access, selectors
from twofold.people.models import ApiToken, User, UserSession


@dataclass(frozen=True)
class SessionRow:
    session: UserSession
    current: bool
    end_url: str


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    revoke_url: str


def _url(name: str, person: User, own: bool, *args: int) -> str:
    """The own page's route, or the admin page's with the user's id first."""
    if own:
        return reverse(f"people:{name}", args=args)
    return reverse(f"people:user_{name}", args=[person.pk, *args])


def _page_url(person: User, own: bool) -> str:
    return reverse("people:security") if own else reverse("people:user_security", args=[person.pk])


@login_required
@require_GET
def security(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.security_target(actor=actor, pk=pk)
    own = pk is None
    here = request.session.session_key
    sessions = [
        SessionRow(
            session=session,
            current=session.session_key == here,
            end_url=_url("session_end", person, own, session.pk),
        )
        for session in selectors.session_list(actor=actor, user=person)
    ]
    tokens = [
        TokenRow(token=token, revoke_url=_url("token_revoke_here", person, own, token.pk))
        for token in selectors.tokens_of(user=person)[:100]
    ]
    return render(
        request,
        "people/security.html",
        {
            "person": person,
            "own": own,
            "sessions": sessions,
            "others": [row for row in sessions if not row.current],
            "tokens": tokens,
            "active_tokens": [row for row in tokens if row.token.is_active],
            "end_all_url": _url("sessions_end_all", person, own),
            "revoke_all_url": _url("tokens_revoke_all", person, own),
        },
    )


@login_required
@require_POST
def session_end(request: HttpRequest, session_pk: int, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.security_target(actor=actor, pk=pk)
    session = selectors.session_get(user=person, pk=session_pk)
    access.session_end(actor=actor, session=session)
    messages.success(request, f"The session on {session.device} was ended.")
    return _done(request, _page_url(person, pk is None))


@login_required
@require_POST
def sessions_end_all(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The own page ends every other session; an admin's ends all of the user's."""
    actor = actor_of(request)
    person = selectors.security_target(actor=actor, pk=pk)
    keep = request.session.session_key if person.pk == actor.pk else None
    ended = access.sessions_end_all(actor=actor, user=person, keep_key=keep)
    what = "other session" if keep else "session"
    messages.success(request, f"{ended} {what}{'' if ended == 1 else 's'} ended.")
    return _done(request, _page_url(person, pk is None))


@login_required
@require_POST
def token_revoke_here(request: HttpRequest, token_pk: int, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.security_target(actor=actor, pk=pk)
    token = selectors.token_get_for_actor(actor=person, pk=token_pk)
    if person.pk == actor.pk:
        access.api_token_revoke(actor=actor, token=token)
    else:
        access.api_token_revoke_as_admin(actor=actor, token=token)
    messages.success(request, f"The token “{token.name}” was revoked.")
    return _done(request, _page_url(person, pk is None))


@login_required
@require_POST
def tokens_revoke_all(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.security_target(actor=actor, pk=pk)
    revoked = access.api_tokens_revoke_all(actor=actor, user=person)
    messages.success(request, f"{revoked} API token{'' if revoked == 1 else 's'} revoked.")
    return _done(request, _page_url(person, pk is None))
