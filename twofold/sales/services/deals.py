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
from twofold.core.audit import attribute
from twofold.parties.models import Company, Contact
from twofold.people.choices import ACCOUNT_ROLES, Role
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import OpportunityEventType, OpportunityKind, StageKind
from twofold.sales.events import opportunity_event
from twofold.sales.models import Opportunity, Pipeline, Stage

SELLER_ROLES = frozenset({Role.BDM, Role.AGENT, Role.SALES_LEAD})


def check_owner_fits_kind(owner: User, kind: str) -> None:
    """Invariant 1: new business is sales' work, the rest account management's."""
    if not owner.is_active:
        raise ValidationError({"owner": f"{owner} is deactivated."})
    if kind == OpportunityKind.NEW_BUSINESS:
        if not owner.roles & SELLER_ROLES:
            raise ValidationError(
                {
                    "owner": f"New business is owned by a business development manager, an agent "
                    f"or a sales lead; {owner} is none of these."
                }
            )
    elif not owner.roles & ACCOUNT_ROLES:
        raise ValidationError(
            {
                "owner": f"{OpportunityKind(kind).label} deals are owned by account management; "
                f"{owner} is not an account manager."
            }
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
    if not (name or "").strip():
        raise ValidationError({"name": "Give the deal a name."})
    check_owner_fits_kind(owner, kind)
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
    opportunity_event(
        opportunity,
        OpportunityEventType.CREATED,
        actor,
        stage=opportunity.stage.name,
        owner=owner.pk,
        kind=kind,
    )
    return opportunity
