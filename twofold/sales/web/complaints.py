"""Pages of complaints: the list, a complaint's page, logging one on a deal or a lead and
resolving it."""

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
from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import ComplaintSeverity, ComplaintStatus
from twofold.sales.models import Lead, Opportunity
from twofold.sales.selectors import complaints as complaint_selectors
from twofold.sales.services import complaints
from twofold.sales.web import commercial_forms as f
from twofold.sales.web.commercial import PAGE_SIZE, deal_of, lead_of


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
    _, deal = deal_of(request, pk)
    return _log_complaint(request, Perm.OPPORTUNITY_EDIT, deal=deal)


@login_required
@require_http_methods(["GET", "POST"])
def lead_complaint_log(request: HttpRequest, pk: int) -> HttpResponse:
    return _log_complaint(request, Perm.LEAD_EDIT, lead=lead_of(actor_of(request), pk))


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
