from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from twofold import policies

if TYPE_CHECKING:
    from twofold.people.models import User


def actor_of(request: HttpRequest) -> User:
    """The signed-in user making the request; views reach services only with one."""
    return policies.signed_in(getattr(request, "user", None))
