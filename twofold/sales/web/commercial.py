"""What the pages of the deal's commercial side share: finding the deal or lead in the
actor's scope, the deal's address and its form pages.

The pages live by feature beside this module (items, terms, closing, partners, complaints,
config). Each parses a form, calls one service and renders; a refused form is shown again
with the service's errors next to the fields they name.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from twofold import policies
from twofold.core.actors import actor_of
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.models import Lead, Opportunity
from twofold.sales.selectors.deals import opportunity_get_for_actor

PAGE_SIZE = 50


def deal_url(deal: Opportunity, anchor: str = "") -> str:
    return reverse("sales:opportunity_detail", args=[deal.pk]) + (f"#{anchor}" if anchor else "")


def deal_of(request: HttpRequest, pk: int) -> tuple[User, Opportunity]:
    actor = actor_of(request)
    return actor, opportunity_get_for_actor(actor=actor, pk=pk)


EDIT_DEAL = {"GET": Perm.OPPORTUNITY_EDIT, "POST": Perm.OPPORTUNITY_EDIT}


def edit_deal(request: HttpRequest, pk: int) -> tuple[User, Opportunity]:
    actor, deal = deal_of(request, pk)
    policies.require(actor, Perm.OPPORTUNITY_EDIT, deal)
    return actor, deal


def lead_of(actor: User, pk: int) -> Lead:
    try:
        return policies.leads_visible_to(actor).select_related("partner").get(pk=pk)
    except Lead.DoesNotExist as exc:
        raise Http404("No such lead.") from exc


def deal_form_page(
    request: HttpRequest, template: str, deal: Opportunity, form: Any, **extra: Any
) -> HttpResponse:
    return render(request, template, {"deal": deal, "form": form, **extra})
