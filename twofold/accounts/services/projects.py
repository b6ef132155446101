"""Projects we run for the client, with milestones, from start to finish.

A project is done only when none of its milestones is still open; finishing sets
``finished_on``. A milestone marked done gets ``done_on``; reopening clears it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import MilestoneStatus, ProjectStatus
from twofold.accounts.models import Account, Milestone, Project
from twofold.core.audit import attribute
from twofold.core.dates import PLANNED, changed
from twofold.core.text_limits import check_text
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.people.models import User

FINISHED = (ProjectStatus.DONE, ProjectStatus.CANCELLED)


def _check_dates(
    starts_on: date | None, due_on: date | None, project: Project | None = None
) -> None:
    values = {"starts_on": starts_on, "due_on": due_on}
    PLANNED.check(**(changed(project, **values) if project else values))
    if starts_on and due_on and due_on < starts_on:
        raise ValidationError({"due_on": "A project is due on or after its start."})


@transaction.atomic
def project_create(
    *,
    actor: User | None,
    account: Account,
    name: str,
    owner: User,
    description: str = "",
    starts_on: date | None = None,
    due_on: date | None = None,
) -> Project:
    """Plan a project for the client; it starts as planned."""
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
    if not name.strip():
        raise ValidationError({"name": "Name the project."})
    if not owner.is_active:
        raise ValidationError({"owner": "The owner is deactivated."})
    _check_dates(starts_on, due_on)
    project = Project(
        account=account,
        name=name.strip()[:200],
        description=description.strip(),
        owner=owner,
        starts_on=starts_on,
        due_on=due_on,
    )
    attribute(project, actor, "Planned")
    check_text(project)
    project.save()
    return project


@transaction.atomic
def project_update(
    *,
    actor: User | None,
    project: Project,
    name: str,
    owner: User,
    status: str,
    description: str = "",
    starts_on: date | None = None,
    due_on: date | None = None,
) -> Project:
    """Change a project. Done needs every milestone closed (done or missed) and sets the
    finish date; moving it back from done or cancelled clears the finish date."""
    project = Project.objects.select_for_update().select_related("account").get(pk=project.pk)
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, project.account)
    if not name.strip():
        raise ValidationError({"name": "Name the project."})
    if status not in ProjectStatus.values:
        raise ValidationError({"status": "Unknown status."})
    if owner.pk != project.owner_id and not owner.is_active:
        raise ValidationError({"owner": "The owner is deactivated."})
    _check_dates(starts_on, due_on, project)
    if status == ProjectStatus.DONE and project.status != ProjectStatus.DONE:
        still_open = project.milestones.filter(status=MilestoneStatus.OPEN).count()
        if still_open:
            raise ValidationError(
                {
                    "status": f"{still_open} milestone{'s are' if still_open > 1 else ' is'} "
                    "still open: close them (done or missed) before finishing the project."
                }
            )
    if status in FINISHED and project.status not in FINISHED:
        project.finished_on = timezone.localdate()
    elif status not in FINISHED:
        project.finished_on = None
    if status == ProjectStatus.ACTIVE and project.starts_on is None and starts_on is None:
        starts_on = timezone.localdate()
    project.name, project.owner, project.status = name.strip()[:200], owner, status
    project.description, project.starts_on, project.due_on = (
        description.strip(),
        starts_on,
        due_on,
    )
    attribute(project, actor, f"Status {project.get_status_display().lower()}")
    check_text(project)
    project.save()
    return project


def _require_changeable(project: Project) -> None:
    if project.status in FINISHED:
        raise ValidationError(
            f"This project is {project.get_status_display().lower()}: reopen it first.",
            code="project_finished",
        )


@transaction.atomic
def milestone_create(
    *,
    actor: User | None,
    project: Project,
    title: str,
    due_on: date,
    deliverable: str = "",
    owner: User | None = None,
) -> Milestone:
    """Add a milestone (with its deliverable) to a project that is not finished."""
    project = Project.objects.select_for_update().select_related("account").get(pk=project.pk)
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, project.account)
    _require_changeable(project)
    if not title.strip():
        raise ValidationError({"title": "Name the milestone."})
    if due_on is None:
        raise ValidationError({"due_on": "When is it due?"})
    PLANNED.check(due_on=due_on)
    milestone = Milestone(
        project=project,
        title=title.strip()[:200],
        deliverable=deliverable.strip()[:300],
        owner=owner,
        due_on=due_on,
    )
    attribute(milestone, actor, "Added")
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor: User | None,
    milestone: Milestone,
    title: str,
    due_on: date,
    status: str,
    deliverable: str = "",
    owner: User | None = None,
) -> Milestone:
    """Change a milestone; done sets the day it was done, anything else clears it."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("project__account")
        .get(pk=milestone.pk)
    )
    project = milestone.project
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, project.account)
    _require_changeable(project)
    if not title.strip():
        raise ValidationError({"title": "Name the milestone."})
    if due_on is None:
        raise ValidationError({"due_on": "When is it due?"})
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": "Unknown status."})
    PLANNED.check(**changed(milestone, due_on=due_on))
    if status == MilestoneStatus.DONE and milestone.status != MilestoneStatus.DONE:
        milestone.done_on = timezone.localdate()
    elif status != MilestoneStatus.DONE:
        milestone.done_on = None
    milestone.title, milestone.due_on, milestone.status = title.strip()[:200], due_on, status
    milestone.deliverable, milestone.owner = deliverable.strip()[:300], owner
    attribute(milestone, actor, milestone.get_status_display())
    milestone.save()
    return milestone
