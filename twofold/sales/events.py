"""The typed history of leads and deals, written by services in their own transaction."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder

from twofold.sales.choices import LeadEventType, OpportunityEventType
from twofold.sales.models import Lead, LeadEvent, Opportunity, OpportunityEvent

if TYPE_CHECKING:
    from twofold.people.models import User


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    # Decimals, dates and UUIDs become strings, so the JSON column stores them on any database.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def lead_event(lead: Lead, type: LeadEventType, actor: User | None, **data: Any) -> LeadEvent:
    return LeadEvent.objects.create(lead=lead, type=type, actor=actor, data=_plain(data))


def opportunity_event(
    opportunity: Opportunity, type: OpportunityEventType, actor: User | None, **data: Any
) -> OpportunityEvent:
    return OpportunityEvent.objects.create(
        opportunity=opportunity, type=type, actor=actor, data=_plain(data)
    )
