from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from twofold.people.models import User


def actor_of(request: HttpRequest) -> User:
    """The signed-in user making the request; views reach services only with one."""
    from twofold.people.models import User

    user = getattr(request, "user", None)
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user
