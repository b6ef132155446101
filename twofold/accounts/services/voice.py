"""The client's voice: feedback and requests to change a product or a policy, raised by the
account's carers and triaged (status and response) by product and admins.

Each piece of feedback belongs to one request (one need): recording attaches it to the request
the carer chose, else to the open request of the same kind and title (any case), else to a new
one. An admin merges two requests when they turn out to be one need; the merged-away request
keeps its row and points to the one that now carries its feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import FeedbackKind, FeedbackStatus
from twofold.accounts.models import Account, Feedback, VoiceRequest
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
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
    request: VoiceRequest | None = None,
) -> Feedback:
    """Record what the client told us: feedback, or a product or policy change request,
    attached to ``request`` (followed to where it was merged) or to the request it names."""
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
    title = title.strip()[:200]
    if request is not None:
        request = _surviving(request)
        if request.kind != kind:
            raise ValidationError(
                {"request": "This request is of another kind: choose its kind or a new request."}
            )
    else:
        request = _request_for(actor=actor, kind=kind, title=title, now=now)
    feedback = Feedback(
        request=request,
        account=account,
        kind=kind,
        title=title,
        body=body.strip(),
        contact=contact,
        raised_by=actor,
        created_at=now,
        updated_at=now,
    )
    attribute(feedback, actor, "Raised")
    check_text(feedback)
    feedback.save()
    return feedback


def _surviving(request: VoiceRequest) -> VoiceRequest:
    # A merged request leads on to the one that carries its feedback (merges can chain);
    # read from the database, as the caller's copy may predate the merge.
    request = VoiceRequest.objects.get(pk=request.pk)
    seen = {request.pk}
    while request.merged_into_id is not None:
        request = VoiceRequest.objects.get(pk=request.merged_into_id)
        if request.pk in seen:  # pragma: no cover - merges refuse cycles
            break
        seen.add(request.pk)
    return request


def _request_for(*, actor: User, kind: str, title: str, now: Any) -> VoiceRequest:
    same = (
        VoiceRequest.objects.filter(kind=kind, title__iexact=title, merged_into__isnull=True)
        .order_by("created_at", "pk")
        .first()
    )
    if same is not None:
        return same
    created = VoiceRequest(kind=kind, title=title, created_by=actor, created_at=now)
    attribute(created, actor, "Raised")
    created.save()
    return created


@transaction.atomic
def voice_request_merge(*, actor: User, request: VoiceRequest, into: VoiceRequest) -> VoiceRequest:
    """Merge ``request`` into ``into``: its feedback moves across (each account counts once in
    the weight), and ``request`` keeps its row, marked merged, so its links lead on. Merging
    an already merged request into the same one again changes nothing."""
    policies.require(actor, Perm.CLIENT_VOICE_MERGE, request)
    rows = VoiceRequest.objects.select_for_update().in_bulk([request.pk, into.pk])
    request, into = rows[request.pk], rows[into.pk]
    if request.merged_into_id == into.pk:
        return into
    if request.pk == into.pk:
        raise ValidationError({"into": "Choose another request to merge into."})
    if request.is_merged:
        raise ValidationError({"into": "This request is already merged into another."})
    if into.is_merged:
        raise ValidationError({"into": "That request is merged: merge into the one it leads to."})
    if into.kind != request.kind:
        # Feedback attaches only to a request of its own kind; a merge keeps that true.
        raise ValidationError(
            {"into": f"Choose a request of the same kind ({request.get_kind_display()})."}
        )
    now = timezone.now()
    for item in Feedback.objects.select_for_update().filter(request=request):
        item.request, item.updated_at = into, now
        attribute(item, actor, f"Merged into request {into.pk}")
        item.save(update_fields=["request", "updated_at"])
    request.merged_into, request.merged_by, request.merged_at = into, actor, now
    attribute(request, actor, f"Merged into “{into.title}”")
    request.save(update_fields=["merged_into", "merged_by", "merged_at"])
    return into


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
    check_text(feedback)
    feedback.save(update_fields=["status", "response", "updated_at"])
    return feedback
