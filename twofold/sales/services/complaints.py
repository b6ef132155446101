"""Complaints a prospect raises during the sale: logged on a lead or a deal, owned, resolved."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.dates import PLANNED
from twofold.core.text_limits import check_text
from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import (
    ComplaintSeverity,
    ComplaintStatus,
)
from twofold.sales.events import (
    lead_complaint_logged,
    lead_complaint_resolved,
    opportunity_complaint_logged,
    opportunity_complaint_resolved,
)
from twofold.sales.models import Complaint, Lead, Opportunity


@transaction.atomic
def complaint_log(
    *,
    actor: User | None,
    summary: str,
    lead: Lead | None = None,
    opportunity: Opportunity | None = None,
    details: str = "",
    severity: str = ComplaintSeverity.MEDIUM,
    owner: User | None = None,
    due_on: date | None = None,
) -> Complaint:
    """Log a complaint on a lead or a deal. The owner (default: the actor if they are on the
    revenue team, else the deal's or lead's owner) sees it on their home until it is resolved."""
    if (lead is None) == (opportunity is None):
        raise ValidationError("A complaint is about one lead or one deal.", code="no_subject")
    if actor is not None:
        if opportunity is not None:
            policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
        else:
            policies.require(actor, Perm.LEAD_EDIT, lead)
    subject_owner = opportunity.owner if opportunity is not None else lead.owner  # type: ignore[union-attr]
    if owner is None:
        on_revenue_team = actor is not None and bool(actor.roles & (SALES_ROLES | ACCOUNT_ROLES))
        owner = actor if on_revenue_team else subject_owner
    errors: dict[str, str] = {}
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = "Say what the complaint is about."
    elif len(summary) > 200:
        errors["summary"] = "At most 200 characters."
    if severity not in ComplaintSeverity.values:
        errors["severity"] = "Choose low, medium, high or critical."
    if owner is None:
        errors["owner"] = "Choose who looks after the complaint."
    elif not owner.is_active or not owner.roles & (SALES_ROLES | ACCOUNT_ROLES):
        errors["owner"] = f"{owner} is not an active member of the revenue team."
    if due_on is not None and due_on < timezone.localdate():
        errors["due_on"] = "The due date cannot be in the past."
    else:
        errors |= PLANNED.errors(due_on=due_on)
    if errors:
        raise ValidationError(errors)
    assert owner is not None  # noqa: S101
    complaint = Complaint(
        lead=lead,
        opportunity=opportunity,
        summary=summary,
        details=(details or "").strip(),
        severity=severity,
        owner=owner,
        due_on=due_on,
        raised_at=timezone.now(),
        raised_by=actor,
    )
    attribute(complaint, actor, "Logged")
    check_text(complaint)
    complaint.save()
    if opportunity is not None:
        opportunity_complaint_logged(opportunity, actor=actor, complaint=complaint)
    else:
        lead_complaint_logged(lead, actor=actor, complaint=complaint)  # type: ignore[arg-type]
    return complaint


@transaction.atomic
def complaint_resolve(*, actor: User | None, complaint: Complaint, resolution: str) -> Complaint:
    """Close the complaint, saying how; the time to resolve runs from raised to resolved."""
    if actor is not None:
        policies.require(actor, Perm.COMPLAINT_RESOLVE, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status == ComplaintStatus.RESOLVED:
        return complaint
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": "Say how the complaint was resolved."})
    complaint.status = ComplaintStatus.RESOLVED
    complaint.resolution = resolution
    complaint.resolved_at = timezone.now()
    attribute(complaint, actor, "Resolved")
    check_text(complaint)
    complaint.save()
    hours = round((complaint.resolved_at - complaint.raised_at).total_seconds() / 3600, 2)
    if complaint.opportunity_id is not None:
        opportunity_complaint_resolved(
            complaint.opportunity,  # type: ignore[arg-type]
            actor=actor,
            complaint=complaint,
            hours_to_resolve=hours,
        )
    else:
        lead_complaint_resolved(
            complaint.lead,  # type: ignore[arg-type]
            actor=actor,
            complaint=complaint,
            hours_to_resolve=hours,
        )
    return complaint
