from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def done(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: htmx follows HX-Redirect, a plain form a 302."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
