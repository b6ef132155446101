"""Pages of the partners: the list, a partner's page and form, and linking partners to
deals and leads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.core.actors import actor_of
from twofold.core.web.forms import apply_service_errors, form_flow
from twofold.core.web.responses import done as _done
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import PartnerKind
from twofold.sales.models import Partner, PartnerLink
from twofold.sales.selectors import partners as partner_selectors
from twofold.sales.services import partners
from twofold.sales.web import commercial_forms as f
from twofold.sales.web.commercial import PAGE_SIZE, deal_of, deal_url, lead_of


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
    actor, deal = deal_of(request, pk)
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
    return _done(request, deal_url(deal, "partners"))


@login_required
@require_POST
def partner_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    actor, deal = deal_of(request, pk)
    policies.require(actor, Perm.PARTNER_LINK, deal)
    link = (
        PartnerLink.objects.select_related("partner", "opportunity")
        .filter(opportunity=deal, pk=link_pk)
        .first()
    )
    if link is not None:
        partners.partner_unlink(actor=actor, link=link)
        messages.success(request, f"{link.partner} is no longer linked to the deal.")
    return _done(request, deal_url(deal, "partners"))


@login_required
@require_http_methods(["GET", "POST"])
def lead_partner(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    lead = lead_of(actor, pk)
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
