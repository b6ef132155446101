"""Web pages for people, teams and API tokens: parse the form, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.core.actors import actor_of
from twofold.core.params import whole_number
from twofold.core.web.forms import apply_service_errors, form_flow
from twofold.core.web.responses import done as _done
from twofold.people import access, selectors, services
from twofold.people.choices import Role, TeamKind
from twofold.people.models import Team, User
from twofold.people.web.forms import (
    DeactivateForm,
    TeamForm,
    TokenForm,
    UserCreateForm,
    UserForm,
)
from twofold.policies import Perm

PAGE_SIZE = 50
STATUS_FILTERS = {"active": True, "inactive": False, "all": None}


# --- Users ----------------------------------------------------------------------------------


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.USER_LIST)
    can_manage = policies.can(actor, Perm.USER_MANAGE)
    status = request.GET.get("status", "active") if can_manage else "active"
    team = request.GET.get("team", "")
    users = selectors.user_list(
        actor=actor,
        search=request.GET.get("q", "").strip(),
        role=request.GET.get("role", "") if request.GET.get("role") in Role.values else "",
        team_id=whole_number(team),
        active=STATUS_FILTERS.get(status, True),
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "roles": Role.choices,
        "teams": selectors.team_list(actor=actor),
        "can_manage": can_manage,
        "filters": {
            "q": request.GET.get("q", ""),
            "role": request.GET.get("role", ""),
            "team": team,
            "status": status,
        },
    }
    template = "people/partials/user_rows.html" if request.htmx else "people/user_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    user = selectors.user_get_for_actor(actor=actor, pk=pk)
    show_history = policies.can(actor, Perm.USER_HISTORY, user)
    return render(
        request,
        "people/user_detail.html",
        {
            "person": user,
            "can_manage": policies.can(actor, Perm.USER_MANAGE, user),
            "entries": selectors.user_history(actor=actor, user=user) if show_history else None,
            "deactivate_form": DeactivateForm(),
        },
    )


MANAGE_USERS = {"GET": Perm.USER_MANAGE, "POST": Perm.USER_MANAGE}
MANAGE_TEAMS = {"GET": Perm.TEAM_MANAGE, "POST": Perm.TEAM_MANAGE}


def _user_url(user: User) -> str:
    return reverse("people:user_detail", args=[user.pk])


def _team_url(team: Team) -> str:
    return reverse("people:team_detail", args=[team.pk])


def _user_initial(user: User) -> dict[str, Any]:
    return {
        "full_name": user.full_name,
        "email": user.email,
        "job_title": user.job_title,
        "phone": user.phone,
        "roles": sorted(user.roles),
        "teams": [m.team for m in user.memberships.all()],
    }


def _team_initial(team: Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "kind": team.kind,
        "department": team.department,
        "lead": team.lead,
        "description": team.description,
        "is_active": team.is_active,
        "members": [m.user for m in team.memberships.all()],
    }


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)

    def create(data: dict[str, Any]) -> tuple[User, str]:
        user = services.user_create(
            actor=actor,
            email=data["email"],
            full_name=data["full_name"],
            job_title=data["job_title"],
            phone=data["phone"],
            roles=data["roles"],
            teams=data["teams"],
            invite=data["invite"],
        )
        return user, " An invitation is on its way." if data["invite"] else ""

    return form_flow(
        request,
        perms=MANAGE_USERS,
        form=lambda data: UserCreateForm(data, teams=selectors.team_list(actor=actor)),
        call=create,
        message=lambda added: f"{added[0]} was added.{added[1]}",
        next_url=lambda added: _user_url(added[0]),
        page=lambda form: render(
            request, "people/user_form.html", {"form": form, "creating": True}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    user = selectors.user_get_for_actor(actor=actor, pk=pk)
    return form_flow(
        request,
        perms=MANAGE_USERS,
        target=user,
        form=lambda data: UserForm(
            data, initial=_user_initial(user), teams=selectors.team_list(actor=actor)
        ),
        call=lambda data: services.user_change(
            actor=actor,
            user=user,
            full_name=data["full_name"],
            email=data["email"],
            job_title=data["job_title"],
            phone=data["phone"],
            roles=data["roles"],
            teams=data["teams"],
        ),
        message=f"{user} was saved.",
        next_url=_user_url(user),
        page=lambda form: render(request, "people/user_form.html", {"form": form, "person": user}),
    )


@login_required
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    user = selectors.user_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.USER_MANAGE, user)
    form = DeactivateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.user_deactivate(actor=actor, user=user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{user} was deactivated. Their records keep their name.")
    return _done(request, reverse("people:user_detail", args=[user.pk]))


@login_required
@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    user = selectors.user_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.USER_MANAGE, user)
    services.user_reactivate(actor=actor, user=user)
    messages.success(request, f"{user} can sign in again.")
    return _done(request, reverse("people:user_detail", args=[user.pk]))


@login_required
@require_POST
def user_invite(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    user = selectors.user_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.USER_MANAGE, user)
    try:
        services.user_invite(actor=actor, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"An invitation was sent to {user.email}.")
    return _done(request, reverse("people:user_detail", args=[user.pk]))


# --- Teams ----------------------------------------------------------------------------------


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.TEAM_LIST)
    can_manage = policies.can(actor, Perm.TEAM_MANAGE)
    show_archived = can_manage and request.GET.get("archived") == "1"
    teams = selectors.team_list(actor=actor, include_archived=show_archived)
    groups = [
        (label, [team for team in teams if team.kind == value]) for value, label in TeamKind.choices
    ]
    return render(
        request,
        "people/team_list.html",
        {"groups": groups, "can_manage": can_manage, "show_archived": show_archived},
    )


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    team = selectors.team_get_for_actor(actor=actor, pk=pk)
    show_history = policies.can(actor, Perm.TEAM_HISTORY, team)
    return render(
        request,
        "people/team_detail.html",
        {
            "team": team,
            "can_manage": policies.can(actor, Perm.TEAM_MANAGE, team),
            "entries": selectors.team_history(actor=actor, team=team) if show_history else None,
        },
    )


def _team_users(actor: User) -> QuerySet[User]:
    """Candidates for a team's lead and members: active users the actor sees."""
    return selectors.user_list(actor=actor).prefetch_related(None)


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return form_flow(
        request,
        perms=MANAGE_TEAMS,
        form=lambda data: TeamForm(data, users=_team_users(actor)),
        call=lambda data: services.team_create(
            actor=actor,
            name=data["name"],
            kind=data["kind"],
            department=data["department"],
            lead=data["lead"],
            description=data["description"],
            members=data["members"],
        ),
        message=lambda team: f"{team} was created.",
        next_url=_team_url,
        page=lambda form: render(
            request, "people/team_form.html", {"form": form, "creating": True}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    team = selectors.team_get_for_actor(actor=actor, pk=pk)
    return form_flow(
        request,
        perms=MANAGE_TEAMS,
        target=team,
        form=lambda data: TeamForm(
            data, initial=_team_initial(team), users=_team_users(actor), editing=True
        ),
        call=lambda data: services.team_update(
            actor=actor,
            team=team,
            name=data["name"],
            lead=data["lead"],
            description=data["description"],
            department=data["department"],
            is_active=data["is_active"],
            members=data["members"],
        ),
        message=f"{team} was saved.",
        next_url=_team_url(team),
        page=lambda form: render(request, "people/team_form.html", {"form": form, "team": team}),
    )


# --- API tokens -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.TOKEN_MANAGE_OWN)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = access.api_token_create(
                actor=actor, user=actor, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            form = TokenForm()
    return render(
        request,
        "people/token_list.html",
        {"form": form, "issued": issued, "tokens": selectors.token_list(actor=actor)[:100]},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    token = selectors.token_get_for_actor(actor=actor, pk=pk)
    access.api_token_revoke(actor=actor, token=token)
    messages.success(request, f"The token “{token.name}” was revoked.")
    return _done(request, reverse("people:token_list"))
