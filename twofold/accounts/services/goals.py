"""The customer's goals: first from the hand-over, then kept by the account manager with a
status, a progress percentage and a review date. Every change is kept in the goal's history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import GoalHorizon, GoalStatus
from twofold.accounts.models import Account, Goal
from twofold.core.audit import attribute
from twofold.core.dates import PLANNED
from twofold.core.text_limits import check_text
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.people.models import User


def _check(*, horizon: str, title: str, status: str, progress: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if horizon not in GoalHorizon.values:
        errors["horizon"] = "Choose short or long term."
    if not title.strip():
        errors["title"] = "Name the goal."
    if status not in GoalStatus.values:
        errors["status"] = "Unknown status."
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        errors["progress"] = "Progress is a percentage from 0 to 100."
    return errors


@transaction.atomic
def goal_create(
    *,
    actor: User | None,
    account: Account,
    horizon: str,
    title: str,
    success_criteria: str = "",
    review_on: date | None = None,
    status: str = GoalStatus.OPEN,
    progress: int = 0,
    from_handover: bool = False,
) -> Goal:
    """Add one of the customer's goals to the account."""
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
    errors = _check(horizon=horizon, title=title, status=status, progress=progress)
    errors |= PLANNED.errors(review_on=review_on)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    goal = Goal(
        account=account,
        horizon=horizon,
        title=title.strip(),
        success_criteria=success_criteria.strip(),
        review_on=review_on,
        status=status,
        progress=progress,
        from_handover=from_handover,
        created_at=now,
        updated_at=now,
    )
    goal.full_clean()
    attribute(goal, actor, "From the hand-over" if from_handover else "Added")
    check_text(goal)
    goal.save()
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: User | None,
    goal: Goal,
    horizon: str | None = None,
    title: str | None = None,
    success_criteria: str | None = None,
    review_on: date | None = None,
    clear_review: bool = False,
    status: str | None = None,
    progress: int | None = None,
    reason: str = "",
) -> Goal:
    """Change a goal: its wording, review date, status or progress. Unchanged input writes
    nothing; each change is a history entry with the reason given."""
    goal = Goal.objects.select_for_update().select_related("account").get(pk=goal.pk)
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, goal.account)
    new_horizon = goal.horizon if horizon is None else horizon
    new_title = goal.title if title is None else title.strip()
    new_status = goal.status if status is None else status
    new_progress = goal.progress if progress is None else progress
    errors = _check(horizon=new_horizon, title=new_title, status=new_status, progress=new_progress)
    if review_on != goal.review_on:
        errors |= PLANNED.errors(review_on=review_on)
    if errors:
        raise ValidationError(errors)
    wanted: dict[str, object] = {
        "horizon": new_horizon,
        "title": new_title,
        "success_criteria": (
            goal.success_criteria if success_criteria is None else success_criteria.strip()
        ),
        "review_on": None if clear_review else (review_on or goal.review_on),
        "status": new_status,
        "progress": new_progress,
    }
    changed = [field for field, value in wanted.items() if getattr(goal, field) != value]
    if not changed:
        return goal
    for field in changed:
        setattr(goal, field, wanted[field])
    if goal.status == GoalStatus.ACHIEVED and "progress" not in changed and progress is None:
        goal.progress = 100
        changed.append("progress")
    goal.updated_at = timezone.now()
    attribute(goal, actor, reason.strip() or "Updated")
    check_text(goal)
    goal.save(update_fields=[*changed, "updated_at"])
    return goal
