"""How a sign-in attempt is named for the lockout (django-axes, decision 0008)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The typed address, lowered: ``AM2@demo`` and ``am2@demo`` are one person, so their
    failures count together and a change of case cannot buy five more guesses."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field)
    return str(typed or "").strip().lower()
