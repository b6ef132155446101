"""Entries on an account's timeline that other work writes back (a hand-over accepted, an
internal request's outcome). Hand-logged interactions go through ``interactions``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twofold.accounts.choices import InteractionKind
from twofold.accounts.models import Account
from twofold.activities.models import Activity
from twofold.activities.services import account_entry_add

if TYPE_CHECKING:
    from twofold.people.models import User


def timeline_add(
    *,
    account: Account,
    kind: InteractionKind,
    subject: str,
    body: str = "",
    author: User | None = None,
) -> Activity:
    """Append a system entry to the account's timeline. It is not contact with the client, so
    the portfolio's "last contact" does not move."""
    return account_entry_add(account=account, kind=kind, subject=subject, body=body, owner=author)
