"""Catalog pages: the product list with its tier ladders, and the admin's product form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from twofold import policies
from twofold.catalog import selectors, services
from twofold.catalog.web.forms import ProductForm
from twofold.core.actors import actor_of
from twofold.core.web.forms import form_flow
from twofold.policies import Perm


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.CATALOG_VIEW)
    can_manage = policies.can(actor, Perm.CATALOG_MANAGE)
    show = request.GET.get("show", "active") if can_manage else "active"
    products = list(
        selectors.product_list(
            actor=actor,
            search=request.GET.get("q", "").strip()[:100],
            active={"active": True, "retired": False}.get(show),
        )[:1000]
    )
    return render(
        request,
        "catalog/product_list.html",
        {
            "ladders": selectors.product_ladders(products),
            "count": len(products),
            "can_manage": can_manage,
            "filters": {"q": request.GET.get("q", ""), "show": show},
        },
    )


MANAGE = {"GET": Perm.CATALOG_MANAGE, "POST": Perm.CATALOG_MANAGE}


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return form_flow(
        request,
        perms=MANAGE,
        form=ProductForm,
        call=lambda data: services.product_create(actor=actor, **data),
        message=lambda product: f"{product} was added to the catalog.",
        next_url=reverse("sales:product_list"),
        page=lambda form: render(
            request, "catalog/product_form.html", {"form": form, "creating": True}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    product = selectors.product_get_for_actor(actor=actor, pk=pk)
    initial = {name: getattr(product, name) for name in ProductForm.base_fields}
    return form_flow(
        request,
        perms=MANAGE,
        form=lambda data: ProductForm(data, initial=initial),
        call=lambda data: services.product_update(actor=actor, product=product, **data),
        message=f"{product} was saved.",
        next_url=reverse("sales:product_list"),
        page=lambda form: render(
            request, "catalog/product_form.html", {"form": form, "product": product}
        ),
    )
