from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from twofold.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu and user menu, holding only what the signed-in actor may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": menu_for(user, request.path)}
