"""Pages of a deal's proposed terms and of the approvals they wait for."""

from __future__ import annotations

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
from twofold.core.web.forms import apply_service_errors
from twofold.core.web.responses import done as _done
from twofold.policies import Perm
from twofold.sales.choices import ApprovalStatus
from twofold.sales.models import SalesPolicy
from twofold.sales.selectors import commercial as selectors
from twofold.sales.services import terms
from twofold.sales.web import commercial_forms as f
from twofold.sales.web.commercial import PAGE_SIZE, deal_form_page, deal_url, edit_deal


@login_required
@require_http_methods(["GET", "POST"])
def terms_propose(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = edit_deal(request, pk)
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
            return _done(request, deal_url(deal, "terms"))
    return deal_form_page(
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
        return _done(request, deal_url(approval.term_sheet.opportunity, "terms"))
    return _done(request, reverse("sales:approval_list"))
