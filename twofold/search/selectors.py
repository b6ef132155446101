"""The global search: everything the actor may see that contains a term, grouped by type.

Each group reads the rows through the same policy querysets the lists use
(``twofold.policies``), so a record the actor may not open never appears, and matches with
``twofold.search.text`` (indexed on both databases). A group costs one query, plus one capped
COUNT only when it has more matches than it shows. On PostgreSQL the accounts and contacts
groups list the closest matches first (trigram distance) and share one walk of the contacts;
on SQLite they are in name order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.postgres.search import TrigramDistance
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower
from django.urls import reverse

from twofold import policies
from twofold.accounts.models import Account, AccountContact
from twofold.core.sorting import SEARCH_COUNT_CAP
from twofold.parties.models import Contact
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
        if connection.vendor == "postgresql":
            links = _closest_contact_links(visible_accounts, term)
            groups += [
                _closest_accounts_group(visible_accounts, term, links, shown, account_url),
                _closest_contacts_group(visible_accounts, links, shown, account_url),
            ]
        else:
            groups.append(_accounts_group(visible_accounts, term, shown, account_url))
            groups.append(_contacts_group(actor, visible_accounts, term, shown, account_url))
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


def _first_accounts(visible: QuerySet[Account]) -> QuerySet[AccountContact]:
    """A contact's first account among ``visible`` by name (the one a contact hit opens)."""
    return AccountContact.objects.filter(
        contact=OuterRef("pk"), account__in=visible.values("pk")
    ).order_by("account__name", "account_id")


def _contact_hit(account_url: str) -> Callable[[Any], Hit]:
    return lambda contact: Hit(
        contact.full_name,
        " · ".join(filter(None, [contact.account_name, contact.email])),
        f"{account_url}{contact.account_id}/",
        contact.job_title,
    )


def _with_first_account(contacts: QuerySet[Any], visible: QuerySet[Account]) -> QuerySet[Any]:
    first_account = _first_accounts(visible)
    return contacts.annotate(
        account_id=Subquery(first_account.values("account_id")[:1]),
        account_name=Subquery(first_account.values("account__name")[:1]),
    ).only("pk", "full_name", "email", "job_title")


def _contacts_group(
    actor: User, visible: QuerySet[Account], term: str, shown: int, account_url: str
) -> Group:
    """The contacts the actor may see with ``term`` in their name or e-mail, by name."""
    matching = policies.contacts_visible_to(actor).filter(text.contains_q("contact", term))
    contacts = _with_first_account(matching, visible).order_by("full_name", "id")
    return _group(
        "contacts", "Contacts", contacts, _contact_hit(account_url), shown=shown, counted=matching
    )


# PostgreSQL: the accounts and contacts groups list the closest matches first.

Link = tuple[int, int, float]  # contact id, account id, the contact name's distance to the term


def _closest_contact_links(visible: QuerySet[Account], term: str) -> list[Link]:
    """The links between ``visible`` accounts and their contacts containing ``term``, the
    contact whose name is closest to the term first, until more than ``SEARCH_COUNT_CAP``
    contacts and accounts are among them (or all links are).

    One walk serves both groups: the contacts the actor may see are those of the accounts
    they see. PostgreSQL walks the contacts' GiST trigram index in distance order and checks
    each contact's accounts, stopping after the limit, where ordering by name sorted every
    matching contact (18,500 for "novak"); for an account manager's few accounts it starts
    from the accounts instead. Among equally close names the index decides which come first.
    """
    links = (
        AccountContact.objects.filter(
            text.contains_q("contact", term, field_prefix="contact__"),
            account__in=visible.values("pk"),
        )
        .annotate(distance=TrigramDistance("contact__full_name", term))
        .order_by("distance")
        .values_list("contact_id", "account_id", "distance")
    )
    wanted = SEARCH_COUNT_CAP + 1
    limit = 2 * wanted
    while True:
        rows = list(links[:limit])
        contacts = {contact for contact, _, _ in rows}
        accounts = {account for _, account, _ in rows}
        if len(rows) < limit or min(len(contacts), len(accounts)) >= wanted:
            return rows
        limit *= 4


def _closest_accounts_group(
    visible: QuerySet[Account], term: str, links: list[Link], shown: int, account_url: str
) -> Group:
    """The accounts with ``term`` in their name, their company's name or domain, or one of
    their contacts, the closest first: an account is as close as the closest of the names
    it matched by (its own, its company's, a contact's), ties by name.

    Each way of matching gives its first ``SEARCH_COUNT_CAP + 1`` by that closeness; the
    first ``shown`` of all are among them, and more than the cap in one way means more than
    the cap in all (the count needs no query of its own).
    """
    closest: dict[int, float] = {}

    def add(pk: int, distance: float) -> None:
        closest[pk] = min(distance, closest.get(pk, distance))

    ways = [
        visible.filter(text.contains_q("account", term)).annotate(
            distance=TrigramDistance("name", term)
        ),
        visible.filter(text.contains_q("company", term, field_prefix="company__")).annotate(
            distance=TrigramDistance("company__name", term)
        ),
    ]
    for way in ways:
        rows = way.order_by("distance", "id").values_list("pk", "distance")
        for pk, distance in rows[: SEARCH_COUNT_CAP + 1]:
            add(pk, distance)
    by_contact: dict[int, float] = {}
    for _, account, distance in links:
        if account not in by_contact and len(by_contact) <= SEARCH_COUNT_CAP:
            by_contact[account] = distance
    for pk, distance in by_contact.items():
        add(pk, distance)
    names = dict(Account.objects.filter(pk__in=closest).values_list("pk", "name"))
    first = sorted(closest, key=lambda pk: (closest[pk], names[pk].lower(), pk))[:shown]
    accounts = (
        Account.objects.filter(pk__in=first)
        .select_related("company")
        .only("pk", "name", "status", "company__domain")
        .in_bulk()
    )
    hits = [
        Hit(
            account.name,
            account.company.domain,
            f"{account_url}{account.pk}/",
            account.get_status_display(),
        )
        for account in (accounts[pk] for pk in first)
    ]
    count = min(len(closest), SEARCH_COUNT_CAP)
    return Group("accounts", "Accounts", hits, count, _list_url("accounts:portfolio", term))


def _closest_contacts_group(
    visible: QuerySet[Account], links: list[Link], shown: int, account_url: str
) -> Group:
    """The contacts of ``links`` (the closest name first), counted up to the cap."""
    ordered = list(dict.fromkeys(contact for contact, _, _ in links))
    first = ordered[:shown]
    contacts = _with_first_account(Contact.objects.filter(pk__in=first), visible).in_bulk()
    hit = _contact_hit(account_url)
    hits = [hit(contacts[pk]) for pk in first]
    return Group("contacts", "Contacts", hits, min(len(ordered), SEARCH_COUNT_CAP))
