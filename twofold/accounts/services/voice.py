"""The client's voice: feedback and requests to change a product or a policy, raised by the
account's carers and triaged (status and response) by product and admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import FeedbackKind, FeedbackStatus
from twofold.accounts.models import Account, Feedback
from twofold.core.audit import attribute
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.parties.models import Contact
    from twofold.people.models import User


def check_contact(account: Account, contact: Contact | None) -> None:
    """A contact named on an account's record works at the account's company."""
    if contact is not None and contact.company_id != account.company_id:
        raise ValidationError({"contact": "This person does not work at the client."})


@transaction.atomic
def feedback_create(
    *,
    actor: User,
    account: Account,
    kind: str,
    title: str,
    body: str = "",
    contact: Contact | None = None,
) -> Feedback:
    """Record what the client told us: feedback, or a product or policy change request."""
    policies.require(actor, Perm.ACCOUNT_EDIT, account)
    errors: dict[str, str] = {}
    if kind not in FeedbackKind.values:
        errors["kind"] = "Choose feedback, product change or policy change."
    if not title.strip():
        errors["title"] = "Say in a line what the client asks or tells."
    if errors:
        raise ValidationError(errors)
    check_contact(account, contact)
    now = timezone.now()
    feedback = Feedback(
        account=account,
        kind=kind,
        title=title.strip()[:200],
        body=body.strip(),
        contact=contact,
        raised_by=actor,
        created_at=now,
        updated_at=now,
    )
    attribute(feedback, actor, "Raised")
    feedback.save()
    return feedback


@transaction.atomic
def feedback_triage(
    *, actor: User | None, feedback: Feedback, status: str, response: str = ""
) -> Feedback:
    """Product (or an admin) moves a request on and answers it. Declining needs a response;
    the same status and response again changes nothing."""
    if actor is not None:
        policies.require(actor, Perm.CLIENT_VOICE_TRIAGE, feedback)
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if status not in FeedbackStatus.values:
        raise ValidationError({"status": "Unknown status."})
    response = (response or "").strip()
    if status == FeedbackStatus.DECLINED and not (response or feedback.response):
        raise ValidationError({"response": "Say why it is declined: the client will ask."})
    response = response or feedback.response
    if feedback.status == status and feedback.response == response:
        return feedback
    feedback.status, feedback.response = status, response
    feedback.updated_at = timezone.now()
    attribute(feedback, actor, f"Triaged: {feedback.get_status_display().lower()}")
    feedback.save(update_fields=["status", "response", "updated_at"])
    return feedback
