"""Logging calls, meetings, e-mails, notes and tasks on a lead, a deal or an account, and the
tasks a sales meeting gives people for the team at large; completing tasks; appending an entry
to an account's timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.activities.models import LOGGED_KINDS, Activity, ActivityKind
from twofold.core.audit import attribute
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.text_limits import check_text
from twofold.people.models import User
from twofold.policies import Perm

if TYPE_CHECKING:
    # Sales sits above activities: its models are only named here, reached through the registry.
    from twofold.sales.models import Lead, Opportunity, SalesMeeting

if TYPE_CHECKING:
    from twofold.accounts.models import Account
    from twofold.parties.models import Contact


def _authorize_subject(
    actor: User | None,
    lead: Lead | None,
    opportunity: Opportunity | None,
    meeting: SalesMeeting | None = None,
    account: Account | None = None,
) -> None:
    if actor is None:
        return
    if lead is not None:
        policies.require(actor, Perm.LEAD_EDIT, lead)
    if opportunity is not None:
        policies.require(actor, Perm.OPPORTUNITY_EDIT, opportunity)
    if meeting is not None:
        policies.require(actor, Perm.SALES_MEETINGS, meeting)
    if account is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, account)


@transaction.atomic
def activity_log(
    *,
    actor: User | None,
    kind: str,
    subject: str,
    body: str = "",
    lead: Lead | None = None,
    opportunity: Opportunity | None = None,
    owner: User | None = None,
    occurred_at: datetime | None = None,
    due_on: date | None = None,
    meeting: SalesMeeting | None = None,
    account: Account | None = None,
) -> Activity:
    """Record an activity on exactly one lead, deal or account, or a task given in a sales
    meeting for the team at large (``meeting``, no other subject). Tasks may have a due date;
    the rest not. (An account's calls and notes usually come through ``interaction_log``, which
    also keeps the portfolio's columns; tasks on an account come here.)"""
    if [lead, opportunity, meeting, account].count(None) != 3:
        raise ValidationError(
            "An activity belongs to one lead, one deal, one account or one meeting.",
            code="no_subject",
        )
    _authorize_subject(actor, lead, opportunity, meeting, account)
    if kind not in LOGGED_KINDS:
        raise ValidationError({"kind": "Choose call, meeting, e-mail, note or task."})
    if meeting is not None and kind != ActivityKind.TASK:
        raise ValidationError({"kind": "A meeting gives tasks only."})
    if due_on is not None and kind != ActivityKind.TASK:
        raise ValidationError({"due_on": "Only tasks have a due date."})
    if outside := HAPPENED.errors(occurred_at=occurred_at) | PLANNED.errors(due_on=due_on):
        raise ValidationError(outside)
    owner = owner or actor
    if owner is None:
        raise ValidationError({"owner": "Say whose activity this is."})
    activity = Activity(
        kind=kind,
        subject=(subject or "").strip(),
        body=body,
        lead=lead,
        opportunity=opportunity,
        meeting=meeting,
        account=account,
        owner=owner,
        occurred_at=occurred_at or timezone.now(),
        due_on=due_on,
    )
    activity.full_clean()
    attribute(activity, actor, "Logged")
    check_text(activity)
    activity.save()
    if opportunity is not None:
        apps.get_model("sales", "Opportunity").objects.filter(pk=opportunity.pk).update(
            updated_at=timezone.now()
        )
    return activity


@transaction.atomic
def task_complete(*, actor: User | None, task: Activity) -> Activity:
    """Mark a task done; completing it twice changes nothing."""
    if task.kind != ActivityKind.TASK:
        raise ValidationError("Only tasks are completed.", code="not_a_task")
    if actor is not None and task.owner_id != actor.pk:
        _authorize_subject(actor, task.lead, task.opportunity, task.meeting, task.account)
    if task.done_at is None:
        task.done_at = timezone.now()
        attribute(task, actor, "Done")
        task.save()
    return task


def account_entry_add(
    *,
    account: Account,
    kind: str,
    subject: str,
    body: str = "",
    owner: User | None = None,
    contact: Contact | None = None,
    occurred_at: datetime | None = None,
    created_at: datetime | None = None,
) -> Activity:
    """Append an entry to an account's timeline, for the account services that decided it may
    be written (they authorize and validate). The timeline is a log: an entry is written once
    and never edited, so it gets no edit-history row (one INSERT, as before the merge)."""
    now = timezone.now()
    entry = Activity(
        account=account,
        kind=kind,
        subject=subject[:200],
        body=body,
        owner=owner,
        contact=contact,
        occurred_at=occurred_at or now,
        created_at=created_at or now,
    )
    entry.skip_history_when_saving = True  # type: ignore[attr-defined]
    entry.save(force_insert=True)
    return entry
