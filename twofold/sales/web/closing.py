"""Pages that close a deal as won or lost, and reopen it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from twofold.core.web.forms import apply_service_errors, form_flow
from twofold.core.web.responses import done as _done
from twofold.policies import Perm
from twofold.sales.selectors import commercial as selectors
from twofold.sales.services import closing
from twofold.sales.web import commercial_forms as f
from twofold.sales.web.commercial import EDIT_DEAL, deal_form_page, deal_of, deal_url, edit_deal


@login_required
@require_http_methods(["GET", "POST"])
def close_won(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = edit_deal(request, pk)
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
                return _done(request, deal_url(deal))
    rows = [
        (seller, percent)
        for seller, percent in zip(
            request.POST.getlist("credit_seller"),
            request.POST.getlist("credit_percent"),
            strict=False,
        )
        if seller or percent
    ]
    return deal_form_page(
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
    actor, deal = deal_of(request, pk)
    return form_flow(
        request,
        perms=EDIT_DEAL,
        target=deal,
        form=f.CloseLostForm,
        call=lambda data: closing.opportunity_close_lost(
            actor=actor, opportunity=deal, reason=data["reason"], competitor=data["competitor"]
        ),
        message=f"{deal} was closed as lost.",
        next_url=deal_url(deal),
        page=lambda form: deal_form_page(request, "sales/close_lost.html", deal, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = deal_of(request, pk)
    return form_flow(
        request,
        perms={"GET": Perm.OPPORTUNITY_REOPEN, "POST": Perm.OPPORTUNITY_REOPEN},
        target=deal,
        form=f.ReopenForm,
        call=lambda data: closing.opportunity_reopen(
            actor=actor, opportunity=deal, reason=data["reason"]
        ),
        message=f"{deal} is open again.",
        next_url=deal_url(deal),
        page=lambda form: deal_form_page(request, "sales/close_reopen.html", deal, form),
    )
