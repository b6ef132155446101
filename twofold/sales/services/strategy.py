"""The sales lead's strategy for a deal: approach, key messages, risks and next steps.

The owner and their team read it on the deal; only the sales lead of the owner's team (or an
admin) writes it. simple-history keeps every version; each change is also a deal event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.events import opportunity_strategy_changed
from twofold.sales.models import DealStrategy, Opportunity

STRATEGY_FIELDS = ("approach", "key_messages", "risks", "next_steps")


@transaction.atomic
def deal_strategy_set(
    *,
    actor: User | None,
    opportunity: Opportunity,
    approach: str,
    key_messages: str,
    risks: str,
    next_steps: str,
) -> DealStrategy:
    """Write the deal's strategy; writing the same text again changes nothing."""
    if actor is not None:
        policies.require(actor, Perm.STRATEGY_EDIT, opportunity)
    values = {
        "approach": (approach or "").strip(),
        "key_messages": (key_messages or "").strip(),
        "risks": (risks or "").strip(),
        "next_steps": (next_steps or "").strip(),
    }
    if not any(values.values()):
        raise ValidationError({"approach": "Write at least the approach."})
    strategy = DealStrategy.objects.select_for_update().filter(opportunity=opportunity).first()
    creating = strategy is None
    if strategy is None:
        if actor is None:
            raise ValidationError("A strategy is written by a person.", code="no_author")
        strategy = DealStrategy(opportunity=opportunity, updated_by=actor)
    changed = [name for name in STRATEGY_FIELDS if getattr(strategy, name) != values[name]]
    if not changed and not creating:
        return strategy
    for name, value in values.items():
        setattr(strategy, name, value)
    if actor is not None:
        strategy.updated_by = actor
    strategy.updated_at = timezone.now()
    attribute(strategy, actor, "Written" if creating else "Revised")
    check_text(strategy)
    strategy.save()
    opportunity_strategy_changed(opportunity, actor=actor, changed=changed)
    return strategy
