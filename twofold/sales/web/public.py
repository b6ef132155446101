"""The public web-to-lead form: the one page of Twofold a stranger may use without signing in.

A company embeds it on its website (an iframe, or its own HTML form posting here). It must
never answer with a server error, whatever it is sent: unknown or inactive keys are 404,
bad input re-renders the form with errors next to the fields, a flood is 429.

CSRF: the form is posted from other sites, which cannot hold our CSRF token, and a visitor
has no session here to ride on (nothing is reachable with their cookies), so this view alone is
CSRF-exempt. Abuse is held off instead by a honeypot field (filled in: we pretend success and
store nothing) and a rate limit per client address and form (``core.limits``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from twofold.core.limits import client_address, within_limit
from twofold.core.web.forms import apply_service_errors
from twofold.sales.models import WebForm
from twofold.sales.selectors.leads import webform_get_public
from twofold.sales.services.leads import lead_capture_from_web_form
from twofold.sales.web.leads_forms import PublicLeadForm

HONEYPOT = "website"
RATE_LIMIT = 10  # submissions per address, per form, per window
RATE_WINDOW = 10 * 60  # seconds


def _over_limit(web_form: WebForm, address: str) -> bool:
    """Count this submission; True once the address sent more than the limit in the window."""
    limit = getattr(settings, "TWOFOLD_WEB_FORM_RATE_LIMIT", RATE_LIMIT)
    return not within_limit(f"webform:{web_form.pk}:{address}", limit=limit, window=RATE_WINDOW)


@csrf_exempt  # embedded on other sites: see the module docstring
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, key: str) -> HttpResponse:
    web_form = webform_get_public(key=key)
    form = PublicLeadForm(request.POST if request.method == "POST" else None, web_form=web_form)
    if request.method == "POST":
        if _over_limit(web_form, client_address(request)):
            return render(
                request, "sales/public/rate_limited.html", {"web_form": web_form}, status=429
            )
        if request.POST.get(HONEYPOT, ""):
            return redirect(reverse("public_form_thanks", args=[web_form.key]))
        if form.is_valid():
            data = form.cleaned_data
            try:
                lead_capture_from_web_form(
                    form=web_form,
                    full_name=data["full_name"],
                    email=data["email"],
                    company_name=data["company_name"],
                    phone=data["phone"],
                    message=data["message"],
                    industry=data.get("industry", ""),
                    region=data.get("region", ""),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(reverse("public_form_thanks", args=[web_form.key]))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "sales/public/form.html", {"web_form": web_form, "form": form}, status=status
    )


@xframe_options_exempt
@require_GET
def public_form_thanks(request: HttpRequest, key: str) -> HttpResponse:
    web_form = webform_get_public(key=key)
    return render(request, "sales/public/thanks.html", {"web_form": web_form})
