"""Every write to internal requests: raising one on an account, working it in a department's
queue, resolving or declining it, and the admin's SLA hours.

The account's ``open_requests`` counter moves with F() updates in the same transaction, and a
resolved or declined request returns its outcome to the account's timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import InteractionKind
from twofold.accounts.models import Account
from twofold.accounts.services.timeline import timeline_add
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
from twofold.departments.choices import (
    DEFAULT_SLA_HOURS,
    OPEN_REQUEST_STATUSES,
    Priority,
    RequestStatus,
    RequestType,
)
from twofold.departments.models import InternalRequest, RequestSla
from twofold.people.choices import Department
from twofold.people.models import User
from twofold.policies import Perm
from twofold.policies.accounts import departments_of

MAX_SLA_HOURS = 24 * 90
ASSIGN_REFUSAL = "Only the lead of the department's team assigns its requests."


def sla_hours(*, department: str, priority: str) -> int:
    """Hours to resolve a request of ``priority`` in ``department``: the admin's, else default."""
    hours = (
        RequestSla.objects.filter(department=department, priority=priority)
        .values_list("hours", flat=True)
        .first()
    )
    return hours if hours is not None else DEFAULT_SLA_HOURS[Priority(priority)]


def _closed_refusal(request: InternalRequest) -> ValidationError:
    verb = "resolved" if request.status == RequestStatus.RESOLVED else "declined"
    return ValidationError(f"This request was {verb} already.", code=f"already_{verb}")


def _locked(request: InternalRequest) -> InternalRequest:
    return InternalRequest.objects.select_for_update().select_related("account").get(pk=request.pk)


@transaction.atomic
def request_raise(
    *,
    actor: User | None,
    account: Account,
    department: str,
    type: str,
    title: str,
    details: str = "",
    priority: str = Priority.NORMAL,
    raised_by: User | None = None,
) -> InternalRequest:
    """Ask a department to do something for the client. It is due after the department's SLA
    for the priority, and counts as one of the account's open requests until closed."""
    if actor is not None:
        policies.require(actor, Perm.REQUEST_RAISE, account)
    raiser = actor or raised_by
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Say what you need in a few words."
    elif len(title) > 200:
        errors["title"] = "At most 200 characters."
    if department not in Department.values:
        errors["department"] = "Choose delivery, support, finance, legal or product."
    if type not in RequestType.values:
        errors["type"] = "Choose the kind of request."
    if priority not in Priority.values:
        errors["priority"] = "Choose low, normal, high or urgent."
    if raiser is None:
        errors["raised_by"] = "Say who raises the request."
    if errors:
        raise ValidationError(errors)
    assert raiser is not None  # noqa: S101 - checked above
    now = timezone.now()
    request = InternalRequest(
        account=account,
        department=department,
        type=type,
        title=title,
        details=(details or "").strip(),
        priority=priority,
        raised_by=raiser,
        raised_at=now,
        due_at=now + timedelta(hours=sla_hours(department=department, priority=priority)),
    )
    attribute(request, actor, "Raised")
    check_text(request)
    request.save()
    Account.objects.filter(pk=account.pk).update(open_requests=F("open_requests") + 1)
    return request


def _require_work(actor: User | None, request: InternalRequest) -> None:
    if actor is not None:
        policies.require(actor, Perm.REQUEST_WORK, request)


def _check_assignee(request: InternalRequest, assignee: User) -> None:
    if not assignee.is_active or request.department not in departments_of(assignee):
        raise ValidationError(
            {"assignee": f"{assignee} is not an active member of the {request.department} team."}
        )


@transaction.atomic
def request_take(*, actor: User, request: InternalRequest) -> InternalRequest:
    """A member of the department takes the request: they are its assignee from now on."""
    _require_work(actor, request)
    request = _locked(request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise _closed_refusal(request)
    if request.assignee_id == actor.pk:
        return request
    request.assignee = actor
    attribute(request, actor, "Taken")
    request.save(update_fields=["assignee"])
    return request


@transaction.atomic
def request_assign(
    *, actor: User | None, request: InternalRequest, assignee: User
) -> InternalRequest:
    """The department's team lead hands the request to one of its members."""
    if actor is not None:
        policies.require(actor, Perm.REQUEST_ASSIGN, request, ASSIGN_REFUSAL)
    request = _locked(request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise _closed_refusal(request)
    _check_assignee(request, assignee)
    if request.assignee_id == assignee.pk:
        return request
    request.assignee = assignee
    attribute(request, actor, f"Assigned to {assignee}")
    request.save(update_fields=["assignee"])
    return request


@transaction.atomic
def request_start(*, actor: User | None, request: InternalRequest) -> InternalRequest:
    """Work begins; an unassigned request becomes the starter's."""
    _require_work(actor, request)
    request = _locked(request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise _closed_refusal(request)
    if request.status == RequestStatus.IN_PROGRESS:
        return request
    request.status = RequestStatus.IN_PROGRESS
    if request.assignee_id is None and actor is not None:
        request.assignee = actor
    attribute(request, actor, "Started")
    request.save(update_fields=["status", "assignee"])
    return request


def _close(
    *, actor: User | None, request: InternalRequest, status: RequestStatus, outcome: str
) -> InternalRequest:
    request.status = status
    request.outcome = outcome
    request.resolved_at = timezone.now()
    request.resolved_by = actor
    attribute(request, actor, status.label)
    check_text(request)
    request.save(update_fields=["status", "outcome", "resolved_at", "resolved_by"])
    Account.objects.filter(pk=request.account_id, open_requests__gt=0).update(
        open_requests=F("open_requests") - 1
    )
    verb = "resolved" if status == RequestStatus.RESOLVED else "declined"
    timeline_add(
        account=request.account,
        kind=InteractionKind.REQUEST,
        subject=f"{request.get_department_display()} {verb}: {request.title}",
        body=outcome,
        author=actor,
    )
    return request


@transaction.atomic
def request_resolve(
    *, actor: User | None, request: InternalRequest, outcome: str
) -> InternalRequest:
    """Done: the outcome (required) returns to the account's timeline."""
    _require_work(actor, request)
    request = _locked(request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise _closed_refusal(request)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": "Say what was done: the account manager will read it."})
    return _close(actor=actor, request=request, status=RequestStatus.RESOLVED, outcome=outcome)


@transaction.atomic
def request_decline(
    *, actor: User | None, request: InternalRequest, reason: str
) -> InternalRequest:
    """The department will not do it (or the requester withdraws it); the reason (required)
    returns to the account's timeline."""
    if actor is not None:
        policies.require(actor, Perm.REQUEST_DECLINE, request)
    request = _locked(request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise _closed_refusal(request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the request is declined."})
    return _close(actor=actor, request=request, status=RequestStatus.DECLINED, outcome=reason)


@transaction.atomic
def request_sla_set(*, actor: User | None, hours: Mapping[tuple[str, str], int]) -> int:
    """Set the hours to resolve per (department, priority); returns how many changed."""
    if actor is not None:
        policies.require(actor, Perm.ACCOUNTS_CONFIGURE)
    errors: dict[str, str] = {}
    for (department, priority), value in hours.items():
        key = f"hours_{department}_{priority}"
        if department not in Department.values or priority not in Priority.values:
            errors[key] = "No such department or priority."
        elif not isinstance(value, int) or not 1 <= value <= MAX_SLA_HOURS:
            errors[key] = f"Between 1 and {MAX_SLA_HOURS} hours."
    if errors:
        raise ValidationError(errors)
    current = {(row.department, row.priority): row for row in RequestSla.objects.all()}
    changed = 0
    for (department, priority), value in hours.items():
        row = current.get((department, priority))
        if row is None:
            if value == DEFAULT_SLA_HOURS[Priority(priority)]:
                continue
            row = RequestSla(department=department, priority=priority, hours=value)
        elif row.hours == value:
            continue
        row.hours = value
        attribute(row, actor, "SLA set")
        row.save()
        changed += 1
    return changed
