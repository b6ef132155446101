"""Reads of leads, scoped to what the actor may see, built to stay fast at a million rows.

The list pages by *keyset* (``WHERE (key) < (last key) ORDER BY key LIMIT n+1``), never by
offset, and never counts the table: the first page and page ten thousand cost the same.
Every sort has an index: newest ``(-created_at, -id)`` (``sales_lead_newest``, and
``sales_lead_status`` / ``sales_lead_owner`` / ``sales_lead_source`` when filtered), name
``lower(full_name)`` (``sales_lead_name_ci``), company ``lower(company_name)``
(``sales_lead_company_ci``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from django.db.models import Q, QuerySet
from django.http import Http404

from twofold import policies
from twofold.activities.models import Activity
from twofold.activities.selectors import activities_of
from twofold.core import history
from twofold.core.params import whole_number
from twofold.core.sorting import Sort, SortColumn, Sorting, count_capped
from twofold.people.choices import SALES_ROLES, Role
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import LeadEventType, LeadStatus
from twofold.sales.duplicates import (
    Duplicate,
    find_duplicates,
    lower_prefix_q,
    normalize_domain,
    with_lower,
)
from twofold.sales.models import AssignmentRule, Lead, LeadEvent, WebForm
from twofold.search import text

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
SEARCH_MAX = 100

LEAD_SORTING = Sorting(
    columns=(
        SortColumn("name", "Name", "full_name_lower"),
        SortColumn("company", "Company", "company_name_lower"),
        SortColumn("created", "Created", "created_at", descending_first=True),
    ),
    default="-created",
    aliases={"newest": "-created"},
)
UNASSIGNED = "none"


@dataclass(frozen=True)
class LeadFilters:
    status: str = ""
    source: str = ""
    owner: str = ""  # a user id, "me" or "none" (unassigned)
    region: str = ""
    industry: str = ""
    q: str = ""
    sort: str = "-created"


@dataclass(frozen=True)
class LeadPage:
    leads: list[Lead]
    next_cursor: str | None
    previous_cursor: str | None
    filters: LeadFilters = field(default_factory=LeadFilters)
    sort: Sort = field(default_factory=lambda: LEAD_SORTING.parse(None))
    count: int = 0
    more: bool = False  # more than ``count`` match (the count stopped at its cap)


def search_q(q: str) -> Q:
    """What a search box query means, chosen so that an index answers it:

    * with ``@``: an e-mail prefix on ``lower(email)`` (``sales_lead_email_ci``) or the
      address anywhere in the e-mail;
    * a bare domain (``acme.com``): exact ``company_domain`` (``sales_lead_domain``), or the
      domain anywhere in the e-mail;
    * anything else: the words anywhere in the person's name, the company name or the
      e-mail (``twofold.search.text``: trigram indexes on PostgreSQL, FTS5 on SQLite), so a
      surname ("Sandström") or a word inside a company name ("logistics") finds the lead.
    """
    q = q.strip().lower()[:SEARCH_MAX]
    if "@" in q:
        return lower_prefix_q("email", q) | text.contains_q("lead", q)
    if "." in q and " " not in q:
        return Q(company_domain=normalize_domain(q)) | text.contains_q("lead", q)
    return text.contains_q("lead", q)


def _filtered(actor: User, filters: LeadFilters) -> QuerySet[Lead]:
    leads = with_lower(policies.leads_visible_to(actor), "full_name", "company_name", "email")
    if filters.status in LeadStatus.values:
        leads = leads.filter(status=filters.status)
    if filters.source:
        leads = leads.filter(source=filters.source)
    if filters.owner == "me":
        leads = leads.filter(owner=actor)
    elif filters.owner == UNASSIGNED:
        leads = leads.filter(owner__isnull=True)
    elif whole_number(filters.owner) is not None:
        leads = leads.filter(owner_id=whole_number(filters.owner))
    if filters.region:
        leads = leads.filter(region__iexact=filters.region.strip())
    if filters.industry:
        leads = leads.filter(industry__iexact=filters.industry.strip())
    if filters.q.strip():
        leads = leads.filter(search_q(filters.q))
    return leads


def lead_list(
    *,
    actor: User,
    filters: LeadFilters | None = None,
    after: str = "",
    before: str = "",
    page_size: int = PAGE_SIZE,
) -> LeadPage:
    """One page of the leads the actor may see: one query, however many rows exist.

    ``after`` continues past the last row of a page, ``before`` goes back from the first.
    """
    policies.require(actor, Perm.LEAD_LIST)
    filters = filters or LeadFilters()
    sort = LEAD_SORTING.parse(filters.sort)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    matching = _filtered(actor, filters)
    leads = matching.select_related("owner", "partner")
    cursor, forward = (before, False) if before else (after, True)
    position = sort.read_cursor(cursor, Lead) if cursor else None
    if position is not None:
        leads = leads.filter(sort.after(*position, reverse=not forward))
    rows = list(leads.order_by(*sort.order_by(reverse=not forward))[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    if not forward:
        rows.reverse()
    has_next = more if forward else bool(rows)
    has_previous = (position is not None) if forward else more
    count, more_than = count_capped(matching, searching=bool(filters.q.strip()))
    return LeadPage(
        leads=rows,
        next_cursor=sort.cursor_for(rows[-1]) if rows and has_next else None,
        previous_cursor=sort.cursor_for(rows[0]) if rows and has_previous else None,
        filters=LeadFilters(**{**filters.__dict__, "sort": sort.param}),
        sort=sort,
        count=count,
        more=more_than,
    )


def lead_queryset_for_api(*, actor: User, filters: LeadFilters) -> QuerySet[Lead]:
    """The same filters for the API, which pages by its own keyset on ``(-created_at, -id)``."""
    policies.require(actor, Perm.LEAD_LIST)
    return _filtered(actor, filters).select_related("owner", "partner")


def lead_get_for_actor(*, actor: User, pk: int | str) -> Lead:
    """The lead with ``pk`` if the actor may see it; otherwise 404 (no existence leak)."""
    try:
        return (
            policies.leads_visible_to(actor)
            .select_related("owner", "partner", "web_form", "company", "opportunity__owner")
            .get(pk=pk)
        )
    except (Lead.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such lead.") from exc


def lead_history(*, lead: Lead, limit: int = 100) -> list[history.HistoryEntry]:
    """Field changes of the lead (who, when, what, from where), newest first."""
    return history.timeline(
        [history.HistorySource(Lead, {"id": lead.pk}, "Lead", ("updated_at", "created_at"))],
        limit=limit,
    )


@dataclass(frozen=True)
class Qualification:
    """What the lead generator learnt before handing the lead to the BDM."""

    lead: Lead
    note_to_bdm: str


def qualification_of(*, opportunity_id: int) -> Qualification | None:
    """The qualification of the lead a deal came from, for whoever sees the deal (two
    queries); None for a deal opened without a lead."""
    lead = Lead.objects.filter(opportunity_id=opportunity_id).first()
    if lead is None:
        return None
    data = (
        LeadEvent.objects.filter(lead=lead, type=LeadEventType.CONVERTED)
        .order_by("-id")
        .values_list("data", flat=True)
        .first()
    )
    note = data.get("note", "") if isinstance(data, dict) else ""
    return Qualification(lead=lead, note_to_bdm=str(note or ""))


def lead_duplicates(*, actor: User, lead: Lead, limit: int = 5) -> list[Duplicate]:
    """Leads the actor sees that look like this one (one query)."""
    return find_duplicates(
        policies.leads_visible_to(actor),
        email=lead.email,
        company_domain=lead.company_domain,
        company_name=lead.company_name,
        exclude_pk=lead.pk,
        limit=limit,
    )


def duplicates_for_input(
    *, actor: User, email: str = "", company_domain: str = "", company_name: str = ""
) -> list[Duplicate]:
    """Likely duplicates of what someone is typing into the new-lead form."""
    policies.require(actor, Perm.LEAD_CREATE)
    return find_duplicates(
        policies.leads_visible_to(actor),
        email=email[:254],
        company_domain=company_domain[:200],
        company_name=company_name[:200],
        limit=5,
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: Literal["event", "activity"]
    event: LeadEvent | None = None
    activity: Activity | None = None


def lead_events(*, lead: Lead, limit: int = 100) -> list[LeadEvent]:
    """The newest events of a lead the caller already may see (one query)."""
    return list(lead.events.select_related("actor").order_by("-at", "-id")[:limit])


def lead_timeline(*, lead: Lead, limit: int = 100) -> list[TimelineEntry]:
    """Events and activities of a lead the caller already may see, newest first (2 queries)."""
    entries = [TimelineEntry(at=e.at, kind="event", event=e) for e in lead_events(lead=lead)]
    entries += [
        TimelineEntry(at=a.occurred_at, kind="activity", activity=a)
        for a in activities_of(lead=lead, limit=limit)
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def names_of_users(ids: set[int]) -> dict[int, str]:
    """Names for user ids mentioned in event data (one query)."""
    if not ids:
        return {}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name"))


def lead_owner_choices(*, actor: User) -> QuerySet[User]:
    """People a lead can be given to: active users in sales roles, visible to the actor."""
    return (
        policies.users_visible_to(actor)
        .filter(is_active=True, role_assignments__role__in=SALES_ROLES)
        .distinct()
        .order_by("full_name", "id")
    )


def bdm_choices(*, actor: User) -> QuerySet[User]:
    """Who can receive a qualified lead: active BDMs and sales leads."""
    return (
        policies.users_visible_to(actor)
        .filter(is_active=True, role_assignments__role__in=[Role.BDM, Role.SALES_LEAD])
        .distinct()
        .order_by("full_name", "id")
    )


def users_by_ids(*, actor: User, ids: list[int]) -> dict[int, User]:
    return {u.pk: u for u in policies.users_visible_to(actor).filter(pk__in=ids)}


def assignment_rule_list(*, actor: User) -> QuerySet[AssignmentRule]:
    """The rules ``actor`` keeps, in the order they run."""
    policies.require(actor, Perm.ROUTING_RULE_MANAGE)
    return (
        policies.assignment_rules_visible_to(actor)
        .select_related("team", "last_assigned")
        .order_by("priority", "id")
    )


def assignment_rule_get_for_actor(*, actor: User, pk: int | str) -> AssignmentRule:
    if not policies.can(actor, Perm.ROUTING_RULE_MANAGE):
        raise Http404("No such rule.")
    try:
        return policies.assignment_rules_visible_to(actor).select_related("team").get(pk=pk)
    except (AssignmentRule.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such rule.") from exc


def webform_list(*, actor: User) -> QuerySet[WebForm]:
    policies.require(actor, Perm.SALES_CONFIGURE)
    return WebForm.objects.order_by("name", "id")


def webform_get_for_actor(*, actor: User, pk: int | str) -> WebForm:
    if not policies.can(actor, Perm.SALES_CONFIGURE):
        raise Http404("No such form.")
    try:
        return WebForm.objects.get(pk=pk)
    except (WebForm.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such form.") from exc


def webform_get_public(*, key: str) -> WebForm:
    """An active form by its key, for anyone on the internet; anything else is 404."""
    if not key or len(key) > 64:
        raise Http404("No such form.")
    form = WebForm.objects.filter(key=key, is_active=True).first()
    if form is None:
        raise Http404("No such form.")
    return form
