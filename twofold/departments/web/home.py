"""The departments' section of the home page: a member's open requests, overdue first."""

from __future__ import annotations

from twofold import policies
from twofold.core.home import register_home_section
from twofold.departments.models import InternalRequest
from twofold.departments.selectors import open_requests_for
from twofold.people.models import User
from twofold.policies import Perm


def department_work(user: User) -> list[InternalRequest] | None:
    """Two queries, for department members only."""
    if not policies.can(user, Perm.REQUEST_HOME):
        return None
    return open_requests_for(actor=user)


def register() -> None:
    register_home_section(
        "requests",
        order=40,
        build=department_work,
        template="departments/partials/home_section.html",
    )
