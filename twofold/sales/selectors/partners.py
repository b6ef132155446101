"""Reads of partners: the list, a partner's page with its deals and their value.

Deal values only count the deals the actor may see: an agent sees a partner's deals of their
own, never the rest of the partner's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from twofold import policies
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import OpportunityStatus
from twofold.sales.models import Partner, PartnerLink


@dataclass(frozen=True)
class PartnerTotals:
    won_count: int
    won_amount: Decimal
    open_count: int
    open_amount: Decimal


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


def partner_totals(*, actor: User, partner: Partner) -> PartnerTotals:
    """Won and open deal value through the partner, of the deals the actor may see (one query)."""
    visible = policies.opportunities_visible_to(actor).values("pk")
    won = Q(opportunity__status=OpportunityStatus.WON)
    open_ = Q(opportunity__status=OpportunityStatus.OPEN)
    row = PartnerLink.objects.filter(partner=partner, opportunity__in=visible).aggregate(
        won_count=Count("id", filter=won),
        won_amount=Sum("opportunity__sale__amount", filter=won),
        open_count=Count("id", filter=open_),
        open_amount=Sum("opportunity__amount", filter=open_),
    )
    return PartnerTotals(
        won_count=row["won_count"] or 0,
        won_amount=row["won_amount"] or Decimal("0.00"),
        open_count=row["open_count"] or 0,
        open_amount=row["open_amount"] or Decimal("0.00"),
    )
