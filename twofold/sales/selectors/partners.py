"""Reads of partners: the list, a partner's page with its deals and leads and their value.

Values only count the deals and leads the actor may see: an agent sees a partner's deals of
their own, never the rest of the partner's business. Amounts add up per currency only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from twofold import policies
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import LeadStatus, OpportunityStatus
from twofold.sales.models import Lead, Partner, PartnerLink

ZERO = Decimal("0.00")
OPEN_LEAD_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED)


@dataclass(frozen=True)
class CurrencyTotal:
    """A count and an amount in one currency: amounts in different currencies never add up."""

    currency: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class PartnerTotals:
    """Won and open deal value, and open leads' budgets, per currency (largest first)."""

    won: tuple[CurrencyTotal, ...]
    open: tuple[CurrencyTotal, ...]
    leads: tuple[CurrencyTotal, ...]

    @property
    def won_count(self) -> int:
        return sum(t.count for t in self.won)

    @property
    def open_count(self) -> int:
        return sum(t.count for t in self.open)

    @property
    def lead_count(self) -> int:
        return sum(t.count for t in self.leads)


def partner_list(
    *, actor: User, search: str = "", kind: str = "", active: bool | None = True
) -> QuerySet[Partner]:
    if not policies.can(actor, Perm.PARTNER_VIEW):
        return Partner.objects.none()
    partners = Partner.objects.all()
    if active is not None:
        partners = partners.filter(is_active=active)
    if kind:
        partners = partners.filter(kind=kind)
    if search:
        partners = partners.filter(name__icontains=search)
    return partners.annotate(contact_count=Count("contacts", distinct=True)).order_by("name", "id")


def partner_get_for_actor(*, actor: User, pk: int | str) -> Partner:
    if not policies.can(actor, Perm.PARTNER_VIEW):
        raise Http404("No such partner.")
    try:
        return Partner.objects.prefetch_related("contacts").get(pk=pk)
    except (Partner.DoesNotExist, ValueError) as exc:
        raise Http404("No such partner.") from exc


def partner_deal_links(*, actor: User, partner: Partner, limit: int = 100) -> list[PartnerLink]:
    """The partner's deals the actor may see, newest first."""
    visible = policies.opportunities_visible_to(actor).values("pk")
    return list(
        PartnerLink.objects.filter(partner=partner, opportunity__in=visible)
        .select_related("opportunity__stage", "opportunity__owner", "opportunity__company")
        .order_by("-opportunity__updated_at", "-id")[:limit]
    )


def partner_leads(*, actor: User, partner: Partner, limit: int = 100) -> list[Lead]:
    """The partner's leads the actor may see, newest first."""
    return list(
        policies.leads_visible_to(actor)
        .filter(partner=partner)
        .select_related("owner")
        .order_by("-created_at", "-id")[:limit]
    )


def _by_currency(rows: list[dict[str, Any]], count: str, amount: str) -> tuple[CurrencyTotal, ...]:
    totals = [
        CurrencyTotal(currency=row["currency"], count=row[count], amount=row[amount] or ZERO)
        for row in rows
        if row[count]
    ]
    return tuple(sorted(totals, key=lambda t: (-t.amount, t.currency)))


def partner_totals(*, actor: User, partner: Partner) -> PartnerTotals:
    """Won and open deal value through the partner per currency, of the deals the actor may
    see, and the budgets of its open leads the actor may see (two queries)."""
    visible = policies.opportunities_visible_to(actor).values("pk")
    won = Q(opportunity__status=OpportunityStatus.WON)
    open_ = Q(opportunity__status=OpportunityStatus.OPEN)
    deal_rows = list(
        PartnerLink.objects.filter(partner=partner, opportunity__in=visible)
        .values(currency=F("opportunity__currency"))
        .annotate(
            won_count=Count("id", filter=won),
            won_amount=Sum("opportunity__sale__amount", filter=won),
            open_count=Count("id", filter=open_),
            open_amount=Sum("opportunity__amount", filter=open_),
        )
        .order_by()
    )
    lead_rows = list(
        policies.leads_visible_to(actor)
        .filter(partner=partner, status__in=OPEN_LEAD_STATUSES)
        .values(currency=F("budget_currency"))
        .annotate(lead_count=Count("id"), budget=Sum("budget_amount"))
        .order_by()
    )
    return PartnerTotals(
        won=_by_currency(deal_rows, "won_count", "won_amount"),
        open=_by_currency(deal_rows, "open_count", "open_amount"),
        leads=_by_currency(lead_rows, "lead_count", "budget"),
    )
