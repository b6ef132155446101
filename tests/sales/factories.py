"""factory_boy factories and builders for the sales tests (shared by the sales areas: each
area adds its own at the end)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from tests.factories import TeamFactory, user_with
from twofold.catalog.models import Product
from twofold.parties.models import Company
from twofold.people.choices import Role
from twofold.people.models import User
from twofold.sales.choices import StageKind
from twofold.sales.models import LostReason, Opportunity, Partner, Pipeline, Stage

# --- Commercial: catalog, pipelines with stages, deals ready to quote, terms and close -------


class ProductFactory(DjangoModelFactory[Product]):
    class Meta:
        model = Product

    code = factory.Sequence(lambda n: f"PRD-{n:04d}")
    name = factory.Sequence(lambda n: f"Product {n:03d}")
    family = "Analytics"
    tier = 1
    list_price = Decimal("1000.00")
    currency = "EUR"


class CompanyFactory(DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Customer {n:03d} Ltd")
    domain = factory.Sequence(lambda n: f"customer{n}.example")


class PartnerFactory(DjangoModelFactory[Partner]):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n:03d}")
    kind = "reseller"


class LostReasonFactory(DjangoModelFactory[LostReason]):
    class Meta:
        model = LostReason
        django_get_or_create = ("name",)

    name = "Price"


def commercial_pipeline(name: str = "Commercial pipeline") -> Pipeline:
    """A pipeline with three open stages, a won and a lost stage (built without services)."""
    pipeline, created = Pipeline.objects.get_or_create(
        name=name, defaults={"is_default": not Pipeline.objects.exists()}
    )
    if created:
        for order, (stage_name, probability, kind) in enumerate(
            [
                ("Discovery", 10, StageKind.OPEN),
                ("Proposal", 40, StageKind.OPEN),
                ("Negotiation", 70, StageKind.OPEN),
                ("Won", 100, StageKind.WON),
                ("Lost", 0, StageKind.LOST),
            ],
            start=1,
        ):
            Stage.objects.create(
                pipeline=pipeline, name=stage_name, order=order, probability=probability, kind=kind
            )
    return pipeline


def deal_for(
    owner: User | None = None,
    *,
    amount: Decimal = Decimal("10000.00"),
    company: Any = ...,
    stage_name: str = "Proposal",
    **kwargs: Any,
) -> Opportunity:
    """An open new-business deal owned by ``owner`` (a fresh BDM if not given)."""
    owner = owner or user_with(Role.BDM)
    pipeline = commercial_pipeline()
    return Opportunity.objects.create(
        name=kwargs.pop("name", "Big deal"),
        pipeline=pipeline,
        stage=pipeline.stages.get(name=stage_name),
        owner=owner,
        company=CompanyFactory() if company is ... else company,
        amount=amount,
        **kwargs,
    )


def sales_team(*members: User, lead: User | None = None) -> Any:
    """A sales team led by ``lead`` (a fresh sales lead if not given) with ``members``."""
    lead = lead or user_with(Role.SALES_LEAD)
    return TeamFactory(lead=lead, members=list(members))


def commercial_snapshot() -> dict[str, int]:
    """Row counts of the commercial tables and their history: any write changes one of them."""
    from twofold.sales.models import (
        ApprovalRequest,
        Complaint,
        Instalment,
        LineItem,
        OpportunityEvent,
        Organisation,
        PartnerLink,
        Sale,
        SaleCredit,
        SalesPolicy,
        TermSheet,
    )

    plain = [Instalment, OpportunityEvent, SaleCredit]
    historied = [
        ApprovalRequest,
        Complaint,
        LineItem,
        LostReason,
        Opportunity,
        Organisation,
        Partner,
        PartnerLink,
        Product,
        Sale,
        SalesPolicy,
        TermSheet,
    ]
    counts = {model.__name__: model.objects.count() for model in plain + historied}
    counts |= {f"{model.__name__} history": model.history.count() for model in historied}
    return counts


# --- Leads: leads, routing rules, web forms -------------------------------------------------


class LeadFactory(DjangoModelFactory["Lead"]):
    """An open lead; ``owner=None`` leaves it unassigned (built without services)."""

    class Meta:
        model = "sales.Lead"

    full_name = factory.Sequence(lambda n: f"Prospect Person {n:03d}")
    email = factory.Sequence(lambda n: f"person{n}@prospect{n}.example")
    company_name = factory.Sequence(lambda n: f"Prospect {n:03d} GmbH")
    company_domain = factory.LazyAttribute(lambda lead: lead.email.rsplit("@", 1)[-1])
    source = "cold_call"


class WebFormFactory(DjangoModelFactory["WebForm"]):
    class Meta:
        model = "sales.WebForm"

    name = factory.Sequence(lambda n: f"Contact form {n}")
    key = factory.Sequence(lambda n: f"form-key-{n:04d}-abcdefghijklmnop")
    thank_you_message = "Thanks, we will call you."


def lead_snapshot() -> dict[str, int]:
    """Row counts of the lead tables, what qualifying opens, and their history."""
    from twofold.activities.models import Activity
    from twofold.parties.models import Contact
    from twofold.sales.models import AssignmentRule, Lead, LeadEvent, OpportunityEvent, WebForm

    plain = [LeadEvent, OpportunityEvent]
    historied = [Lead, AssignmentRule, WebForm, Activity, Opportunity, Company, Contact]
    counts = {model.__name__: model.objects.count() for model in plain + historied}
    counts |= {f"{model.__name__} history": model.history.count() for model in historied}
    return counts


# --- Deals: the standard pipeline, deals opened and moved through the services ---------------


def standard_pipeline() -> Pipeline:
    """The "New business" pipeline of ``pipeline_create_default`` (Discovery … Won, Lost)."""
    from twofold.sales.services.pipelines import pipeline_create_default

    return pipeline_create_default()


def open_deal(
    owner: User | None = None,
    *,
    stage: str = "Discovery",
    pipeline: Pipeline | None = None,
    **kwargs: Any,
) -> Opportunity:
    """A new-business deal opened by the service (with its event), moved on to ``stage``."""
    from twofold.sales.services.deals import opportunity_create, opportunity_move

    pipeline = pipeline or standard_pipeline()
    deal = opportunity_create(
        actor=None,
        name=kwargs.pop("name", "Fleet renewal"),
        owner=owner or user_with(Role.BDM),
        pipeline=pipeline,
        **kwargs,
    )
    if stage != deal.stage.name:
        deal = opportunity_move(actor=None, opportunity=deal, stage=pipeline.stages.get(name=stage))
    return deal


# --- Reports and meetings: won and lost deals with their sale, built by hand -----------------


def _moment(day: Any) -> Any:
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def won_deal(
    owner: User,
    *,
    amount: Decimal,
    closed_on: Any,
    opened_on: Any = None,
    currency: str = "EUR",
    credits: list[tuple[User, Decimal, Decimal]] | None = None,
    source: str | None = None,
    name: str = "Won deal",
) -> Opportunity:
    """A won new-business deal with its one sale and credits (seller, percent, amount); with
    ``source`` it came from a converted lead of that source. Built without services so the
    dates are exactly the given ones."""
    from twofold.sales.models import Sale, SaleCredit

    pipeline = standard_pipeline()
    deal = Opportunity.objects.create(
        name=name,
        pipeline=pipeline,
        stage=pipeline.stages.get(kind=StageKind.WON),
        status="won",
        owner=owner,
        amount=amount,
        currency=currency,
        closed_on=closed_on,
        created_at=_moment(opened_on or closed_on),
    )
    sale = Sale.objects.create(
        opportunity=deal, amount=amount, currency=currency, closed_on=closed_on
    )
    for seller, percent, share in credits or [(owner, Decimal(100), amount)]:
        SaleCredit.objects.create(sale=sale, seller=seller, percent=percent, amount=share)
    if source is not None:
        LeadFactory(
            source=source,
            owner=owner,
            status="converted",
            opportunity=deal,
            created_at=_moment(opened_on or closed_on),
        )
    return deal


def lost_deal(owner: User, *, closed_on: Any, name: str = "Lost deal") -> Opportunity:
    pipeline = standard_pipeline()
    return Opportunity.objects.create(
        name=name,
        pipeline=pipeline,
        stage=pipeline.stages.get(kind=StageKind.LOST),
        status="lost",
        owner=owner,
        closed_on=closed_on,
        created_at=_moment(closed_on),
    )
