"""Which browsers are signed in as whom: rows written at sign-in, sign-out and as they are used.

Django keeps sessions without saying whose they are; ``UserSession`` links them. The sign-in
and sign-out signals write the row, and the middleware keeps it current (see
``access.session_touch``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest, HttpResponse

from twofold.people import access


def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        access.session_record(request=request, user=user)


def _signed_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        access.session_signed_out(request=request)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="twofold-session-signed-in")
    user_logged_out.connect(_signed_out, dispatch_uid="twofold-session-signed-out")


class SessionTrackingMiddleware:
    """After each request of a signed-in browser, keep its ``UserSession`` row current.

    Sits after the authentication middleware. Costs nothing for a request without a session
    cookie, and no query for most others: the row is written at most every few minutes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or SESSION_KEY not in session:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            access.session_touch(request=request, user=user)
        return response
