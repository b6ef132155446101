"""Password reset in Twofold's own pages, with a limit on how many e-mails one reset sends.

A reset e-mail goes to an address anyone can type, so without a limit the form floods a
mailbox. Each address and each client get ``TWOFOLD_PASSWORD_RESETS_PER_HOUR``; past it the
page answers exactly as it does for an unknown address: nothing tells an outsider which
addresses exist, or that a limit was hit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse, HttpResponseRedirect

from twofold.core.limits import client_address, within_limit

HOUR = 60 * 60


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"

    def get_extra_email_context(self) -> dict[str, Any]:
        # The link uses the configured address, never the request's Host header, which the
        # client sets: a forged Host would mail a link to the attacker's site.
        return {"base_url": settings.TWOFOLD_BASE_URL.rstrip("/")}

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        self.extra_email_context = self.get_extra_email_context()
        limit = settings.TWOFOLD_PASSWORD_RESETS_PER_HOUR
        email = form.cleaned_data["email"].strip().lower()
        by_address = within_limit(f"reset:email:{email}", limit=limit, window=HOUR)
        by_client = within_limit(
            f"reset:client:{client_address(self.request)}", limit=limit, window=HOUR
        )
        if by_address and by_client:
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())
