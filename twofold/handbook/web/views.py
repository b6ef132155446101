"""The role handbook in the web UI: read by everyone signed in, edited by admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from twofold import policies
from twofold.core.actors import actor_of
from twofold.handbook import selectors, services
from twofold.handbook.job_description import role_profile_markdown
from twofold.handbook.web.forms import RoleProfileForm
from twofold.policies import Perm

if TYPE_CHECKING:
    pass


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every role's page, grouped by the side of the revenue team it belongs to."""
    sections = selectors.handbook_sections(actor=actor_of(request))
    return render(request, "handbook/index.html", {"sections": sections})


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """Sales and account management side by side."""
    comparison = selectors.handbook_comparison(actor=actor_of(request))
    return render(request, "handbook/compare.html", {"comparison": comparison})


@login_required
@require_GET
def role(request: HttpRequest, role: str) -> HttpResponse:
    """One role: what it is for, its responsibilities and skills, where it stops."""
    actor = actor_of(request)
    profile = selectors.role_profile_get_for_actor(actor=actor, role=role)
    can_edit = policies.can(actor, Perm.HANDBOOK_EDIT, profile)
    entries = selectors.role_profile_history(actor=actor, profile=profile) if can_edit else []
    return render(
        request,
        "handbook/role.html",
        {"profile": profile, "can_edit": can_edit, "entries": entries},
    )


@login_required
@require_GET
def export(request: HttpRequest, role: str) -> HttpResponse:
    """The role as a job description in Markdown, downloaded as a file."""
    profile = selectors.role_profile_get_for_actor(actor=actor_of(request), role=role)
    response = HttpResponse(
        role_profile_markdown(profile), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{profile.role}-job-description.md"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, role: str) -> HttpResponse:
    """An admin rewrites a role's page; the change is recorded with their name."""
    actor = actor_of(request)
    policies.require(actor, Perm.HANDBOOK_EDIT)
    profile = selectors.role_profile_get_for_actor(actor=actor, role=role)
    if request.method == "POST":
        form = RoleProfileForm(request.POST)
        if form.is_valid():
            try:
                services.role_profile_update(actor=actor, profile=profile, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Saved the page for {profile.title}.")
                return redirect("handbook:role", role=profile.role)
    else:
        form = RoleProfileForm(initial=RoleProfileForm.initial_for(profile))
    return render(request, "handbook/edit.html", {"profile": profile, "form": form})
