"""The typed history of leads and deals, written by services in their own transaction.

One constructor per event type: its keyword parameters are what that kind of event carries, and
it writes the ``data`` keys timelines, reports and the API read. ``LEAD_EVENTS`` and
``OPPORTUNITY_EVENTS`` map each type to its constructor.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from twofold.sales.choices import LeadEventType, OpportunityEventType
from twofold.sales.models import Lead, LeadEvent, Opportunity, OpportunityEvent

if TYPE_CHECKING:
    from twofold.parties.models import Company, Contact
    from twofold.people.models import User
    from twofold.sales.models import (
        ApprovalRequest,
        AssignmentRule,
        Complaint,
        LostReason,
        MeetingDecision,
        Partner,
        Sale,
        Stage,
        TermSheet,
        WebForm,
    )

LeadConstructor = TypeVar("LeadConstructor", bound=Callable[..., LeadEvent])
OpportunityConstructor = TypeVar("OpportunityConstructor", bound=Callable[..., OpportunityEvent])

LEAD_EVENTS: dict[LeadEventType, Callable[..., LeadEvent]] = {}
OPPORTUNITY_EVENTS: dict[OpportunityEventType, Callable[..., OpportunityEvent]] = {}


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    # Decimals, dates and UUIDs become strings, so the JSON column stores them on any database.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def _records_lead(type: LeadEventType) -> Callable[[LeadConstructor], LeadConstructor]:
    def register(constructor: LeadConstructor) -> LeadConstructor:
        if type in LEAD_EVENTS:
            raise TypeError(f"Lead event {type} has two constructors.")
        LEAD_EVENTS[type] = constructor
        return constructor

    return register


def _records_opportunity(
    type: OpportunityEventType,
) -> Callable[[OpportunityConstructor], OpportunityConstructor]:
    def register(constructor: OpportunityConstructor) -> OpportunityConstructor:
        if type in OPPORTUNITY_EVENTS:
            raise TypeError(f"Deal event {type} has two constructors.")
        OPPORTUNITY_EVENTS[type] = constructor
        return constructor

    return register


def _lead_event(
    lead: Lead, type: LeadEventType, actor: User | None, data: dict[str, Any]
) -> LeadEvent:
    return LeadEvent.objects.create(lead=lead, type=type, actor=actor, data=_plain(data))


def _opportunity_event(
    opportunity: Opportunity,
    type: OpportunityEventType,
    actor: User | None,
    data: dict[str, Any],
) -> OpportunityEvent:
    return OpportunityEvent.objects.create(
        opportunity=opportunity, type=type, actor=actor, data=_plain(data)
    )


# --- Leads ------------------------------------------------------------------------------


@_records_lead(LeadEventType.CREATED)
def lead_created(
    lead: Lead, *, actor: User | None, web_form: WebForm | None, duplicates: Sequence[Lead]
) -> LeadEvent:
    return _lead_event(
        lead,
        LeadEventType.CREATED,
        actor,
        {
            "source": lead.source,
            "web_form": web_form.pk if web_form else None,
            "duplicates": [d.pk for d in duplicates],
        },
    )


@_records_lead(LeadEventType.ASSIGNED)
def lead_assigned(
    lead: Lead,
    *,
    actor: User | None,
    from_owner_id: int | None,
    to_owner: User | None,
    reason: str,
    rule: AssignmentRule | None,
) -> LeadEvent:
    return _lead_event(
        lead,
        LeadEventType.ASSIGNED,
        actor,
        {
            "from": from_owner_id,
            "to": to_owner.pk if to_owner is not None else None,
            "reason": reason,
            "rule": rule.pk if rule is not None else None,
        },
    )


@_records_lead(LeadEventType.STATUS_CHANGED)
def lead_status_changed(
    lead: Lead, *, actor: User | None, from_status: str, to_status: str
) -> LeadEvent:
    data = {"from": from_status, "to": to_status}
    return _lead_event(lead, LeadEventType.STATUS_CHANGED, actor, data)


@_records_lead(LeadEventType.REOPENED)
def lead_reopened(lead: Lead, *, actor: User | None, from_status: str, to_status: str) -> LeadEvent:
    data = {"from": from_status, "to": to_status}
    return _lead_event(lead, LeadEventType.REOPENED, actor, data)


@_records_lead(LeadEventType.DISQUALIFIED)
def lead_disqualified(
    lead: Lead, *, actor: User | None, from_status: str, reason: str
) -> LeadEvent:
    data = {"from": from_status, "reason": reason}
    return _lead_event(lead, LeadEventType.DISQUALIFIED, actor, data)


@_records_lead(LeadEventType.QUALIFIED)
def lead_qualified(
    lead: Lead, *, actor: User | None, from_status: str, bdm: User, how: str
) -> LeadEvent:
    data = {"from": from_status, "bdm": bdm.pk, "how": how}
    return _lead_event(lead, LeadEventType.QUALIFIED, actor, data)


@_records_lead(LeadEventType.CONVERTED)
def lead_converted(
    lead: Lead,
    *,
    actor: User | None,
    opportunity: Opportunity,
    bdm: User,
    company: Company | None,
    contact: Contact,
    note: str,
) -> LeadEvent:
    return _lead_event(
        lead,
        LeadEventType.CONVERTED,
        actor,
        {
            "opportunity": opportunity.pk,
            "bdm": bdm.pk,
            "company": company.pk if company else None,
            "contact": contact.pk,
            "note": note,
        },
    )


def _complaint_logged(complaint: Complaint) -> dict[str, Any]:
    return {
        "complaint": complaint.pk,
        "summary": complaint.summary,
        "severity": complaint.severity,
        "owner": complaint.owner_id,
    }


def _complaint_resolved(complaint: Complaint, hours_to_resolve: float) -> dict[str, Any]:
    return {
        "complaint": complaint.pk,
        "summary": complaint.summary,
        "hours_to_resolve": hours_to_resolve,
    }


@_records_lead(LeadEventType.COMPLAINT_LOGGED)
def lead_complaint_logged(lead: Lead, *, actor: User | None, complaint: Complaint) -> LeadEvent:
    return _lead_event(lead, LeadEventType.COMPLAINT_LOGGED, actor, _complaint_logged(complaint))


@_records_lead(LeadEventType.COMPLAINT_RESOLVED)
def lead_complaint_resolved(
    lead: Lead, *, actor: User | None, complaint: Complaint, hours_to_resolve: float
) -> LeadEvent:
    data = _complaint_resolved(complaint, hours_to_resolve)
    return _lead_event(lead, LeadEventType.COMPLAINT_RESOLVED, actor, data)


# --- Deals ------------------------------------------------------------------------------

# The keys a stage move carries: moving, winning, losing and reopening all write them, so time
# in stage counts every way a deal leaves a stage.
StageMove = TypedDict(
    "StageMove",
    {"from": str, "to": str, "from_id": int, "to_id": int, "seconds_in_stage": int},
)


def stage_move(
    from_stage: Stage, to_stage: Stage, entered: datetime, *, now: datetime | None = None
) -> StageMove:
    seconds = max(0, int(((now or timezone.now()) - entered).total_seconds()))
    return {
        "from": from_stage.name,
        "to": to_stage.name,
        "from_id": from_stage.pk,
        "to_id": to_stage.pk,
        "seconds_in_stage": seconds,
    }


@_records_opportunity(OpportunityEventType.CREATED)
def opportunity_created(opportunity: Opportunity, *, actor: User | None) -> OpportunityEvent:
    data = {
        "stage": opportunity.stage.name,
        "owner": opportunity.owner_id,
        "kind": opportunity.kind,
    }
    return _opportunity_event(opportunity, OpportunityEventType.CREATED, actor, data)


@_records_opportunity(OpportunityEventType.STAGE_CHANGED)
def opportunity_stage_changed(
    opportunity: Opportunity, *, actor: User | None, move: StageMove
) -> OpportunityEvent:
    return _opportunity_event(opportunity, OpportunityEventType.STAGE_CHANGED, actor, {**move})


@_records_opportunity(OpportunityEventType.OWNER_CHANGED)
def opportunity_owner_changed(
    opportunity: Opportunity,
    *,
    actor: User | None,
    from_owner_id: int | None,
    from_name: str,
    to_owner: User,
    reason: str,
) -> OpportunityEvent:
    data = {
        "from": from_owner_id,
        "to": to_owner.pk,
        "from_name": from_name,
        "to_name": str(to_owner),
        "reason": reason,
    }
    return _opportunity_event(opportunity, OpportunityEventType.OWNER_CHANGED, actor, data)


@_records_opportunity(OpportunityEventType.AMOUNT_CHANGED)
def opportunity_amount_changed(
    opportunity: Opportunity,
    *,
    actor: User | None,
    from_amount: Decimal,
    to_amount: Decimal,
    from_currency: str,
    currency: str,
    by: str | None = None,
) -> OpportunityEvent:
    """``by`` says what changed the amount when it was not the deal's own form."""
    data: dict[str, Any] = {
        "from": from_amount,
        "to": to_amount,
        "from_currency": from_currency,
        "currency": currency,
    }
    if by is not None:
        data["by"] = by
    return _opportunity_event(opportunity, OpportunityEventType.AMOUNT_CHANGED, actor, data)


@_records_opportunity(OpportunityEventType.STRATEGY_CHANGED)
def opportunity_strategy_changed(
    opportunity: Opportunity, *, actor: User | None, changed: list[str]
) -> OpportunityEvent:
    data = {"changed": changed}
    return _opportunity_event(opportunity, OpportunityEventType.STRATEGY_CHANGED, actor, data)


@_records_opportunity(OpportunityEventType.TERMS_PROPOSED)
def opportunity_terms_proposed(
    opportunity: Opportunity,
    *,
    actor: User | None,
    term_sheet: TermSheet,
    auto_approved: bool,
    superseded: list[int],
) -> OpportunityEvent:
    data = {
        "term_sheet": term_sheet.pk,
        "total": term_sheet.total,
        "discount_percent": term_sheet.discount_percent,
        "net_days": term_sheet.net_days,
        "instalment_count": term_sheet.instalment_count,
        "auto_approved": auto_approved,
        "superseded": superseded,
    }
    return _opportunity_event(opportunity, OpportunityEventType.TERMS_PROPOSED, actor, data)


@_records_opportunity(OpportunityEventType.APPROVAL_REQUESTED)
def opportunity_approval_requested(
    opportunity: Opportunity, *, actor: User | None, approval: ApprovalRequest
) -> OpportunityEvent:
    data = {
        "approval": approval.pk,
        "term_sheet": approval.term_sheet_id,
        "reasons": approval.reasons,
    }
    return _opportunity_event(opportunity, OpportunityEventType.APPROVAL_REQUESTED, actor, data)


@_records_opportunity(OpportunityEventType.APPROVAL_DECIDED)
def opportunity_approval_decided(
    opportunity: Opportunity, *, actor: User | None, approval: ApprovalRequest, decision: str
) -> OpportunityEvent:
    """``decision`` is approved, rejected, or withdrawn when newer terms superseded the sheet."""
    data = {
        "approval": approval.pk,
        "term_sheet": approval.term_sheet_id,
        "decision": decision,
        "comment": approval.comment,
    }
    return _opportunity_event(opportunity, OpportunityEventType.APPROVAL_DECIDED, actor, data)


@_records_opportunity(OpportunityEventType.WON)
def opportunity_won(
    opportunity: Opportunity,
    *,
    actor: User | None,
    sale: Sale,
    term_sheet: TermSheet,
    credits: Sequence[tuple[User, Decimal]],
    move: StageMove,
) -> OpportunityEvent:
    data = {
        "sale": sale.pk,
        "amount": sale.amount,
        "currency": sale.currency,
        "closed_on": sale.closed_on,
        "term_sheet": term_sheet.pk,
        "term_sheet_version": term_sheet.version,
        "credits": [{"seller": seller.pk, "percent": percent} for seller, percent in credits],
        **move,
    }
    return _opportunity_event(opportunity, OpportunityEventType.WON, actor, data)


@_records_opportunity(OpportunityEventType.LOST)
def opportunity_lost(
    opportunity: Opportunity,
    *,
    actor: User | None,
    reason: LostReason,
    competitor: str,
    withdrawn_terms: list[int],
    move: StageMove,
) -> OpportunityEvent:
    data = {
        "reason": reason.name,
        "reason_id": reason.pk,
        "competitor": competitor,
        "withdrawn_terms": withdrawn_terms,
        **move,
    }
    return _opportunity_event(opportunity, OpportunityEventType.LOST, actor, data)


@_records_opportunity(OpportunityEventType.REOPENED)
def opportunity_reopened(
    opportunity: Opportunity,
    *,
    actor: User | None,
    reason: str,
    was_lost_because: str,
    competitor: str,
    move: StageMove,
) -> OpportunityEvent:
    data = {
        "reason": reason,
        "was_lost_because": was_lost_because,
        "competitor": competitor,
        **move,
    }
    return _opportunity_event(opportunity, OpportunityEventType.REOPENED, actor, data)


@_records_opportunity(OpportunityEventType.PARTNER_LINKED)
def opportunity_partner_linked(
    opportunity: Opportunity,
    *,
    actor: User | None,
    partner: Partner,
    role: str | None,
    unlinked: bool = False,
) -> OpportunityEvent:
    """Linking, changing the role and unlinking (``role`` None, ``unlinked``) are one kind."""
    data: dict[str, Any] = {"partner": partner.pk, "partner_name": partner.name, "role": role}
    if unlinked:
        data["unlinked"] = True
    return _opportunity_event(opportunity, OpportunityEventType.PARTNER_LINKED, actor, data)


@_records_opportunity(OpportunityEventType.COMPLAINT_LOGGED)
def opportunity_complaint_logged(
    opportunity: Opportunity, *, actor: User | None, complaint: Complaint
) -> OpportunityEvent:
    data = _complaint_logged(complaint)
    return _opportunity_event(opportunity, OpportunityEventType.COMPLAINT_LOGGED, actor, data)


@_records_opportunity(OpportunityEventType.COMPLAINT_RESOLVED)
def opportunity_complaint_resolved(
    opportunity: Opportunity, *, actor: User | None, complaint: Complaint, hours_to_resolve: float
) -> OpportunityEvent:
    data = _complaint_resolved(complaint, hours_to_resolve)
    return _opportunity_event(opportunity, OpportunityEventType.COMPLAINT_RESOLVED, actor, data)


@_records_opportunity(OpportunityEventType.MEETING_DECISION)
def opportunity_meeting_decision(
    opportunity: Opportunity, *, actor: User | None, decision: MeetingDecision
) -> OpportunityEvent:
    data = {
        "meeting": decision.meeting_id,
        "decision": decision.pk,
        "text": decision.text,
        "task": decision.action_item_id,
        "comment": decision.text,
    }
    return _opportunity_event(opportunity, OpportunityEventType.MEETING_DECISION, actor, data)
