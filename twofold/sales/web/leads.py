"""Lead pages, routing rules and web-form admin: parse the form, call one service, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.activities.services import activity_log
from twofold.core.actors import actor_of
from twofold.core.web.forms import apply_service_errors, form_flow
from twofold.core.web.responses import done as _done
from twofold.people.models import User
from twofold.policies import Perm
from twofold.policies.sales import routing_teams_of
from twofold.sales.choices import LeadEventType, LeadSource, LeadStatus, OpportunityKind
from twofold.sales.models import Lead, LeadEvent, Partner
from twofold.sales.selectors import complaints as complaint_selectors
from twofold.sales.selectors import leads as selectors
from twofold.sales.services import leads as services
from twofold.sales.services import routing
from twofold.sales.web.commercial_forms import LeadPartnerForm
from twofold.sales.web.leads_forms import (
    ActivityForm,
    AssignmentRuleForm,
    DisqualifyForm,
    LeadEditForm,
    LeadForm,
    QualifyForm,
    ReassignForm,
    WebFormForm,
)

LEAD_FIELDS = [
    "full_name",
    "email",
    "phone",
    "job_title",
    "company_name",
    "company_domain",
    "industry",
    "region",
    "source",
    "partner",
    "budget_amount",
    "budget_currency",
    "authority",
    "need",
    "timeline",
    "notes",
]


def _partners(actor: User) -> Any:
    """The partners the actor may put on a lead; ``None`` hides the field (PARTNER_LINK)."""
    if not policies.can(actor, Perm.PARTNER_LINK):
        return None
    return Partner.objects.filter(is_active=True).order_by("name")


def deal_url(opportunity_id: int | None) -> str | None:
    """The deal page, once the deals area provides it."""
    if opportunity_id is None:
        return None
    for name in ("sales:deal_detail", "sales:opportunity_detail"):
        try:
            return reverse(name, args=[opportunity_id])
        except NoReverseMatch:
            continue
    return None


# --- List -----------------------------------------------------------------------------------


@login_required
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    params = request.GET
    filters = selectors.LeadFilters(
        status=params.get("status", "")[:20],
        source=params.get("source", "")[:20],
        owner=params.get("owner", "")[:12],
        region=params.get("region", "")[:80],
        industry=params.get("industry", "")[:80],
        q=params.get("q", "")[: selectors.SEARCH_MAX],
        sort=params.get("sort", ""),
    )
    page = selectors.lead_list(
        actor=actor,
        filters=filters,
        after=params.get("after", "")[:500],
        before=params.get("before", "")[:500],
    )
    context = {
        "page": page,
        "filters": page.filters,
        "statuses": LeadStatus.choices,
        "sources": LeadSource.choices,
        "sort_columns": selectors.LEAD_SORTING.columns,
        "owners": selectors.lead_owner_choices(actor=actor),
        "can_create": policies.can(actor, Perm.LEAD_CREATE),
    }
    template = "sales/partials/lead_rows.html" if request.htmx else "sales/lead_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


# --- Create and duplicates ------------------------------------------------------------------


def _lead_added(created: Any) -> str:
    note = ""
    if created.duplicates:
        count = len(created.duplicates)
        note = f" It looks like {count} lead{'s' if count > 1 else ''} you know: see below."
    return f"{created.lead} was added.{note}"


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)

    def page(form: LeadForm) -> HttpResponse:
        duplicates = []
        if request.method == "POST":
            duplicates = selectors.duplicates_for_input(
                actor=actor,
                email=request.POST.get("email", ""),
                company_domain=request.POST.get("company_domain", ""),
                company_name=request.POST.get("company_name", ""),
            )
        context = {"form": form, "duplicates": duplicates}
        return render(request, "sales/lead_form.html", context)

    return form_flow(
        request,
        perms={"GET": Perm.LEAD_CREATE, "POST": Perm.LEAD_CREATE},
        form=lambda data: LeadForm(data, partners=_partners(actor)),
        call=lambda data: services.lead_create(
            actor=actor, **{f: data[f] for f in LEAD_FIELDS if f in data}
        ),
        message=_lead_added,
        next_url=lambda created: reverse("sales:lead_detail", args=[created.lead.pk]),
        page=page,
    )


@login_required
@require_GET
def lead_duplicates(request: HttpRequest) -> HttpResponse:
    """The duplicate warning under the new-lead form, refreshed as the user types (htmx)."""
    actor = actor_of(request)
    duplicates = selectors.duplicates_for_input(
        actor=actor,
        email=request.GET.get("email", ""),
        company_domain=request.GET.get("company_domain", ""),
        company_name=request.GET.get("company_name", ""),
    )
    return render(request, "sales/partials/lead_duplicates.html", {"duplicates": duplicates})


# --- One lead -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    entry: selectors.TimelineEntry
    text: str
    detail: str


def _describe(event: LeadEvent, names: dict[int, str]) -> tuple[str, str]:
    """One line for an event, and its why."""
    data = event.data

    def name(key: str) -> str:
        value = data.get(key)
        return names.get(value, "someone") if isinstance(value, int) else "nobody"

    kind = event.type
    if kind == LeadEventType.CREATED:
        return f"Captured ({LeadSource(data.get('source', 'other')).label.lower()})", ""
    if kind == LeadEventType.ASSIGNED:
        if data.get("to") is None:
            return "Left unassigned", str(data.get("reason", ""))
        return f"Assigned to {name('to')}", str(data.get("reason", ""))
    if kind in (LeadEventType.STATUS_CHANGED, LeadEventType.REOPENED):
        before = LeadStatus(data.get("from", "new")).label
        after = LeadStatus(data.get("to", "new")).label
        return f"{event.get_type_display()}: {before} → {after}", ""
    if kind == LeadEventType.DISQUALIFIED:
        return "Disqualified", str(data.get("reason", ""))
    if kind == LeadEventType.QUALIFIED:
        how = {"rule": "by rule", "chosen": "chosen", "agent": "the agent's own"}.get(
            data.get("how", ""), ""
        )
        return f"Qualified for {name('bdm')}", how
    if kind == LeadEventType.CONVERTED:
        return f"Handed to {name('bdm')} as a new-business deal", str(data.get("note", ""))
    if kind == LeadEventType.COMPLAINT_LOGGED:
        return f"Complaint logged: {data.get('summary', '')}", f"owner {name('owner')}"
    if kind == LeadEventType.COMPLAINT_RESOLVED:
        return f"Complaint resolved: {data.get('summary', '')}", ""
    return event.get_type_display(), ""


def _timeline_rows(lead: Lead) -> list[TimelineRow]:
    """The lead's merged timeline, described (3 queries: events, activities, names)."""
    timeline = selectors.lead_timeline(lead=lead)
    ids: set[int] = set()
    for entry in timeline:
        if entry.event is not None:
            data = entry.event.data
            ids |= {v for k in ("from", "to", "bdm", "owner") if isinstance(v := data.get(k), int)}
    names = selectors.names_of_users(ids)
    rows = []
    for entry in timeline:
        text, detail = _describe(entry.event, names) if entry.event is not None else ("", "")
        rows.append(TimelineRow(entry=entry, text=text, detail=detail))
    return rows


def _detail_context(actor: User, lead: Lead) -> dict[str, Any]:
    can_edit = policies.can(actor, Perm.LEAD_EDIT, lead)
    can_reassign = policies.can(actor, Perm.LEAD_REASSIGN, lead)
    qualifies = can_edit and lead.is_open
    # PARTNER_LINK on the lead: the role's part and the edit right computed above.
    can_link_partner = can_edit and policies.can(actor, Perm.PARTNER_LINK)
    return {
        "lead": lead,
        # A customer's lead is offered to its account manager, not a BDM (invariant 1).
        "customer": services.lead_existing_customer(lead) if qualifies else None,
        "timeline": _timeline_rows(lead),
        "complaints": complaint_selectors.complaints_of_lead(lead=lead),
        "duplicates": selectors.lead_duplicates(actor=actor, lead=lead),
        "can_edit": can_edit,
        "can_reassign": can_reassign,
        "deal_url": deal_url(lead.opportunity_id),
        "activity_form": ActivityForm() if can_edit else None,
        "qualify_form": QualifyForm(bdms=selectors.bdm_choices(actor=actor)) if qualifies else None,
        "disqualify_form": DisqualifyForm() if can_edit and lead.is_open else None,
        "partner_form": LeadPartnerForm(initial={"partner": lead.partner_id})
        if can_link_partner
        else None,
        "reassign_form": ReassignForm(owners=selectors.lead_owner_choices(actor=actor))
        if can_reassign
        else None,
    }


@login_required
@require_GET
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get_for_actor(actor=actor, pk=pk)
    return render(request, "sales/lead_detail.html", _detail_context(actor, lead))


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get_for_actor(actor=actor, pk=pk)

    def form_of(data: Any) -> LeadEditForm:
        initial = {name: getattr(lead, name) for name in LEAD_FIELDS}
        initial["status"] = lead.status
        converted = lead.status == LeadStatus.CONVERTED
        form = LeadEditForm(data, initial=initial, partners=_partners(actor), converted=converted)
        if lead.status not in services.MANUAL_STATUSES and "status" in form.fields:
            # Disqualified: reopening is a choice among the open statuses.
            form.fields["status"].choices = [  # type: ignore[attr-defined]
                (lead.status, lead.get_status_display()),
                *form.fields["status"].choices,  # type: ignore[attr-defined]
            ]
        return form

    return form_flow(
        request,
        perms={"GET": Perm.LEAD_EDIT, "POST": Perm.LEAD_EDIT},
        target=lead,
        form=form_of,
        # The form's fields are the lead's own (LEAD_FIELDS, and the status where it shows).
        call=lambda data: services.lead_update(actor=actor, lead=lead, **data),
        message=f"{lead} was saved.",
        next_url=reverse("sales:lead_detail", args=[lead.pk]),
        page=lambda form: render(request, "sales/lead_edit.html", {"form": form, "lead": lead}),
    )


def _action_failed(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def lead_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.LEAD_EDIT, lead)
    form = QualifyForm(request.POST, bdms=selectors.bdm_choices(actor=actor))
    if not form.is_valid():
        messages.error(request, "Choose a business development manager from the list.")
        return _done(request, reverse("sales:lead_detail", args=[lead.pk]))
    try:
        opportunity = services.lead_qualify(
            actor=actor,
            lead=lead,
            bdm=form.cleaned_data["bdm"],
            note=form.cleaned_data["note"],
            kind=form.cleaned_data["kind"] or OpportunityKind.NEW_BUSINESS,
        )
    except ValidationError as exc:
        _action_failed(request, exc)
    else:
        messages.success(request, f"Handed to {opportunity.owner}: “{opportunity.name}” is open.")
    return _done(request, reverse("sales:lead_detail", args=[lead.pk]))


@login_required
@require_POST
def lead_disqualify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.LEAD_EDIT, lead)
    form = DisqualifyForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.lead_disqualify(actor=actor, lead=lead, reason=reason)
    except ValidationError as exc:
        _action_failed(request, exc)
    else:
        messages.success(request, f"{lead} was disqualified.")
    return _done(request, reverse("sales:lead_detail", args=[lead.pk]))


@login_required
@require_POST
def lead_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.LEAD_REASSIGN, lead)
    form = ReassignForm(request.POST, owners=selectors.lead_owner_choices(actor=actor))
    if not form.is_valid():
        messages.error(request, "Choose who gets the lead.")
        return _done(request, reverse("sales:lead_detail", args=[lead.pk]))
    try:
        event = routing.lead_reassign(
            actor=actor,
            lead=lead,
            owner=form.cleaned_data["owner"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _action_failed(request, exc)
    else:
        if event is None:
            messages.info(request, f"{lead} already belongs to {form.cleaned_data['owner']}.")
        else:
            messages.success(request, f"{lead} now belongs to {form.cleaned_data['owner']}.")
    return _done(request, reverse("sales:lead_detail", args=[lead.pk]))


@login_required
@require_POST
def lead_log_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a call, meeting, e-mail, note or task; htmx gets the refreshed timeline back."""
    actor = actor_of(request)
    lead = selectors.lead_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.LEAD_EDIT, lead)
    form = ActivityForm(request.POST)
    logged = False
    if form.is_valid():
        data = form.cleaned_data
        subject = data["subject"] or data["body"][:80]
        try:
            activity_log(
                actor=actor,
                kind=data["kind"],
                subject=subject,
                body=data["body"],
                lead=lead,
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, "Logged.")
                return redirect(reverse("sales:lead_detail", args=[lead.pk]))
            logged = True
            form = ActivityForm(initial={"kind": data["kind"]})
    if not request.htmx:  # type: ignore[attr-defined]
        context = _detail_context(actor, lead)
        context["activity_form"] = form
        return render(request, "sales/lead_detail.html", context)
    # htmx swaps only 2xx answers, so a form with errors comes back as 200 too.
    response = render(
        request,
        "sales/partials/lead_timeline.html",
        {"lead": lead, "timeline": _timeline_rows(lead), "activity_form": form},
    )
    if logged:
        response["HX-Trigger"] = "activity-logged"
    return response


# --- Routing rules (admins: every team; a sales lead: the teams they lead) -------------------


def _routing_teams(actor: User) -> Any:
    return routing_teams_of(actor).order_by("name")


@dataclass(frozen=True)
class RuleRow:
    """One line of the rule list, formatted once here rather than per cell in the template."""

    rule: Any
    matches: str
    is_first: bool
    is_last: bool


def _rule_matches(rule: Any) -> str:
    """The rule's criteria joined by a middle dot ("" when it matches every lead)."""
    parts = []
    if rule.source:
        parts.append(f"source {rule.get_source_display().lower()}")
    if rule.industry:
        parts.append(f"industry {rule.industry}")
    if rule.region:
        parts.append(f"region {rule.region}")
    return " · ".join(parts)


ROUTING = {"GET": Perm.ROUTING_RULE_MANAGE, "POST": Perm.ROUTING_RULE_MANAGE}
CONFIGURE = {"GET": Perm.SALES_CONFIGURE, "POST": Perm.SALES_CONFIGURE}


@login_required
@require_http_methods(["GET", "POST"])
def rule_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rules = list(selectors.assignment_rule_list(actor=actor))
    rows = [
        RuleRow(rule, _rule_matches(rule), is_first=i == 0, is_last=i == len(rules) - 1)
        for i, rule in enumerate(rules)
    ]
    return form_flow(
        request,
        perms=ROUTING,
        form=lambda data: AssignmentRuleForm(data, teams=_routing_teams(actor)),
        call=lambda data: routing.assignment_rule_create(actor=actor, **data),
        message=lambda rule: f"The rule “{rule}” was added.",
        next_url=reverse("sales:rule_list"),
        page=lambda form: render(
            request,
            "sales/rules_list.html",
            {
                "rows": rows,
                "form": form,
                "configures_forms": policies.can(actor, Perm.SALES_CONFIGURE),
            },
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    rule = selectors.assignment_rule_get_for_actor(actor=actor, pk=pk)
    initial = {
        "name": rule.name,
        "priority": rule.priority,
        "team": rule.team,
        "source": rule.source,
        "industry": rule.industry,
        "region": rule.region,
        "is_active": rule.is_active,
    }
    return form_flow(
        request,
        perms=ROUTING,
        form=lambda data: AssignmentRuleForm(data, initial=initial, teams=_routing_teams(actor)),
        call=lambda data: routing.assignment_rule_update(actor=actor, rule=rule, **data),
        message=f"The rule “{rule}” was saved.",
        next_url=reverse("sales:rule_list"),
        page=lambda form: render(request, "sales/rules_edit.html", {"rule": rule, "form": form}),
    )


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    rule = selectors.assignment_rule_get_for_actor(actor=actor, pk=pk)
    name = rule.name
    routing.assignment_rule_delete(actor=actor, rule=rule)
    messages.success(request, f"The rule “{name}” was deleted.")
    return _done(request, reverse("sales:rule_list"))


@login_required
@require_POST
def rule_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    rule = selectors.assignment_rule_get_for_actor(actor=actor, pk=pk)
    try:
        routing.assignment_rule_move(
            actor=actor, rule=rule, direction=request.POST.get("direction", "")[:8]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _done(request, reverse("sales:rule_list"))


# --- Web forms (admins) ---------------------------------------------------------------------


def _webform_form(data: Any, **kwargs: Any) -> WebFormForm:
    form = WebFormForm(data, **kwargs)
    del form.fields["new_key"]
    return form


@login_required
@require_http_methods(["GET", "POST"])
def webform_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    forms_ = selectors.webform_list(actor=actor)
    return form_flow(
        request,
        perms=CONFIGURE,
        form=_webform_form,
        call=lambda data: services.webform_create(
            actor=actor,
            name=data["name"],
            thank_you_message=data["thank_you_message"],
            source=data["source"],
            is_active=data["is_active"],
            asks_industry=data["asks_industry"],
            asks_region=data["asks_region"],
            industry=data["industry"],
            region=data["region"],
        ),
        message=lambda created: f"The form “{created}” is ready to embed.",
        next_url=reverse("sales:webform_list"),
        page=lambda form: render(
            request,
            "sales/webform_list.html",
            {"forms": forms_, "form": form, "base_url": request.build_absolute_uri("/")[:-1]},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def webform_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    web_form = selectors.webform_get_for_actor(actor=actor, pk=pk)
    initial = {
        "name": web_form.name,
        "thank_you_message": web_form.thank_you_message,
        "source": web_form.source,
        "is_active": web_form.is_active,
        "asks_industry": web_form.asks_industry,
        "asks_region": web_form.asks_region,
        "industry": web_form.industry,
        "region": web_form.region,
    }
    return form_flow(
        request,
        perms=CONFIGURE,
        form=lambda data: WebFormForm(data, initial=initial),
        call=lambda data: services.webform_update(actor=actor, form=web_form, **data),
        message=f"The form “{web_form}” was saved.",
        next_url=reverse("sales:webform_list"),
        page=lambda form: render(
            request, "sales/webform_edit.html", {"web_form": web_form, "form": form}
        ),
    )
