"""The portfolio, the account page (owners, contacts, contracts, timeline and quick-log),
reassignment and the ownership report. Each view parses input, calls one service, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.accounts.choices import (
    LOGGED_KINDS,
    AccountStatus,
    InteractionKind,
    OwnershipKind,
)
from twofold.accounts.models import Account
from twofold.accounts.selectors import account as account_selectors
from twofold.accounts.selectors import portfolio as selectors
from twofold.accounts.services.contacts import (
    account_contact_add,
    account_contact_remove,
    account_contact_update,
)
from twofold.accounts.services.interactions import interaction_log, require_care
from twofold.accounts.services.reassign import account_reassign
from twofold.accounts.web.portfolio_forms import (
    ContactAddForm,
    ContactEditForm,
    QuickLogForm,
    ReassignForm,
    now_local,
)
from twofold.core.actors import actor_of
from twofold.core.exports import csv_stream
from twofold.core.params import Params
from twofold.core.web.forms import apply_service_errors
from twofold.core.web.responses import done
from twofold.parties.models import Contact
from twofold.people.models import User
from twofold.policies import Perm


def _account_url(account: Account) -> str:
    return reverse("accounts:detail", args=[account.pk])


# --- Portfolio --------------------------------------------------------------------------------


def portfolio_filters(params: Any, *, strict: bool = False) -> selectors.PortfolioFilters:
    """Filters from a query string; the API reads the same names. A number out of range is
    ignored like an unknown status, or with ``strict`` (the API) refused naming it."""
    read = Params(params)
    filters = selectors.PortfolioFilters(
        view=params.get("view", "all"),
        owner_id=read.id("owner"),
        status=params.get("status", ""),
        key_only=params.get("key", "") in ("1", "true", "on"),
        ends_within_days=read.days("ends_within"),
        no_contact_days=read.days("no_contact"),
        q=params.get("q", "").strip()[:100],
        sort=selectors.PORTFOLIO_SORTING.parse(params.get("sort"), strict=strict).param,
    )
    if strict:
        read.raise_errors()
    return filters


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.ACCOUNT_LIST)
    filters = portfolio_filters(request.GET)
    page = selectors.portfolio_page(
        actor=actor, filters=filters, after=request.GET.get("after", "")
    )
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "today": timezone.localdate(),
        "sort_columns": selectors.PORTFOLIO_SORTING.columns,
    }
    if request.htmx and request.GET.get("partial") != "0":  # type: ignore[attr-defined]
        return render(request, "accounts/partials/portfolio_rows.html", context)
    context |= {
        "views": selectors.views_for(actor),
        "owners": list(selectors.account_managers_for(actor)),
        "statuses": AccountStatus.choices,
        "can_report": policies.can(actor, Perm.OWNERSHIP_REPORT),
    }
    return render(request, "accounts/portfolio.html", context)


# --- One account ------------------------------------------------------------------------------


def _log_kinds(abilities: account_selectors.Abilities) -> list[str]:
    if abilities.edit:
        return [kind.value for kind in LOGGED_KINDS]
    if abilities.note:
        return [InteractionKind.NOTE.value]
    return []


def _log_form(
    account: Account,
    contacts: list[Any],
    abilities: account_selectors.Abilities,
    data: Any = None,
) -> QuickLogForm:
    return QuickLogForm(
        data, contacts=contacts, kinds=_log_kinds(abilities), initial={"occurred_at": ""}
    )


@login_required
@require_GET
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    account = account_selectors.account_get_for_actor(actor=actor, pk=pk)
    timeline = account_selectors.timeline_page(
        account=account, before=request.GET.get("before", "")
    )
    if request.htmx and request.GET.get("before"):  # type: ignore[attr-defined]
        return render(
            request,
            "accounts/partials/timeline_more.html",
            {"account": account, "timeline": timeline},
        )
    abilities = account_selectors.abilities_of(actor=actor, account=account)
    contacts = account_selectors.account_contacts(account=account)
    context = {
        "account": account,
        "tab": "overview",
        "owners": account_selectors.owners_of(account),
        "abilities": abilities,
        "contacts": contacts,
        "contracts": account_selectors.account_contracts(account=account),
        "yearly_values": account_selectors.yearly_values(account=account),
        "timeline": timeline,
        "summary": account_selectors.account_summary(account=account),
        "ownership_events": account_selectors.recent_ownership_events(account=account),
        "entries": account_selectors.account_history(account=account),
        "log_form": _log_form(account, contacts, abilities) if not abilities.read_only else None,
        "now": now_local(),
        "today": timezone.localdate(),
    }
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_POST
def interaction_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick-log. From htmx the answer is a fresh form and, out of band, the new entry
    at the top of the timeline; a plain form goes back to the account."""
    actor = actor_of(request)
    account = account_selectors.account_get_for_actor(actor=actor, pk=pk)
    abilities = account_selectors.abilities_of(actor=actor, account=account)
    if abilities.read_only:
        # Refused with the reason (the seller after the shared window).
        require_care(actor=actor, account=account, perm=Perm.ACCOUNT_NOTE)
    contacts = account_selectors.account_contacts(account=account)
    form = _log_form(account, contacts, abilities, request.POST)
    entry = None
    if form.is_valid():
        data = form.cleaned_data
        contact = None
        if data["contact"]:
            contact = Contact.objects.filter(pk=data["contact"]).first()
        try:
            entry = interaction_log(
                actor=actor,
                account=account,
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
                contact=contact,
                occurred_at=data["occurred_at"],
                next_step=data["next_step"],
                next_step_due=data["next_step_due"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if not request.htmx:  # type: ignore[attr-defined]
        if entry is None:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        else:
            messages.success(request, f"{entry.get_kind_display()} logged.")
        return done(request, _account_url(account))
    if entry is not None:
        account.refresh_from_db()
        form = _log_form(account, contacts, abilities)
    return render(
        request,
        "accounts/partials/quick_log_result.html",
        {
            "account": account,
            "log_form": form,
            "entry": entry,
            "now": now_local(),
            "today": timezone.localdate(),
        },
    )


# --- Contacts ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    account = account_selectors.account_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.ACCOUNT_EDIT, account)
    form = ContactAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = account_contact_add(actor=actor, account=account, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{link.contact.full_name} added.")
            return done(request, _account_url(account))
    return render(
        request,
        "accounts/contact_form.html",
        {"account": account, "tab": "overview", "form": form, "title": "Add a contact"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    actor = actor_of(request)
    account = account_selectors.account_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.ACCOUNT_EDIT, account)
    link = account_selectors.account_contact_get(account=account, pk=contact_pk)
    initial = {"role": link.role, "is_primary": link.is_primary, "notes": link.notes}
    form = ContactEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account_contact_update(actor=actor, account_contact=link, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{link.contact.full_name} updated.")
            return done(request, _account_url(account))
    return render(
        request,
        "accounts/contact_form.html",
        {
            "account": account,
            "tab": "overview",
            "form": form,
            "link": link,
            "title": f"{link.contact.full_name} at {account.name}",
        },
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    actor = actor_of(request)
    account = account_selectors.account_get_for_actor(actor=actor, pk=pk)
    link = account_selectors.account_contact_get(account=account, pk=contact_pk)
    account_contact_remove(actor=actor, account_contact=link)
    messages.success(request, f"{link.contact.full_name} is no longer a contact of {account}.")
    return done(request, _account_url(account))


# --- Reassignment -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    account = account_selectors.account_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.ACCOUNT_REASSIGN, account)
    people = [
        person
        for person in selectors.account_managers_for(actor)
        if person.pk != account.relationship_owner_id
    ]
    form = ReassignForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        new_owner = User.objects.get(pk=form.cleaned_data["new_owner"])
        try:
            account_reassign(
                actor=actor,
                account=account,
                new_owner=new_owner,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{account.name} now belongs to {new_owner.full_name}.")
            return done(request, _account_url(account))
    return render(
        request,
        "accounts/reassign.html",
        {
            "account": account,
            "tab": "overview",
            "form": form,
            "owners": account_selectors.owners_of(account),
        },
    )


# --- Ownership report -------------------------------------------------------------------------


def ownership_filters(params: Any) -> selectors.OwnershipFilters:
    """The period defaults to this quarter; a date or person that does not read is ignored."""
    start, end = selectors.quarter_of(timezone.localdate())
    read = Params(params)
    return selectors.OwnershipFilters(
        start=read.day("start") or start,
        end=read.day("end") or end,
        kind=params.get("kind", ""),
        person_id=read.id("person"),
    )


OWNERSHIP_CSV_HEADER = ["when", "kind", "account", "deal", "from", "to", "changed by", "reason"]


def _csv(actor: User, filters: selectors.OwnershipFilters) -> StreamingHttpResponse:
    events = selectors.ownership_events(actor=actor, filters=filters)
    rows = (
        [
            timezone.localtime(event.at).isoformat(timespec="minutes"),
            event.get_kind_display(),
            event.account.name if event.account else "",
            event.opportunity.name if event.opportunity else "",
            event.previous.full_name if event.previous else "",
            event.new.full_name if event.new else "",
            event.changed_by.full_name if event.changed_by else "System",
            event.reason,
        ]
        for event in events.iterator(chunk_size=500)
    )
    return csv_stream(
        f"ownership-changes-{filters.start}-{filters.end}.csv", OWNERSHIP_CSV_HEADER, rows
    )


@login_required
@require_GET
def ownership_report(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.OWNERSHIP_REPORT)
    filters = ownership_filters(request.GET)
    if request.GET.get("format") == "csv":
        return _csv(actor, filters)
    page = selectors.ownership_page(
        actor=actor, filters=filters, after=request.GET.get("after", "")
    )
    quarter_start, quarter_end = selectors.quarter_of(timezone.localdate())
    return render(
        request,
        "accounts/ownership_report.html",
        {
            "page": page,
            "filters": filters,
            "kinds": OwnershipKind.choices,
            "people": list(policies.users_visible_to(actor).filter(is_active=True)),
            "moves": selectors.moves_per_manager(actor=actor, start=quarter_start, end=quarter_end),
            "quarter_start": quarter_start,
            "quarter_end": quarter_end,
        },
    )
