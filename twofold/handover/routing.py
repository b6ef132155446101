"""Who receives a new customer: the routing rules, then the least-loaded account manager.

The first active rule (by order) whose industry, region and key-account conditions all match
the account names a team; inside it the active account manager with the lightest load (the
accounts they own plus the hand-overs already heading their way) receives it. A key account
goes to a key account manager (from a matching team first, else from anywhere) whenever one
exists. When no rule matches, or the matching teams have nobody who fits, the least-loaded
fitting account manager overall receives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from twofold import policies
from twofold.accounts.models import Account
from twofold.handover.choices import OPEN_STATUSES
from twofold.handover.models import HandoverPackage, RoutingRule
from twofold.people.models import User

if TYPE_CHECKING:
    from twofold.accounts.models import Account


@dataclass(frozen=True)
class Route:
    receiver: User | None
    rule: RoutingRule | None


def receivers() -> Q:
    """Users who may receive a hand-over (active account managers and key account managers)."""
    return Q(is_active=True, role_assignments__role__in=policies.RECEIVER_ROLES)


def matching_rules(account: Account) -> list[RoutingRule]:
    company = account.company
    key = Q(key_accounts_only=False) | Q(key_accounts_only=account.is_key)
    return list(
        RoutingRule.objects.filter(is_active=True, team__is_active=True)
        .filter(Q(industry="") | Q(industry__iexact=company.industry))
        .filter(Q(region="") | Q(region__iexact=company.region))
        .filter(key)
        .order_by("order", "id")
    )


def _count(queryset: QuerySet[Any], by: str) -> Coalesce:
    """A correlated count per candidate (an index lookup each, never a join of both lists)."""
    counted = queryset.filter(**{by: OuterRef("pk")}).order_by().values(by)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")[:1]), 0)


def _least_loaded(*, team_id: int | None, key: bool) -> User | None:
    """One query: fitting candidates ordered by their load, then id.

    The load is the accounts they look after plus the hand-overs already heading their way,
    so a burst of wins is spread over the team instead of all going to the emptiest person.
    """
    roles = policies.PLAN_OWNER_ROLES if key else policies.RECEIVER_ROLES
    people = User.objects.filter(is_active=True, role_assignments__role__in=roles)
    if team_id is not None:
        people = people.filter(memberships__team_id=team_id)
    incoming = HandoverPackage.objects.filter(status__in=OPEN_STATUSES)
    return (
        people.annotate(
            load=_count(Account.objects.all(), "relationship_owner") + _count(incoming, "receiver")
        )
        .order_by("load", "id")
        .distinct()
        .first()
    )


def route_for(account: Account) -> Route:
    """The receiver the rules pick for ``account`` (``receiver`` is None when nobody fits).

    The first matching rule whose team has someone free wins; a key account first looks for a
    key account manager in every matching team, then anywhere, before an account manager.
    """
    rules = matching_rules(account)
    if account.is_key:
        for rule in rules:
            kam = _least_loaded(team_id=rule.team_id, key=True)
            if kam is not None:
                return Route(receiver=kam, rule=rule)
        kam = _least_loaded(team_id=None, key=True)
        if kam is not None:
            return Route(receiver=kam, rule=None)
    for rule in rules:
        receiver = _least_loaded(team_id=rule.team_id, key=False)
        if receiver is not None:
            return Route(receiver=receiver, rule=rule)
    return Route(receiver=_least_loaded(team_id=None, key=False), rule=None)
