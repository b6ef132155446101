"""Writes to opportunities: creation, stage moves, owner changes, line items, strategy.

Closing (won / lost / reopen) lives in ``closing.py``: it depends on negotiated terms.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.accounts.events import deal_owner_changed
from twofold.core.audit import attribute
from twofold.core.dates import PLANNED, changed
from twofold.parties.models import Company, Contact
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import (
    OpportunityKind,
    OpportunityStatus,
    StageKind,
)
from twofold.sales.events import (
    opportunity_amount_changed,
    opportunity_created,
    opportunity_owner_changed,
    opportunity_stage_changed,
    stage_move,
)
from twofold.sales.models import LineItem, Opportunity, Pipeline, Stage, TermSheet
from twofold.sales.models.terms import in_force
from twofold.sales.services.customers import refuse_new_business_for_customer


def check_owner_fits_kind(owner: User, kind: str) -> None:
    """Invariant 1: new business is sales' work, the rest account management's."""
    if not owner.is_active:
        raise ValidationError({"owner": f"{owner} is deactivated."})
    if kind == OpportunityKind.NEW_BUSINESS:
        if not policies.can(owner, Perm.OPPORTUNITY_OWN, kind):
            raise ValidationError(
                {
                    "owner": f"New business is owned by a business development manager, an agent "
                    f"or a sales lead; {owner} is none of these."
                }
            )
    elif not policies.can(owner, Perm.OPPORTUNITY_OWN, kind):
        raise ValidationError(
            {
                "owner": f"{OpportunityKind(kind).label} deals are owned by account management; "
                f"{owner} is not an account manager."
            }
        )


def _require_may_hand_to(actor: User, owner: User) -> None:
    """Only whoever may reassign a deal owned by ``owner`` (their sales lead, an admin) may
    give ``owner`` a deal."""
    if not policies.can(actor, Perm.OPPORTUNITY_REASSIGN, Opportunity(owner_id=owner.pk)):
        raise ValidationError(
            {"owner": f"You cannot give deals to {owner}: they are not in a team you lead."}
        )


def default_pipeline() -> Pipeline:
    pipeline = Pipeline.objects.filter(is_active=True).order_by("-is_default", "pk").first()
    if pipeline is None:
        raise ValidationError({"pipeline": "No pipeline is set up yet: an admin creates one."})
    return pipeline


def first_open_stage(pipeline: Pipeline) -> Stage:
    stage = pipeline.stages.filter(kind=StageKind.OPEN).order_by("order").first()
    if stage is None:
        raise ValidationError({"pipeline": f"{pipeline} has no open stage."})
    return stage


@transaction.atomic
def opportunity_create(
    *,
    actor: User | None,
    name: str,
    owner: User,
    kind: str = OpportunityKind.NEW_BUSINESS,
    pipeline: Pipeline | None = None,
    company: Company | None = None,
    contact: Contact | None = None,
    amount: Decimal = Decimal("0.00"),
    currency: str = "EUR",
    expected_close_date: date | None = None,
    check_permission: bool = True,
) -> Opportunity:
    """Open a deal in the first open stage of ``pipeline`` (the default one if not given).

    ``check_permission=False`` is for services that already decided (qualifying a lead opens
    the deal for the chosen BDM on the lead generator's behalf).
    """
    if actor is not None and check_permission:
        policies.require(actor, Perm.OPPORTUNITY_CREATE)
        if owner.pk != actor.pk:
            _require_may_hand_to(actor, owner)
    if not (name or "").strip():
        raise ValidationError({"name": "Give the deal a name."})
    PLANNED.check(expected_close_date=expected_close_date)
    check_owner_fits_kind(owner, kind)
    if kind == OpportunityKind.NEW_BUSINESS and company is not None:
        refuse_new_business_for_customer(company.pk)
    pipeline = pipeline or default_pipeline()
    now = timezone.now()
    opportunity = Opportunity(
        name=name.strip(),
        kind=kind,
        pipeline=pipeline,
        stage=first_open_stage(pipeline),
        owner=owner,
        company=company,
        contact=contact,
        amount=amount,
        currency=currency,
        expected_close_date=expected_close_date,
        stage_entered_at=now,
        created_at=now,
        updated_at=now,
    )
    opportunity.full_clean()
    attribute(opportunity, actor, "Created")
    opportunity.save()
    opportunity_created(opportunity, actor=actor)
    return opportunity


def _refuse_if_closed(opportunity: Opportunity) -> None:
    if opportunity.status != OpportunityStatus.OPEN:
        raise ValidationError(
            f"This deal is {opportunity.get_status_display().lower()}. Reopen it first.",
            code="closed",
        )


def _locked(opportunity: Opportunity) -> Opportunity:
    """The deal re-read under a row lock: two moves at once are judged one after the other."""
    return Opportunity.objects.select_for_update().select_related("stage").get(pk=opportunity.pk)


def _sync(target: Opportunity, saved: Opportunity) -> Opportunity:
    """Let the caller's instance show what was saved (services work on a locked copy)."""
    if target is not saved:
        for f in Opportunity._meta.concrete_fields:
            setattr(target, f.attname, getattr(saved, f.attname))
        target._state.fields_cache = dict(saved._state.fields_cache)
    return saved


@transaction.atomic
def opportunity_move(*, actor: User | None, opportunity: Opportunity, stage: Stage) -> Opportunity:
    """Move an open deal to another open stage of its pipeline; returns the deal as saved.

    Won and lost are reached by closing (``closing.py``), never by moving. Moving to the stage
    the deal is in changes nothing. Each move records how long the deal sat in the stage it
    leaves, so time in stage is a query over events.
    """
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    current = _locked(opportunity)
    if stage.pipeline_id != current.pipeline_id:
        raise ValidationError({"stage": f"{stage} belongs to another pipeline."})
    _refuse_if_closed(current)
    if stage.pk == current.stage_id:
        return _sync(opportunity, current)
    if stage.kind != StageKind.OPEN:
        raise ValidationError(
            f"{stage} is where closed deals go: close the deal as won or lost instead.",
            code="closing_stage",
        )
    now = timezone.now()
    previous = current.stage
    move = stage_move(previous, stage, current.stage_entered_at, now=now)
    current.stage = stage
    current.stage_entered_at = now
    current.updated_at = now
    attribute(current, actor, f"Moved to {stage}")
    current.save(update_fields=["stage", "stage_entered_at", "updated_at"])
    opportunity_stage_changed(current, actor=actor, move=move)
    return _sync(opportunity, current)


@transaction.atomic
def opportunity_update(
    *,
    actor: User | None,
    opportunity: Opportunity,
    name: str,
    expected_close_date: date | None,
    next_step: str,
    next_step_due: date | None,
    contact: Contact | None,
    currency: str,
    amount: Decimal,
    buying_centre: str | None = None,
) -> Opportunity:
    """Edit a deal's details. The amount is typed in only while the deal has no line items
    (then the items compute it); a changed amount is an event. The buying centre (the client's
    department that buys; ``None`` keeps it) sets the deal against that centre's budget, also
    after the deal is won."""
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    current = _locked(opportunity)
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "Give the deal a name."
    if next_step_due is not None and not (next_step or "").strip():
        errors["next_step"] = "Say what the next step is, or leave its due date empty."
    if contact is not None and current.company_id and contact.company_id != current.company_id:
        errors["contact"] = f"{contact} does not work at {current.company}."
    errors |= PLANNED.errors(
        **changed(current, expected_close_date=expected_close_date, next_step_due=next_step_due)
    )
    if amount is None or amount < 0:
        errors["amount"] = "An amount cannot be negative."
    elif amount != current.amount and LineItem.objects.filter(opportunity=current).exists():
        errors["amount"] = "This deal has line items: they compute its amount."
    if currency != current.currency:
        if LineItem.objects.filter(opportunity=current).exists():
            errors["currency"] = (
                f"This deal has line items priced in {current.currency}: remove them before "
                "changing its currency."
            )
        elif in_force(TermSheet.objects.filter(opportunity=current)).exists():
            errors["currency"] = (
                f"Terms were proposed in {current.currency}: the currency cannot change under "
                "them; open a new deal in the other currency."
            )
    if errors:
        raise ValidationError(errors)
    old_amount, old_currency = current.amount, current.currency
    current.name = name.strip()
    current.expected_close_date = expected_close_date
    current.next_step = (next_step or "").strip()
    current.next_step_due = next_step_due
    current.contact = contact
    current.currency = currency
    current.amount = amount
    if buying_centre is not None:
        current.buying_centre = buying_centre.strip()
    current.updated_at = timezone.now()
    current.full_clean(exclude=["stage", "pipeline", "owner", "company", "lost_reason"])
    attribute(current, actor, "Details changed")
    current.save()
    if (old_amount, old_currency) != (current.amount, current.currency):
        opportunity_amount_changed(
            current,
            actor=actor,
            from_amount=old_amount,
            to_amount=current.amount,
            from_currency=old_currency,
            currency=current.currency,
        )
    return _sync(opportunity, current)


@transaction.atomic
def opportunity_reassign(
    *, actor: User | None, opportunity: Opportunity, owner: User, reason: str
) -> Opportunity:
    """Give an open deal to another seller (sales lead of the owner's team, or admin).

    The new owner must fit the deal's kind (invariant 1) and, for a sales lead, be in a team
    they lead. Handing a deal to its owner changes nothing.
    """
    if actor is not None:
        policies.require(actor, Perm.OPPORTUNITY_REASSIGN, opportunity)
    current = _locked(opportunity)
    _refuse_if_closed(current)
    if owner.pk == current.owner_id:
        return _sync(opportunity, current)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the deal changes hands."})
    check_owner_fits_kind(owner, current.kind)
    if actor is not None:
        _require_may_hand_to(actor, owner)
    previous_id = current.owner_id
    previous_name = str(current.owner)
    current.owner = owner
    current.updated_at = timezone.now()
    attribute(current, actor, reason)
    current.save(update_fields=["owner", "updated_at"])
    deal_owner_changed(
        current, actor=actor, previous_id=previous_id, new_id=owner.pk, reason=reason
    )
    opportunity_owner_changed(
        current,
        actor=actor,
        from_owner_id=previous_id,
        from_name=previous_name,
        to_owner=owner,
        reason=reason,
    )
    return _sync(opportunity, current)
