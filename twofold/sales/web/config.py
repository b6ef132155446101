"""The admin's sales settings: the sales policy, the organisation on quotes, lost reasons."""

from __future__ import annotations

from functools import cache

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from twofold.core.actors import actor_of
from twofold.core.web.forms import form_flow
from twofold.policies import Perm
from twofold.sales.models import LostReason, Organisation, SalesPolicy
from twofold.sales.services import config
from twofold.sales.web import commercial_forms as f

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
