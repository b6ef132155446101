"""How long the free text a person types may be.

A text field without a bound took a pasted 12,000-character e-mail thread as a strategy note, and
would take a megabyte through the API. Each ``TextField`` of the models has a named maximum
here, in one table (``LIMITS``, documented in README's "Text limits"). Services check the record
they are about to save with ``check_text``, so the rule holds for web, API, CLI and importers
alike; the error names the field, and web forms show it there.

- ``SHORT``: a line or two that sits beside a decision: addresses, comments, thank-you texts.
- ``NOTE``: a note, a message, a question or an answer: a page or two.
- ``LONG``: what is written to be read later as a document: a deal strategy, a hand-over brief,
  a description, a handbook section: about five pages.

A new ``TextField`` needs its line in ``LIMITS`` (a test walks the models and says so).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format

SHORT = 1_000
NOTE = 5_000
LONG = 20_000

CODE = "too_long"
MESSAGE = "Keep this to %(limit)s characters or fewer (this text has %(length)s)."

# "<app label>.<Model>.<field>" -> the most characters that field may hold.
LIMITS: dict[str, int] = {
    "accounts.Feedback.body": NOTE,
    "accounts.Feedback.response": NOTE,
    "accounts.Goal.success_criteria": NOTE,
    "accounts.Project.description": LONG,
    "accounts.SatisfactionResult.comment": SHORT,
    "accounts.TermAmendment.decision_comment": SHORT,
    "accounts.TermAmendment.notes": NOTE,
    "activities.Activity.body": NOTE,
    "catalog.Product.description": LONG,
    "departments.InternalRequest.details": NOTE,
    "departments.InternalRequest.outcome": NOTE,
    "handbook.RoleProfile.hand_over": LONG,
    "handbook.RoleProfile.may": LONG,
    "handbook.RoleProfile.may_not": LONG,
    "handbook.RoleProfile.measured_by": LONG,
    "handbook.RoleProfile.responsibilities": LONG,
    "handbook.RoleProfile.skills": LONG,
    "handbook.RoleProfile.summary": LONG,
    "handbook.RoleProfile.works_with": LONG,
    "handover.HandoverPackage.budget": LONG,
    "handover.HandoverPackage.expectations": LONG,
    "handover.HandoverPackage.long_term_goals": LONG,
    "handover.HandoverPackage.negotiated_terms": LONG,
    "handover.HandoverPackage.open_complaints": LONG,
    "handover.HandoverPackage.promises": LONG,
    "handover.HandoverPackage.risks": LONG,
    "handover.HandoverPackage.short_term_goals": LONG,
    "handover.HandoverPackage.stakeholders": LONG,
    "handover.HandoverPackage.success_criteria": LONG,
    "handover.HandoverRound.answer": NOTE,
    "handover.HandoverRound.questions": NOTE,
    "parties.Company.address": SHORT,
    "people.Team.description": NOTE,
    "sales.ApprovalRequest.comment": SHORT,
    "sales.Complaint.details": NOTE,
    "sales.Complaint.resolution": NOTE,
    "sales.DealStrategy.approach": LONG,
    "sales.DealStrategy.key_messages": LONG,
    "sales.DealStrategy.next_steps": LONG,
    "sales.DealStrategy.risks": LONG,
    "sales.Lead.message": NOTE,
    "sales.Lead.need": NOTE,
    "sales.Lead.notes": NOTE,
    "sales.MeetingDecision.text": NOTE,
    "sales.Organisation.address": SHORT,
    "sales.Partner.notes": NOTE,
    "sales.SalesMeeting.notes": LONG,
    "sales.TermSheet.notes": NOTE,
    "sales.WebForm.thank_you_message": SHORT,
}


def limit_for(model: type[models.Model], field: str) -> int:
    """The most characters ``model.field`` may hold."""
    return LIMITS[f"{model._meta.label}.{field}"]


def too_long(limit: int, length: int) -> ValidationError:
    return ValidationError(
        MESSAGE,
        code=CODE,
        params={
            "limit": number_format(limit, force_grouping=True),
            "length": number_format(length, force_grouping=True),
        },
    )


def errors(instance: models.Model) -> dict[str, ValidationError]:
    """The error for each text field of ``instance`` that is longer than its limit."""
    found = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.TextField):
            continue
        value = getattr(instance, field.attname)
        limit = limit_for(type(instance), field.name)
        if isinstance(value, str) and len(value) > limit:
            found[field.name] = too_long(limit, len(value))
    return found


def check_text(instance: models.Model) -> None:
    """Refuse, naming each field, the text fields of ``instance`` longer than their limit."""
    if found := errors(instance):
        raise ValidationError(found)


def messages(instance: models.Model) -> dict[str, list[str]]:
    """``errors`` as messages, for a service that gathers every field's errors before refusing."""
    return {name: error.messages for name, error in errors(instance).items()}


def length_errors(model: type[models.Model], **values: str | None) -> dict[str, str]:
    """The message for each named text longer than ``model``'s limit for it (for a service's
    error dict, before the record is built)."""
    found = {}
    for name, value in values.items():
        limit = limit_for(model, name)
        if value is not None and len(value) > limit:
            error = too_long(limit, len(value))
            found[name] = str(error.message) % (error.params or {})
    return found
