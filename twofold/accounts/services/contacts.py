"""The people at the client and the part each plays: added (creating the person when new),
given another role, made primary, removed. The person stays in parties; only their role on
the account goes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold.accounts.choices import ContactRole
from twofold.accounts.models import Account, AccountContact
from twofold.accounts.services.interactions import require_care
from twofold.core import audit
from twofold.parties.models import Contact

if TYPE_CHECKING:
    from twofold.people.models import User


def _check_role(role: str) -> None:
    if role not in ContactRole.values:
        raise ValidationError({"role": "Choose the part this person plays."})


def _only_primary(*, actor: User | None, keep: AccountContact) -> None:
    for other in AccountContact.objects.filter(account_id=keep.account_id, is_primary=True).exclude(
        pk=keep.pk
    ):
        other.is_primary = False
        audit.attribute(other, actor, f"{keep.contact.full_name} is the primary contact now")
        other.save(update_fields=["is_primary"])


@transaction.atomic
def account_contact_add(
    *,
    actor: User | None,
    account: Account,
    role: str,
    contact: Contact | None = None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    job_title: str = "",
    is_primary: bool = False,
    notes: str = "",
) -> AccountContact:
    """Add a person at the client with their role; a new person (``full_name``) is created
    at the account's company."""
    require_care(actor=actor, account=account)
    _check_role(role)
    if contact is None:
        full_name = full_name.strip()
        if not full_name:
            raise ValidationError({"full_name": "Give the person's name, or pick a contact."})
        contact = Contact(
            company_id=account.company_id,
            full_name=full_name[:150],
            email=email.strip(),
            phone=phone.strip()[:40],
            job_title=job_title.strip()[:150],
        )
        contact.full_clean()
        audit.attribute(contact, actor, f"Contact at {account.name}")
        contact.save()
    elif contact.company_id not in (None, account.company_id):
        raise ValidationError({"contact": f"{contact.full_name} works for another company."})
    elif AccountContact.objects.filter(account=account, contact=contact).exists():
        raise ValidationError({"contact": "This person is already a contact of the account."})
    link = AccountContact(
        account=account, contact=contact, role=role, is_primary=is_primary, notes=notes.strip()
    )
    audit.attribute(link, actor)
    link.save()
    if is_primary:
        _only_primary(actor=actor, keep=link)
    return link


@transaction.atomic
def account_contact_update(
    *,
    actor: User | None,
    account_contact: AccountContact,
    role: str,
    is_primary: bool,
    notes: str = "",
) -> AccountContact:
    """Change the part a person plays, whether they are the primary contact, the notes."""
    require_care(actor=actor, account=account_contact.account)
    _check_role(role)
    account_contact.role = role
    account_contact.is_primary = is_primary
    account_contact.notes = notes.strip()[:300]
    audit.attribute(account_contact, actor)
    account_contact.save(update_fields=["role", "is_primary", "notes"])
    if is_primary:
        _only_primary(actor=actor, keep=account_contact)
    return account_contact


@transaction.atomic
def account_contact_remove(*, actor: User | None, account_contact: AccountContact) -> None:
    """The person no longer plays a part at the client; they stay on past interactions."""
    require_care(actor=actor, account=account_contact.account)
    audit.attribute(account_contact, actor, "Removed from the account")
    account_contact.delete()
