"""The global search page and its top-bar dropdown (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twofold.core.actors import actor_of
from twofold.search import selectors

DROPDOWN_SHOWN = 5
PAGE_SHOWN = 20


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """``/search/?q=``: the full page; an htmx request gets the dropdown's partial."""
    actor = actor_of(request)
    dropdown = bool(request.htmx) and request.GET.get("dropdown") == "1"  # type: ignore[attr-defined]
    results = selectors.search_everything(
        actor=actor,
        term=request.GET.get("q", ""),
        shown=DROPDOWN_SHOWN if dropdown else PAGE_SHOWN,
    )
    context = {"results": results, "dropdown": dropdown}
    if dropdown:
        return render(request, "search/partials/results.html", context)
    return render(request, "search/search.html", context)
