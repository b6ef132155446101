"""Every write to the role handbook.

Handbook pages are created once, by a data migration; after that admins edit them here, from
the web page, the API or the shell, and each edit is recorded with who made it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.text_limits import messages as text_messages
from twofold.handbook.models import RoleProfile
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.people.models import User

# Fields shown as lists: stored one item per line, without bullets or blank lines.
LINE_FIELDS = ("works_with", "responsibilities", "skills", "measured_by", "may", "may_not")
REQUIRED = {
    "title": "Give the role a title.",
    "summary": "Say in two or three sentences why this job exists.",
    "works_on": "Say what this role's work is about.",
    "responsibilities": "List at least one responsibility.",
    "skills": "List at least one skill.",
}


def _clean_lines(text: str) -> str:
    return "\n".join(RoleProfile.lines(text or ""))


def _clean_text(text: str) -> str:
    return "\n".join(line.rstrip() for line in (text or "").strip().splitlines())


@transaction.atomic
def role_profile_update(
    *,
    actor: User | None,
    profile: RoleProfile,
    title: str,
    summary: str,
    works_on: str,
    responsibilities: str,
    skills: str,
    may: str,
    may_not: str,
    works_with: str | None = None,
    measured_by: str | None = None,
    hand_over: str | None = None,
) -> RoleProfile:
    """Rewrite a handbook page (admins; ``actor=None`` is the trusted operator or system).

    List fields take one item per line. ``works_with``, ``measured_by`` and ``hand_over`` keep
    their current text when left out. Saving a page unchanged writes nothing.
    """
    if actor is not None:
        policies.require(actor, Perm.HANDBOOK_EDIT, profile)
    values = {
        "title": " ".join((title or "").split()),
        "summary": _clean_text(summary),
        "works_on": " ".join((works_on or "").split()),
        "works_with": _clean_lines(profile.works_with if works_with is None else works_with),
        "responsibilities": _clean_lines(responsibilities),
        "skills": _clean_lines(skills),
        "measured_by": _clean_lines(profile.measured_by if measured_by is None else measured_by),
        "hand_over": _clean_text(profile.hand_over if hand_over is None else hand_over),
        "may": _clean_lines(may),
        "may_not": _clean_lines(may_not),
    }
    errors: dict[str, list[str]] = {
        name: [message] for name, message in REQUIRED.items() if not values[name]
    }
    if all(getattr(profile, name) == value for name, value in values.items()) and not errors:
        return profile
    for name, value in values.items():
        setattr(profile, name, value)
    try:
        profile.full_clean(exclude=[*errors, "role", "side", "updated_at"], validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    for name, messages in text_messages(profile).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        profile.refresh_from_db()  # the caller's object must not keep the rejected values
        raise ValidationError(errors)
    profile.updated_at = timezone.now()
    attribute(profile, actor, "Edited")
    profile.save()
    return profile
