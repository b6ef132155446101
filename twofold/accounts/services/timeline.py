"""Entries on an account's timeline that other work writes back (a hand-over accepted, an
internal request's outcome). Hand-logged interactions go through ``interactions``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from twofold.accounts.choices import InteractionKind
from twofold.accounts.models import Account, Interaction

if TYPE_CHECKING:
    from twofold.people.models import User


def timeline_add(
    *,
    account: Account,
    kind: InteractionKind,
    subject: str,
    body: str = "",
    author: User | None = None,
) -> Interaction:
    """Append a system entry to the account's timeline. It is not contact with the client, so
    the portfolio's "last contact" does not move."""
    return Interaction.objects.create(
        account=account,
        kind=kind,
        subject=subject[:200],
        body=body,
        author=author,
        occurred_at=timezone.now(),
    )
