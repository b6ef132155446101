"""The account side of "My work": hand-overs to complete or decide, and the carer's day.

Each list is one bounded query, whatever the size of the portfolio, so the home page keeps its
pinned query budget at 200,000 accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import F, Q
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import AmendmentStatus
from twofold.accounts.models import Account
from twofold.accounts.selectors.amendments import approvable_by
from twofold.handover.choices import HandoverStatus
from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.accounts.models import Account
    from twofold.handover.models import HandoverPackage
    from twofold.people.models import User

HOME_LIMIT = 8
NEXT_STEP_HORIZON = timedelta(days=7)
RENEWAL_HORIZON = timedelta(days=90)


@dataclass(frozen=True)
class HandoverWork:
    to_decide: list[HandoverPackage]  # submitted to the actor, oldest due first
    to_complete: list[HandoverPackage]  # the actor's drafts and sent-back packages


@dataclass(frozen=True)
class CarerWork:
    next_steps: list[Account]  # next step due within a week (or overdue), or none planned
    renewals: list[Account]  # contracts ending within 90 days
    amendments_waiting: int | None  # for an account executive: amendments to decide
    today: date


def handover_work(actor: User) -> HandoverWork | None:
    """One query, for whoever takes part in hand-overs; None when there is nothing to show."""
    if not actor.roles & (SALES_ROLES | ACCOUNT_ROLES):
        return None
    rows = list(
        apps.get_model("handover", "HandoverPackage")
        .objects.filter(
            Q(receiver=actor, status=HandoverStatus.SUBMITTED)
            | Q(
                seller=actor,
                status__in=[HandoverStatus.DRAFT, HandoverStatus.SENT_BACK],
            )
        )
        .select_related("account")
        .only("status", "due_at", "created_at", "seller_id", "receiver_id", "account__name")
        .order_by(F("due_at").asc(nulls_last=True), "created_at", "id")[: HOME_LIMIT * 2]
    )
    submitted = HandoverStatus.SUBMITTED
    to_decide = [p for p in rows if p.receiver_id == actor.pk and p.status == submitted]
    to_complete = [p for p in rows if p.seller_id == actor.pk and p.status != submitted]
    if not to_decide and not to_complete:
        return None
    return HandoverWork(to_decide=to_decide[:HOME_LIMIT], to_complete=to_complete[:HOME_LIMIT])


def carer_work(actor: User) -> CarerWork | None:
    """Two queries for account managers (three for an account executive); None for others."""
    if not actor.roles & ACCOUNT_ROLES:
        return None
    today = timezone.localdate()
    mine = Account.objects.filter(Q(relationship_owner=actor) | Q(plan_owner=actor)).only(
        "name", "next_step", "next_step_due", "contract_end", "last_contact_at"
    )
    next_steps = list(
        mine.filter(
            Q(next_step_due__lte=today + NEXT_STEP_HORIZON) | Q(next_step_due__isnull=True)
        ).order_by(F("next_step_due").asc(nulls_last=True), "name", "id")[:HOME_LIMIT]
    )
    renewals = list(
        mine.filter(contract_end__gte=today, contract_end__lte=today + RENEWAL_HORIZON).order_by(
            "contract_end", "id"
        )[:HOME_LIMIT]
    )
    amendments = None
    if policies.can(actor, Perm.ACCOUNT_SUPERVISE):
        amendments = approvable_by(actor).filter(status=AmendmentStatus.PENDING_APPROVAL).count()
    return CarerWork(
        next_steps=next_steps, renewals=renewals, amendments_waiting=amendments, today=today
    )
