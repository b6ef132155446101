"""Pages of the deal's commercial side: line items and the quote, terms and approvals,
closing, partners, complaints, and the admin's sales policy and lost reasons.

Each view parses a form, calls one service and renders; a refused form is shown again with
the service's errors next to the fields they name.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.catalog.selectors import products_for_quoting
from twofold.core.actors import actor_of
from twofold.core.web.forms import apply_service_errors, form_flow
from twofold.core.web.responses import done as _done
from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales import quotes
from twofold.sales.choices import ApprovalStatus, ComplaintSeverity, ComplaintStatus, PartnerKind
from twofold.sales.models import (
    Lead,
    LostReason,
    Opportunity,
    Organisation,
    Partner,
    PartnerLink,
    SalesPolicy,
)
from twofold.sales.selectors import commercial as selectors
from twofold.sales.selectors import complaints as complaint_selectors
from twofold.sales.selectors import partners as partner_selectors
from twofold.sales.selectors.deals import opportunity_get_for_actor
from twofold.sales.services import closing, complaints, config, items, partners, terms
from twofold.sales.web import commercial_forms as f

PAGE_SIZE = 50


def _deal_url(deal: Opportunity, anchor: str = "") -> str:
    return reverse("sales:opportunity_detail", args=[deal.pk]) + (f"#{anchor}" if anchor else "")


def _deal(request: HttpRequest, pk: int) -> tuple[User, Opportunity]:
    actor = actor_of(request)
    return actor, opportunity_get_for_actor(actor=actor, pk=pk)


EDIT_DEAL = {"GET": Perm.OPPORTUNITY_EDIT, "POST": Perm.OPPORTUNITY_EDIT}


def _edit_deal(request: HttpRequest, pk: int) -> tuple[User, Opportunity]:
    actor, deal = _deal(request, pk)
    policies.require(actor, Perm.OPPORTUNITY_EDIT, deal)
    return actor, deal


def _lead(actor: User, pk: int) -> Lead:
    try:
        return policies.leads_visible_to(actor).select_related("partner").get(pk=pk)
    except Lead.DoesNotExist as exc:
        raise Http404("No such lead.") from exc


def _form_page(
    request: HttpRequest, template: str, deal: Opportunity, form: Any, **extra: Any
) -> HttpResponse:
    return render(request, template, {"deal": deal, "form": form, **extra})


# --- Line items and the quote ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    return form_flow(
        request,
        perms=EDIT_DEAL,
        target=deal,
        form=lambda data: f.ItemForm(
            data, products=products_for_quoting(actor=actor, currency=deal.currency)
        ),
        call=lambda data: items.line_item_add(
            actor=actor,
            opportunity=deal,
            product=data["product"],
            quantity=data["quantity"],
            unit_price=data["unit_price"],
            discount_percent=data["discount_percent"] or Decimal(0),
        ),
        message=lambda item: f"{item.product.name} was added.",
        next_url=_deal_url(deal, "items"),
        page=lambda form: _form_page(
            request, "sales/quote_item_form.html", deal, form, creating=True
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    # Looked up once the permission is granted, as the form is built.
    item = cache(
        lambda: selectors.line_item_get_for_actor(actor=actor, opportunity=deal, pk=item_pk)
    )
    fields = ["quantity", "unit_price", "discount_percent"]
    return form_flow(
        request,
        perms=EDIT_DEAL,
        target=deal,
        form=lambda data: f.ItemForm(
            data, initial={name: getattr(item(), name) for name in fields}, editing=True
        ),
        call=lambda data: items.line_item_update(
            actor=actor,
            item=item(),
            quantity=data["quantity"],
            unit_price=data["unit_price"],
            discount_percent=data["discount_percent"] or Decimal(0),
        ),
        message=lambda _: f"{item().product.name} was saved.",
        next_url=_deal_url(deal, "items"),
        page=lambda form: _form_page(
            request, "sales/quote_item_form.html", deal, form, item=item()
        ),
    )


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    actor, deal = _edit_deal(request, pk)
    item = selectors.line_item_get_for_actor(actor=actor, opportunity=deal, pk=item_pk)
    try:
        items.line_item_remove(actor=actor, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{item.product.name} was removed.")
    return _done(request, _deal_url(deal, "items"))


@login_required
@require_GET
def quote(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    return render(request, "sales/quote.html", {"quote": quotes.quote_for(actor=actor, deal=deal)})


@login_required
@require_GET
def quote_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    document = quotes.quote_for(actor=actor, deal=deal)
    response = HttpResponse(quotes.render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quote-{deal.pk}.pdf"'
    return response


# --- Terms and approvals --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def terms_propose(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _edit_deal(request, pk)
    form = f.TermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sheet = terms.terms_propose(actor=actor, opportunity=deal, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if sheet.status == "approved":
                messages.success(request, "The terms are within policy and approved.")
            else:
                messages.warning(request, "The terms go beyond policy: a sales lead approves them.")
            return _done(request, _deal_url(deal, "terms"))
    return _form_page(
        request, "sales/approval_terms_form.html", deal, form, policy=SalesPolicy.current()
    )


@login_required
@require_GET
def approval_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.TERMS_APPROVE)
    status = request.GET.get("status", ApprovalStatus.PENDING)
    if status not in ApprovalStatus.values:
        status = ApprovalStatus.PENDING
    page = Paginator(selectors.approval_list(actor=actor, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sales/approval_list.html",
        {"page_obj": page, "status": status, "statuses": ApprovalStatus.choices},
    )


@login_required
@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    approval = selectors.approval_get_for_actor(actor=actor, pk=pk)
    form = f.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject.")
        return _done(request, reverse("sales:approval_list"))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        terms.approval_decide(
            actor=actor, approval=approval, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        deal = approval.term_sheet.opportunity
        messages.success(request, f"Terms for {deal} {'approved' if approve else 'rejected'}.")
    if request.POST.get("next") == "deal":
        return _done(request, _deal_url(approval.term_sheet.opportunity, "terms"))
    return _done(request, reverse("sales:approval_list"))


# --- Closing --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def close_won(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _edit_deal(request, pk)
    sellers = selectors.credit_candidates(actor=actor)
    form = f.CloseWonForm(request.POST or None, sellers=sellers)
    if request.method == "POST" and form.is_valid():
        credits = form.credits()
        if not form.errors:
            try:
                closing.deal_win(
                    actor=actor,
                    opportunity=deal,
                    amount=form.cleaned_data["amount"],
                    closed_on=form.cleaned_data["closed_on"],
                    credits=credits,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"{deal} is won and its sale is recorded.")
                return _done(request, _deal_url(deal))
    rows = [
        (seller, percent)
        for seller, percent in zip(
            request.POST.getlist("credit_seller"),
            request.POST.getlist("credit_percent"),
            strict=False,
        )
        if seller or percent
    ]
    return _form_page(
        request,
        "sales/close_won.html",
        deal,
        form,
        sellers=sellers,
        credit_rows=rows or [(str(deal.owner_id), "100")],
        blocker=closing.terms_blocker(deal, closing.latest_terms(deal)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close_lost(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    return form_flow(
        request,
        perms=EDIT_DEAL,
        target=deal,
        form=f.CloseLostForm,
        call=lambda data: closing.opportunity_close_lost(
            actor=actor, opportunity=deal, reason=data["reason"], competitor=data["competitor"]
        ),
        message=f"{deal} was closed as lost.",
        next_url=_deal_url(deal),
        page=lambda form: _form_page(request, "sales/close_lost.html", deal, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    return form_flow(
        request,
        perms={"GET": Perm.OPPORTUNITY_REOPEN, "POST": Perm.OPPORTUNITY_REOPEN},
        target=deal,
        form=f.ReopenForm,
        call=lambda data: closing.opportunity_reopen(
            actor=actor, opportunity=deal, reason=data["reason"]
        ),
        message=f"{deal} is open again.",
        next_url=_deal_url(deal),
        page=lambda form: _form_page(request, "sales/close_reopen.html", deal, form),
    )


# --- Partners -------------------------------------------------------------------------------


@login_required
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.PARTNER_VIEW)
    kind = request.GET.get("kind", "")
    partners_qs = partner_selectors.partner_list(
        actor=actor,
        search=request.GET.get("q", "").strip()[:100],
        kind=kind if kind in PartnerKind.values else "",
    )
    page = Paginator(partners_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sales/partner_list.html",
        {
            "page_obj": page,
            "kinds": PartnerKind.choices,
            "filters": {"q": request.GET.get("q", ""), "kind": kind},
            "can_manage": policies.can(actor, Perm.PARTNER_MANAGE),
        },
    )


def _partner_page(actor: User, partner: Partner) -> dict[str, Any]:
    return {
        "links": partner_selectors.partner_deal_links(actor=actor, partner=partner),
        "leads": partner_selectors.partner_leads(actor=actor, partner=partner),
        "totals": partner_selectors.partner_totals(actor=actor, partner=partner),
    }


@login_required
@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_selectors.partner_get_for_actor(actor=actor, pk=pk)
    return render(
        request,
        "sales/partner_detail.html",
        {
            "partner": partner,
            **_partner_page(actor, partner),
            "can_manage": policies.can(actor, Perm.PARTNER_MANAGE),
            "contact_form": f.PartnerContactForm(),
        },
    )


PARTNER_MANAGE = {"GET": Perm.PARTNER_MANAGE, "POST": Perm.PARTNER_MANAGE}


def _partner_url(partner: Partner) -> str:
    return reverse("sales:partner_detail", args=[partner.pk])


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return form_flow(
        request,
        perms=PARTNER_MANAGE,
        form=f.PartnerForm,
        call=lambda data: partners.partner_create(
            actor=actor,
            name=data["name"],
            kind=data["kind"],
            website=data["website"],
            notes=data["notes"],
        ),
        message=lambda partner: f"{partner} was added.",
        next_url=_partner_url,
        page=lambda form: render(
            request, "sales/partner_form.html", {"form": form, "creating": True}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_selectors.partner_get_for_actor(actor=actor, pk=pk)
    fields = ["name", "kind", "website", "notes", "is_active"]
    return form_flow(
        request,
        perms=PARTNER_MANAGE,
        form=lambda data: f.PartnerForm(
            data, initial={name: getattr(partner, name) for name in fields}
        ),
        call=lambda data: partners.partner_update(actor=actor, partner=partner, **data),
        message=lambda saved: f"{saved} was saved.",
        next_url=_partner_url(partner),
        page=lambda form: render(
            request, "sales/partner_form.html", {"form": form, "partner": partner}
        ),
    )


@login_required
@require_POST
def partner_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_selectors.partner_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.PARTNER_MANAGE)
    form = f.PartnerContactForm(request.POST)
    if form.is_valid():
        try:
            partners.partner_contact_add(actor=actor, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['full_name']} was added.")
            return _done(request, reverse("sales:partner_detail", args=[partner.pk]))
    return render(
        request,
        "sales/partner_detail.html",
        {
            "partner": partner,
            **_partner_page(actor, partner),
            "can_manage": True,
            "contact_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def partner_link(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    policies.require(actor, Perm.PARTNER_LINK, deal)
    form = f.PartnerLinkForm(request.POST)
    if form.is_valid():
        try:
            partners.partner_link(
                actor=actor,
                partner=form.cleaned_data["partner"],
                opportunity=deal,
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{form.cleaned_data['partner']} is linked to the deal.")
    else:
        messages.error(request, "Choose a partner and its role.")
    return _done(request, _deal_url(deal, "partners"))


@login_required
@require_POST
def partner_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    actor, deal = _deal(request, pk)
    policies.require(actor, Perm.PARTNER_LINK, deal)
    link = (
        PartnerLink.objects.select_related("partner", "opportunity")
        .filter(opportunity=deal, pk=link_pk)
        .first()
    )
    if link is not None:
        partners.partner_unlink(actor=actor, link=link)
        messages.success(request, f"{link.partner} is no longer linked to the deal.")
    return _done(request, _deal_url(deal, "partners"))


@login_required
@require_http_methods(["GET", "POST"])
def lead_partner(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    lead = _lead(actor, pk)
    return form_flow(
        request,
        perms={"GET": Perm.PARTNER_LINK, "POST": Perm.PARTNER_LINK},
        target=lead,
        form=lambda data: f.LeadPartnerForm(data, initial={"partner": lead.partner}),
        call=lambda data: partners.lead_set_partner(
            actor=actor, lead=lead, partner=data["partner"]
        ),
        message="The lead's partner was saved.",
        next_url=reverse("sales:lead_detail", args=[lead.pk]),
        page=lambda form: render(
            request, "sales/partner_lead_form.html", {"lead": lead, "form": form}
        ),
    )


# --- Complaints -----------------------------------------------------------------------------


def _complaint_owners(actor: User) -> Any:
    roles = list(SALES_ROLES | ACCOUNT_ROLES)
    return (
        policies.users_visible_to(actor)
        .filter(is_active=True, role_assignments__role__in=roles)
        .distinct()
        .order_by("full_name")
    )


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.OPPORTUNITY_LIST)
    status = request.GET.get("status", ComplaintStatus.OPEN)
    severity = request.GET.get("severity", "")
    sort = complaint_selectors.COMPLAINT_SORTING.parse(request.GET.get("sort"))
    complaints_qs = complaint_selectors.complaint_list(
        actor=actor,
        status=status if status in ComplaintStatus.values else "",
        severity=severity if severity in ComplaintSeverity.values else "",
        mine=request.GET.get("mine") == "1",
        sort=sort,
    )
    page = Paginator(complaints_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sales/complaint_list.html",
        {
            "page_obj": page,
            "sort": sort,
            "sort_columns": complaint_selectors.COMPLAINT_SORTING.columns,
            "statuses": ComplaintStatus.choices,
            "severities": ComplaintSeverity.choices,
            "filters": {"status": status, "severity": severity, "mine": request.GET.get("mine")},
            "complaint_times": complaint_selectors.resolution_times(actor=actor),
            "complaint_ages": complaint_selectors.open_complaints_by_age(actor=actor),
        },
    )


@login_required
@require_GET
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    complaint = complaint_selectors.complaint_get_for_actor(actor=actor, pk=pk)
    return render(
        request,
        "sales/complaint_detail.html",
        {
            "complaint": complaint,
            "can_resolve": complaint.status == ComplaintStatus.OPEN
            and policies.can(actor, Perm.COMPLAINT_RESOLVE, complaint),
            "form": f.ResolveForm(),
        },
    )


def _log_complaint(
    request: HttpRequest, perm: Perm, *, lead: Lead | None = None, deal: Opportunity | None = None
) -> HttpResponse:
    actor = actor_of(request)
    return form_flow(
        request,
        perms={"GET": perm, "POST": perm},
        target=lead or deal,
        form=lambda data: f.ComplaintForm(data, owners=_complaint_owners(actor)),
        call=lambda data: complaints.complaint_log(
            actor=actor, lead=lead, opportunity=deal, **data
        ),
        message="The complaint was logged.",
        next_url=lambda complaint: reverse("sales:complaint_detail", args=[complaint.pk]),
        page=lambda form: render(
            request, "sales/complaint_form.html", {"form": form, "lead": lead, "deal": deal}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_log(request: HttpRequest, pk: int) -> HttpResponse:
    _, deal = _deal(request, pk)
    return _log_complaint(request, Perm.OPPORTUNITY_EDIT, deal=deal)


@login_required
@require_http_methods(["GET", "POST"])
def lead_complaint_log(request: HttpRequest, pk: int) -> HttpResponse:
    return _log_complaint(request, Perm.LEAD_EDIT, lead=_lead(actor_of(request), pk))


@login_required
@require_POST
def complaint_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    complaint = complaint_selectors.complaint_get_for_actor(actor=actor, pk=pk)
    form = f.ResolveForm(request.POST)
    if form.is_valid():
        try:
            complaints.complaint_resolve(
                actor=actor, complaint=complaint, resolution=form.cleaned_data["resolution"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "The complaint is resolved.")
            return _done(request, reverse("sales:complaint_detail", args=[complaint.pk]))
    return render(
        request,
        "sales/complaint_detail.html",
        {"complaint": complaint, "can_resolve": True, "form": form},
        status=400,
    )


# --- Admin settings -------------------------------------------------------------------------


CONFIGURE = {"GET": Perm.SALES_CONFIGURE, "POST": Perm.SALES_CONFIGURE}


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    # Read (or first written) once the permission is granted, as the form is built.
    policy = cache(SalesPolicy.current)
    fields = ["max_discount_percent", "max_instalments", "max_net_days", "stalled_after_days"]
    return form_flow(
        request,
        perms=CONFIGURE,
        form=lambda data: f.PolicyForm(
            data, initial={name: getattr(policy(), name) for name in fields}
        ),
        call=lambda data: config.sales_policy_update(actor=actor, **data),
        message="The sales policy was saved.",
        next_url=reverse("sales:policy_edit"),
        page=lambda form: render(
            request, "sales/policy_edit.html", {"form": form, "policy": policy()}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    fields = ["name", "address", "tax_number", "tax_label", "tax_rate_percent", "quote_valid_days"]

    def form_of(data: QueryDict | None) -> f.OrganisationForm:
        organisation = Organisation.current()
        return f.OrganisationForm(
            data, initial={name: getattr(organisation, name) for name in fields}
        )

    return form_flow(
        request,
        perms=CONFIGURE,
        form=form_of,
        call=lambda data: config.organisation_update(actor=actor, **data),
        message="The organisation was saved.",
        next_url=reverse("sales:organisation_edit"),
        page=lambda form: render(request, "sales/organisation_edit.html", {"form": form}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lost_reasons(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return form_flow(
        request,
        perms=CONFIGURE,
        form=f.LostReasonForm,
        call=lambda data: config.lost_reason_create(actor=actor, **data),
        message=lambda reason: f"“{reason}” was added.",
        next_url=reverse("sales:lost_reasons"),
        page=lambda form: render(
            request,
            "sales/policy_lost_reasons.html",
            {"form": form, "reasons": LostReason.objects.order_by("-is_active", "order", "name")},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lost_reason_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    # Looked up once the permission is granted, as the form is built.
    reason = cache(lambda: get_object_or_404(LostReason, pk=pk))
    fields = ["name", "order", "is_active"]
    return form_flow(
        request,
        perms=CONFIGURE,
        form=lambda data: f.LostReasonForm(
            data, initial={name: getattr(reason(), name) for name in fields}
        ),
        call=lambda data: config.lost_reason_update(actor=actor, reason=reason(), **data),
        message=lambda saved: f"“{saved}” was saved.",
        next_url=reverse("sales:lost_reasons"),
        page=lambda form: render(
            request, "sales/policy_lost_reason_form.html", {"form": form, "reason": reason()}
        ),
    )
