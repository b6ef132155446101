"""Pages of a deal's line items and its quote (on screen and as a PDF)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold.catalog.selectors import products_for_quoting
from twofold.core.web.forms import form_flow
from twofold.core.web.responses import done as _done
from twofold.sales import quotes
from twofold.sales.selectors import commercial as selectors
from twofold.sales.services import items
from twofold.sales.web import commercial_forms as f
from twofold.sales.web.commercial import EDIT_DEAL, deal_form_page, deal_of, deal_url, edit_deal


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = deal_of(request, pk)
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
        next_url=deal_url(deal, "items"),
        page=lambda form: deal_form_page(
            request, "sales/quote_item_form.html", deal, form, creating=True
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    actor, deal = deal_of(request, pk)
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
        next_url=deal_url(deal, "items"),
        page=lambda form: deal_form_page(
            request, "sales/quote_item_form.html", deal, form, item=item()
        ),
    )


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    actor, deal = edit_deal(request, pk)
    item = selectors.line_item_get_for_actor(actor=actor, opportunity=deal, pk=item_pk)
    try:
        items.line_item_remove(actor=actor, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{item.product.name} was removed.")
    return _done(request, deal_url(deal, "items"))


@login_required
@require_GET
def quote(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = deal_of(request, pk)
    return render(request, "sales/quote.html", {"quote": quotes.quote_for(actor=actor, deal=deal)})


@login_required
@require_GET
def quote_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor, deal = deal_of(request, pk)
    document = quotes.quote_for(actor=actor, deal=deal)
    response = HttpResponse(quotes.render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quote-{deal.pk}.pdf"'
    return response
