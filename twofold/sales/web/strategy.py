"""The strategy's versions: whoever sees the deal reads every saved version and what each
changed against the one before."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twofold.core.actors import actor_of
from twofold.sales.selectors import deals as deal_selectors
from twofold.sales.selectors import strategy as selectors


@login_required
@require_GET
def strategy_versions(request: HttpRequest, pk: int) -> HttpResponse:
    deal = deal_selectors.opportunity_get_for_actor(actor=actor_of(request), pk=pk)
    versions = selectors.strategy_versions(opportunity=deal)
    return render(
        request,
        "sales/strategy_versions.html",
        {"deal": deal, "versions": list(reversed(versions))},
    )


@login_required
@require_GET
def strategy_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    deal = deal_selectors.opportunity_get_for_actor(actor=actor_of(request), pk=pk)
    versions = selectors.strategy_versions(opportunity=deal)
    version, previous = selectors.strategy_version(versions, number)
    return render(
        request,
        "sales/strategy_version.html",
        {
            "deal": deal,
            "version": version,
            "previous": previous,
            "changed": [d for d in selectors.strategy_diff(version, previous) if d.changed],
            "newer": number + 1 if number < len(versions) else None,
        },
    )
