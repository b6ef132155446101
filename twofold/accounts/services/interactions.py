"""Logging the account manager's calls, meetings, e-mails and notes on the account's timeline
(activities on the account).

Logging keeps the portfolio's columns current: a call, meeting or e-mail moves
``last_contact_at`` (a note is not contact with the client); a next step given with the entry
replaces the account's next step.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone

from twofold import policies
from twofold.accounts.choices import LOGGED_KINDS, InteractionKind
from twofold.accounts.models import Account, AccountContact
from twofold.activities.models import Activity
from twofold.activities.services import account_entry_add
from twofold.core import audit
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.text_limits import length_errors
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.parties.models import Contact
    from twofold.people.models import User

# A little slack for clocks: an entry is logged once it has happened.
FUTURE_SLACK = timedelta(minutes=5)


def seller_refusal(*, actor: User, account: Account) -> str:
    """Why the seller may no longer write on the account they sold, or "" if that is not why."""
    if account.seller_id != actor.pk or account.relationship_owner_id is None:
        return ""
    owner = account.relationship_owner
    owner_name = owner.full_name if owner is not None else "the account manager"
    if account.shared_until is None:
        return f"The account belongs to {owner_name} now."
    if account.shared_until <= timezone.now():
        ended = formats.date_format(timezone.localtime(account.shared_until), "j F Y")
        return f"The shared window ended on {ended}: the account belongs to {owner_name} now."
    return ""


def require_care(*, actor: User | None, account: Account, perm: Perm = Perm.ACCOUNT_EDIT) -> None:
    """Refuse unless the actor may write ``perm`` on the account, with the seller's reason."""
    if actor is None or policies.can(actor, perm, account):
        return
    policies.require(actor, perm, account, message=seller_refusal(actor=actor, account=account))


@transaction.atomic
def interaction_log(
    *,
    actor: User | None,
    account: Account,
    kind: str,
    subject: str,
    body: str = "",
    contact: Contact | None = None,
    occurred_at: datetime | None = None,
    next_step: str = "",
    next_step_due: date | None = None,
) -> Activity:
    """Log a call, meeting, e-mail or note. Notes need ACCOUNT_NOTE (the seller may add them
    until the shared window ends); the rest need ACCOUNT_EDIT."""
    if kind not in LOGGED_KINDS:
        raise ValidationError({"kind": "Log a call, a meeting, an e-mail or a note."})
    require_care(
        actor=actor,
        account=account,
        perm=Perm.ACCOUNT_NOTE if kind == InteractionKind.NOTE else Perm.ACCOUNT_EDIT,
    )
    subject = subject.strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = "Say in a few words what happened."
    now = timezone.now()
    when = occurred_at or now
    if timezone.is_naive(when):
        errors["occurred_at"] = "Give the time with its time zone."
    elif when > now + FUTURE_SLACK:
        errors["occurred_at"] = "An interaction is logged once it has happened."
    else:
        errors |= HAPPENED.errors(occurred_at=occurred_at)
    if (
        contact is not None
        and contact.company_id != account.company_id
        and not AccountContact.objects.filter(account=account, contact=contact).exists()
    ):
        errors["contact"] = f"{contact.full_name} is not a contact of {account.name}."
    next_step = next_step.strip()
    if next_step_due is not None and not next_step:
        errors["next_step"] = "Say what the next step is."
    errors |= PLANNED.errors(next_step_due=next_step_due)
    errors |= length_errors(Activity, body=body.strip())
    if errors:
        raise ValidationError(errors)
    entry = account_entry_add(
        account=account,
        kind=kind,
        subject=subject,
        body=body.strip(),
        contact=contact,
        occurred_at=when,
        owner=actor,
        created_at=now,
    )
    if kind != InteractionKind.NOTE:
        # Only ever forward: logging an old call does not make the last contact older.
        moved = (
            Account.objects.filter(pk=account.pk)
            .filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=when))
            .update(last_contact_at=when)
        )
        if moved:
            account.last_contact_at = when
    if next_step:
        account.next_step = next_step[:200]
        account.next_step_due = next_step_due
        audit.attribute(account, actor, "Next step logged with an interaction")
        account.save(update_fields=["next_step", "next_step_due"])
    return entry
