"""Request pages: the department queue, one request, an account's requests tab and the
admin's SLA settings. Each view parses a form, calls one service and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.accounts.selectors.account import account_get_for_actor
from twofold.core.actors import actor_of
from twofold.core.web.forms import form_flow, submit_form
from twofold.core.web.responses import done
from twofold.departments import selectors, services
from twofold.departments.choices import OPEN_REQUEST_STATUSES, Priority, RequestStatus, RequestType
from twofold.departments.models import InternalRequest
from twofold.departments.web import forms as f
from twofold.people.choices import Department
from twofold.people.models import User
from twofold.policies import Perm

PAGE_SIZE = 50
# Bounded offset pagination: past this many rows, narrow the filters.
MAX_ROWS = 2000


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.REQUEST_QUEUE)
    params = request.GET
    view = params.get("view", "open")
    if view not in selectors.QUEUE_VIEWS:
        view = "open"
    filters = {
        "status": params.get("status", ""),
        "priority": params.get("priority", ""),
        "type": params.get("type", ""),
        "department": params.get("department", ""),
    }
    rows = selectors.request_queue(actor=actor, view=view, **filters)
    page = Paginator(rows[:MAX_ROWS], PAGE_SIZE).get_page(params.get("page"))
    departments = selectors.queue_departments(actor)
    return render(
        request,
        "departments/queue.html",
        {
            "page_obj": page,
            "view": view,
            "views": selectors.QUEUE_VIEWS,
            "filters": filters,
            "statuses": [
                c
                for c in RequestStatus.choices
                if view == "closed" or c[0] in OPEN_REQUEST_STATUSES
            ],
            "priorities": Priority.choices,
            "types": RequestType.choices,
            "departments": [(d, Department(d).label) for d in departments],
            "max_rows": MAX_ROWS,
        },
    )


def _detail_context(actor: User, req: InternalRequest, **forms: Any) -> dict[str, Any]:
    is_open = req.status in OPEN_REQUEST_STATUSES
    works = is_open and policies.can(actor, Perm.REQUEST_WORK, req)
    assigns = is_open and policies.can(actor, Perm.REQUEST_ASSIGN, req)
    return {
        "req": req,
        "is_open": is_open,
        "can_take": works and req.assignee_id != actor.pk,
        "can_start": works and req.status == RequestStatus.OPEN,
        "can_resolve": works,
        "can_decline": is_open and policies.can(actor, Perm.REQUEST_DECLINE, req),
        "can_assign": assigns,
        "sees_account": policies.can(actor, Perm.ACCOUNT_VIEW, req.account),
        "entries": selectors.request_history(req),
        "resolve_form": forms.get("resolve_form") or f.ResolveForm(),
        "decline_form": forms.get("decline_form") or f.DeclineForm(),
        "assign_form": forms.get("assign_form")
        or (
            f.AssignForm(members=selectors.members_of_department(req.department))
            if assigns
            else None
        ),
    }


def _detail_url(req: InternalRequest) -> str:
    return reverse("departments:detail", args=[req.pk])


def _request_of(request: HttpRequest, pk: int) -> tuple[User, InternalRequest]:
    actor = actor_of(request)
    return actor, selectors.request_get_for_actor(actor=actor, pk=pk)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor, req = _request_of(request, pk)
    return render(request, "departments/detail.html", _detail_context(actor, req))


def _refused(request: HttpRequest, actor: User, req: InternalRequest, **forms: Any) -> HttpResponse:
    """The page again with the form's errors; a refusal of the whole action shows on top
    (the form itself may be gone: a resolved request offers no resolve form)."""
    fresh = selectors.request_get_for_actor(actor=actor, pk=req.pk)
    refusals = [e for form in forms.values() for e in form.non_field_errors()]
    context = _detail_context(actor, fresh, **forms) | {"refusals": refusals}
    return render(request, "departments/detail.html", context, status=400)


def _simple_action(request: HttpRequest, pk: int, action: Any, message: str) -> HttpResponse:
    actor, req = _request_of(request, pk)
    try:
        action(actor=actor, request=req)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, message)
    return done(request, _detail_url(req))


@login_required
@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, services.request_take, "The request is yours.")


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, services.request_start, "Work on the request started.")


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    actor, req = _request_of(request, pk)
    policies.require(actor, Perm.REQUEST_ASSIGN, req, services.ASSIGN_REFUSAL)
    form = f.AssignForm(request.POST, members=selectors.members_of_department(req.department))
    assigned = submit_form(
        request,
        form,
        lambda d: services.request_assign(actor=actor, request=req, assignee=d["assignee"]),
        "The request is assigned.",
        _detail_url(req),
    )
    return assigned or _refused(request, actor, req, assign_form=form)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    actor, req = _request_of(request, pk)
    form = f.ResolveForm(request.POST)
    policies.require(actor, Perm.REQUEST_WORK, req)
    resolved = submit_form(
        request,
        form,
        lambda d: services.request_resolve(actor=actor, request=req, outcome=d["outcome"]),
        "Resolved: the outcome is on the account's timeline.",
        _detail_url(req),
    )
    return resolved or _refused(request, actor, req, resolve_form=form)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    actor, req = _request_of(request, pk)
    form = f.DeclineForm(request.POST)
    policies.require(actor, Perm.REQUEST_DECLINE, req)
    declined = submit_form(
        request,
        form,
        lambda d: services.request_decline(actor=actor, request=req, reason=d["reason"]),
        "Declined: the reason is on the account's timeline.",
        _detail_url(req),
    )
    return declined or _refused(request, actor, req, decline_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def account_requests(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    account = account_get_for_actor(actor=actor, pk=pk)
    can_raise = policies.can(actor, Perm.REQUEST_RAISE, account)
    form = f.RaiseForm(request.POST or None) if can_raise else None
    if request.method == "POST":
        policies.require(actor, Perm.REQUEST_RAISE, account)
        assert form is not None  # noqa: S101 - can_raise
        raised = submit_form(
            request,
            form,
            lambda d: services.request_raise(actor=actor, account=account, **d),
            lambda req: f"Sent to {req.get_department_display()}: due {req.due_at:%d %b %H:%M}.",
            reverse("departments:account_requests", args=[account.pk]),
        )
        if raised is not None:
            return raised
    return render(
        request,
        "departments/account_requests.html",
        {
            "account": account,
            "tab": "requests",
            "requests": selectors.account_requests(actor=actor, account=account),
            "form": form,
        },
        status=_refused_status(request),
    )


def _refused_status(request: HttpRequest) -> int:
    """A form page answers 400 when it shows a refused post again."""
    return 400 if request.method == "POST" else 200


@login_required
@require_http_methods(["GET", "POST"])
def sla_settings(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    table = selectors.sla_table()

    def page(form: f.SlaForm) -> HttpResponse:
        grid = [(row.label, [(cell, form[cell.field_name]) for cell in row.cells]) for row in table]
        context = {"grid": grid, "form": form, "priorities": Priority.choices}
        return render(
            request, "departments/sla_settings.html", context, status=_refused_status(request)
        )

    return form_flow(
        request,
        perms={"GET": Perm.ACCOUNTS_CONFIGURE, "POST": Perm.ACCOUNTS_CONFIGURE},
        form=lambda data: f.SlaForm(data, table=table),
        call=lambda data: services.request_sla_set(actor=actor, hours=f.sla_hours(data)),
        message=lambda changed: f"SLA saved ({changed} changed).",
        next_url=reverse("departments:sla"),
        page=page,
    )
