"""The global search: everything the actor may see that contains a term, grouped by type.

Each group reads the rows through the same policy querysets the lists use
(``twofold.policies``), so a record the actor may not open never appears, and matches with
``twofold.search.text`` (indexed on both databases). A group costs one query, plus one capped
COUNT only when it has more matches than it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower
from django.urls import reverse

from twofold import policies
from twofold.accounts.models import Account, AccountContact
from twofold.core.sorting import SEARCH_COUNT_CAP
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.selectors.deals import deal_search_q
from twofold.sales.selectors.leads import search_q as lead_search_q
from twofold.search import text

SHOWN = 5


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str
    badge: str = ""


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    hits: list[Hit]
    count: int  # capped at SEARCH_COUNT_CAP
    list_url: str = ""

    @property
    def count_is_capped(self) -> bool:
        return self.count >= SEARCH_COUNT_CAP


@dataclass(frozen=True)
class SearchResults:
    term: str
    groups: list[Group]
    too_short: bool = False

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def _group(
    kind: str,
    label: str,
    rows: QuerySet[Any],
    hit: Callable[[Any], Hit],
    *,
    shown: int,
    list_url: str = "",
    counted: QuerySet[Any] | None = None,
) -> Group:
    """The first ``shown`` of ``rows``, counted up to the cap when there are more (on
    ``counted``, the same rows without the columns only the hits need, when given)."""
    found = list(rows[: shown + 1])
    count = len(found)
    if count > shown:
        count = (rows if counted is None else counted).order_by()[:SEARCH_COUNT_CAP].count()
    return Group(kind, label, [hit(row) for row in found[:shown]], count, list_url)


def _list_url(name: str, term: str) -> str:
    return f"{reverse(name)}?{urlencode({'q': term})}"


def search_everything(*, actor: User, term: str, shown: int = SHOWN) -> SearchResults:
    """Leads, deals, accounts and contacts the actor may see with ``term`` in them.

    A type the actor may not list is left out; a term under three characters searches nothing.
    """
    term = text.clean_term(term)
    if len(term) < text.MIN_LENGTH:
        return SearchResults(term=term, groups=[], too_short=bool(term))
    groups = []
    if policies.can(actor, Perm.LEAD_LIST):
        lead_url = reverse("sales:lead_detail", args=[0])[: -len("0/")]
        leads = (
            policies.leads_visible_to(actor)
            .filter(lead_search_q(term))
            .only("pk", "full_name", "company_name", "email", "status", "created_at")
            .order_by("-created_at", "-id")
        )
        groups.append(
            _group(
                "leads",
                "Leads",
                leads,
                lambda lead: Hit(
                    lead.full_name,
                    " · ".join(filter(None, [lead.company_name, lead.email])),
                    f"{lead_url}{lead.pk}/",
                    lead.get_status_display(),
                ),
                shown=shown,
                list_url=_list_url("sales:lead_list", term),
            )
        )
    if policies.can(actor, Perm.OPPORTUNITY_LIST):
        deal_url = reverse("sales:opportunity_detail", args=[0])[: -len("0/")]
        deals = (
            policies.opportunities_visible_to(actor)
            .filter(deal_search_q(term))
            .select_related("company")
            .only("pk", "name", "status", "updated_at", "company__name")
            .order_by("-updated_at", "-id")
        )
        groups.append(
            _group(
                "deals",
                "Deals",
                deals,
                lambda deal: Hit(
                    deal.name,
                    deal.company.name if deal.company else "",
                    f"{deal_url}{deal.pk}/",
                    deal.get_status_display(),
                ),
                shown=shown,
                list_url=_list_url("sales:opportunity_list", term),
            )
        )
    if policies.can(actor, Perm.ACCOUNT_LIST):
        account_url = reverse("accounts:detail", args=[0])[: -len("0/")]
        visible_accounts = policies.accounts_visible_to(actor)
        groups.append(_accounts_group(visible_accounts, term, shown, account_url))
        first_account = AccountContact.objects.filter(
            contact=OuterRef("pk"), account__in=visible_accounts.values("pk")
        ).order_by("account__name", "account_id")
        matching_contacts = policies.contacts_visible_to(actor).filter(
            text.contains_q("contact", term)
        )
        contacts = (
            matching_contacts.annotate(
                account_id=Subquery(first_account.values("account_id")[:1]),
                account_name=Subquery(first_account.values("account__name")[:1]),
            )
            .only("pk", "full_name", "email", "job_title")
            .order_by("full_name", "id")
        )
        groups.append(
            _group(
                "contacts",
                "Contacts",
                contacts,
                lambda contact: Hit(
                    contact.full_name,
                    " · ".join(filter(None, [contact.account_name, contact.email])),
                    f"{account_url}{contact.account_id}/",
                    contact.job_title,
                ),
                shown=shown,
                counted=matching_contacts,
            )
        )
    return SearchResults(term=term, groups=groups)


def _accounts_group(visible: QuerySet[Account], term: str, shown: int, account_url: str) -> Group:
    """The accounts with ``term`` in their name, their company's name or domain, or the name
    or e-mail of one of their contacts, by name.

    One query per way of matching, each the first ``SEARCH_COUNT_CAP + 1`` in name order,
    then the page of accounts among them: the first ``shown`` of all matches are among the
    first of one way, and more than the cap in one way means more than the cap in all. An
    OR of the three in one query made PostgreSQL hash every account whose contact matches
    (18,000 for "novak") before sorting the ~80,000 accounts a sales lead sees (550 ms);
    alone, each walks the ``LOWER(name)`` index or starts from the matching rows, whichever
    is fewer, and the contacts match as a semi-join checked account by account.
    """
    by_contact = AccountContact.objects.filter(
        text.contains_q("contact", term, field_prefix="contact__"), account=OuterRef("pk")
    )
    ways = [
        visible.filter(text.contains_q("account", term)),
        visible.filter(text.contains_q("company", term, field_prefix="company__")),
        visible.filter(Exists(by_contact)),
    ]
    order = (Lower("name"), "id")
    found: set[int] = set()
    for way in ways:
        found.update(way.order_by(*order).values_list("pk", flat=True)[: SEARCH_COUNT_CAP + 1])
    page = (
        Account.objects.filter(pk__in=found)
        .select_related("company")
        .only("pk", "name", "status", "company__domain")
        .order_by(*order)[:shown]
    )
    hits = [
        Hit(
            account.name,
            account.company.domain,
            f"{account_url}{account.pk}/",
            account.get_status_display(),
        )
        for account in page
    ]
    count = min(len(found), SEARCH_COUNT_CAP)
    return Group("accounts", "Accounts", hits, count, _list_url("accounts:portfolio", term))
