"""Synthetic volume for benchmarks: a mid-size company's ten years of sales data.

``twofold demo --scale large`` adds 1,000,000 leads, 200,000 companies, 300,000 contacts,
500,000 opportunities and 5,000,000 activities on top of the demo organisation, then makes
the companies customer accounts with 5,000,000 interactions (``scale_accounts``), with bulk
inserts in batches (COPY on PostgreSQL). The rows are generated, not worked: they skip the
services and so have no field history (history starts with the first real change) and no
typed events except each deal's "created" one. Deterministic: the same scale gives the same rows.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from twofold.activities.models import Activity, ActivityKind
from twofold.demo import scale_accounts
from twofold.demo.volume import (
    FIRST,
    LAST,
    Progress,
    Scale,
    id_range,
    insert,
    max_pk,
)
from twofold.parties.models import Company, Contact
from twofold.people.choices import Role
from twofold.people.models import RoleAssignment
from twofold.sales.choices import LeadSource, LeadStatus, OpportunityStatus, StageKind
from twofold.sales.models import Lead, Opportunity, Pipeline, Stage

INDUSTRIES = [
    "Manufacturing",
    "Retail",
    "Logistics",
    "Healthcare",
    "Finance",
    "Energy",
    "Software",
    "Construction",
    "Hospitality",
    "Education",
    "Media",
    "Agriculture",
]
REGIONS = ["North", "South", "East", "West", "Central"]
WORDS = [
    "Nordic",
    "Blue",
    "Apex",
    "Green",
    "Atlas",
    "Summit",
    "Harbor",
    "Pioneer",
    "Vertex",
    "Crown",
    "Delta",
    "Echo",
    "Falcon",
    "Granite",
    "Horizon",
    "Iris",
    "Juniper",
    "Kestrel",
]
DEAL_WORDS = ["rollout", "pilot", "expansion", "licence", "migration", "platform"]
SUFFIXES = ["GmbH", "Ltd", "AB", "SA", "BV", "Inc", "Oy", "AS"]


def _pipeline() -> tuple[Pipeline, list[Stage], Stage, Stage]:
    pipeline = Pipeline.objects.filter(is_default=True).first()
    if pipeline is None:
        pipeline = Pipeline.objects.create(name="New business", is_default=True)
        for order, (name, probability, kind) in enumerate(
            [
                ("Discovery", 10, StageKind.OPEN),
                ("Proposal", 30, StageKind.OPEN),
                ("Negotiation", 60, StageKind.OPEN),
                ("Won", 100, StageKind.WON),
                ("Lost", 0, StageKind.LOST),
            ],
            start=1,
        ):
            Stage.objects.create(
                pipeline=pipeline, name=name, order=order, probability=probability, kind=kind
            )
    stages = list(pipeline.stages.order_by("order"))
    open_stages = [s for s in stages if s.kind == StageKind.OPEN]
    won = next(s for s in stages if s.kind == StageKind.WON)
    lost = next(s for s in stages if s.kind == StageKind.LOST)
    return pipeline, open_stages, won, lost


def _people(role_set: set[str]) -> list[int]:
    return list(
        RoleAssignment.objects.filter(role__in=role_set, user__is_active=True)
        .values_list("user_id", flat=True)
        .order_by("user_id")
        .distinct()
    )


def generate(scale: Scale, *, progress: Progress, seed: int = 2026) -> None:
    """Add ``scale``'s volume of generated rows (the demo organisation must be loaded)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    now = timezone.now()
    lead_owners = _people({Role.LEAD_GENERATOR, Role.AGENT})
    sellers = _people({Role.BDM, Role.AGENT, Role.SALES_LEAD})
    if not lead_owners or not sellers:
        raise RuntimeError("Load the demo organisation first (twofold demo).")
    pipeline, open_stages, won, lost = _pipeline()
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # Generated rows can be regenerated: trade durability for speed while inserting.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            # Index upkeep on a million random keys needs the B-tree pages in memory.
            cursor.execute("PRAGMA cache_size=-1048576")  # 1 GiB, this connection only
            cursor.execute("PRAGMA temp_store=MEMORY")

    def when(days_back: int) -> datetime:
        return now - timedelta(days=rng.randrange(days_back), seconds=rng.randrange(86_400))

    company_base = max_pk(Company)

    def company(i: int) -> dict[str, Any]:
        word = rng.choice(WORDS)
        name = f"{word} {rng.choice(WORDS)} {i} {rng.choice(SUFFIXES)}"
        return {
            "name": name,
            "domain": f"{word.lower()}{i}.example",
            "industry": rng.choice(INDUSTRIES),
            "region": rng.choice(REGIONS),
            "created_at": when(3650),
        }

    insert("companies", Company, scale.companies, company, progress)
    first_company, last_company = id_range(Company, company_base)

    contact_base = max_pk(Contact)

    def contact(i: int) -> dict[str, Any]:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        return {
            "company_id": rng.randint(first_company, last_company),
            "full_name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}{i}@example.net",
            "created_at": when(3650),
        }

    insert("contacts", Contact, scale.contacts, contact, progress)
    first_contact, last_contact = id_range(Contact, contact_base)

    opportunity_base = max_pk(Opportunity)

    def opportunity(i: int) -> dict[str, Any]:
        created = when(3650)
        roll = rng.random()
        if roll < 0.25:
            status, stage, closed = (
                OpportunityStatus.WON,
                won,
                created.date() + timedelta(days=rng.randrange(10, 120)),
            )
        elif roll < 0.55:
            status, stage, closed = (
                OpportunityStatus.LOST,
                lost,
                created.date() + timedelta(days=rng.randrange(10, 120)),
            )
        else:
            status, stage, closed = OpportunityStatus.OPEN, rng.choice(open_stages), None
        return {
            "name": f"{rng.choice(WORDS)} {rng.choice(DEAL_WORDS)} {i}",
            "pipeline_id": pipeline.pk,
            "stage_id": stage.pk,
            "status": status,
            "owner_id": rng.choice(sellers),
            "company_id": rng.randint(first_company, last_company),
            "contact_id": rng.randint(first_contact, last_contact),
            "amount": Decimal(rng.randrange(1_000, 250_000)),
            "currency": "EUR",
            "expected_close_date": (created + timedelta(days=rng.randrange(14, 180))).date(),
            "closed_on": min(closed, now.date()) if closed else None,
            "stage_entered_at": created,
            "created_at": created,
            "updated_at": created + timedelta(days=rng.randrange(0, 30)),
            "next_step": rng.choice(["", "Send proposal", "Call the sponsor", "Demo"]),
        }

    insert("opportunities", Opportunity, scale.opportunities, opportunity, progress)
    first_opportunity, last_opportunity = id_range(Opportunity, opportunity_base)

    lead_base = max_pk(Lead)
    statuses = [
        LeadStatus.NEW,
        LeadStatus.WORKING,
        LeadStatus.QUALIFIED,
        LeadStatus.DISQUALIFIED,
        LeadStatus.CONVERTED,
    ]
    weights = [30, 25, 10, 25, 10]

    def lead(i: int) -> dict[str, Any]:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        word = rng.choice(WORDS)
        status = rng.choices(statuses, weights)[0]
        created = when(3650)
        return {
            "full_name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}{i}@{word.lower()}{i % 50_000}.example",
            "company_name": f"{word} {rng.choice(SUFFIXES)} {i % 50_000}",
            "company_domain": f"{word.lower()}{i % 50_000}.example",
            "industry": rng.choice(INDUSTRIES),
            "region": rng.choice(REGIONS),
            "source": rng.choice(LeadSource.values),
            "status": status,
            "disqualify_reason": "No budget this year" if status == LeadStatus.DISQUALIFIED else "",
            "owner_id": rng.choice(lead_owners),
            "created_at": created,
            "updated_at": created,
        }

    insert("leads", Lead, scale.leads, lead, progress)
    first_lead, last_lead = id_range(Lead, lead_base)

    kinds = [
        ActivityKind.CALL,
        ActivityKind.MEETING,
        ActivityKind.EMAIL,
        ActivityKind.NOTE,
        ActivityKind.TASK,
    ]

    def activity(i: int) -> dict[str, Any]:
        kind = rng.choice(kinds)
        on_deal = rng.random() < 0.6
        occurred = when(3650)
        is_task = kind == ActivityKind.TASK
        return {
            "kind": kind,
            "subject": f"{kind.label} #{i}",
            "opportunity_id": rng.randint(first_opportunity, last_opportunity) if on_deal else None,
            "lead_id": None if on_deal else rng.randint(first_lead, last_lead),
            "owner_id": rng.choice(sellers),
            "occurred_at": occurred,
            "created_at": occurred,
            "due_on": (occurred + timedelta(days=rng.randrange(1, 14))).date() if is_task else None,
            "done_at": occurred + timedelta(days=1) if is_task and rng.random() < 0.9 else None,
        }

    insert("activities", Activity, scale.activities, activity, progress)
    if scale.accounts:
        scale_accounts.generate(
            scale,
            companies=(first_company, last_company),
            contacts=(first_contact, last_contact),
            pipeline=pipeline,
            won=won,
            sellers=sellers,
            now=now,
            progress=progress,
            seed=seed,
        )
    # Fresh statistics, or the planners guess: without them SQLite sorted 300k leads to show 50.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
