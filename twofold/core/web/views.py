from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twofold import policies
from twofold.core.home import home_for
from twofold.core.navigation import settings_areas_for


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """ "My work": what each of the actor's roles has to look at today."""
    return render(request, "core/home.html", {"home": home_for(request.user)})  # type: ignore[arg-type]


@login_required
@require_GET
def settings_index(request: HttpRequest) -> HttpResponse:
    """Settings: each area an admin configures, with what it is for."""
    policies.require(request.user, policies.Perm.SETTINGS_VIEW)
    return render(request, "core/settings.html", {"areas": settings_areas_for(request.user)})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_password"] = (
            settings.TWOFOLD_DEMO_PASSWORD if settings.TWOFOLD_SHOW_DEMO_LOGINS else ""
        )
        return context
