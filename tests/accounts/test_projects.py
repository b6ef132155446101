"""Projects with milestones, from start to finish."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.accounts.factories import cared_account
from twofold.accounts.selectors.care import milestone_overdue, projects_of
from twofold.accounts.services import projects as project_services
from twofold.accounts.services.projects import (
    milestone_create,
    milestone_update,
    project_create,
    project_update,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _project(account, manager, **kwargs):
    return project_create(actor=manager, account=account, name="Rollout", owner=manager, **kwargs)


def _finish(manager, project):
    return project_update(
        actor=manager, project=project, name=project.name, owner=manager, status="done"
    )


def test_a_project_with_an_open_milestone_cannot_be_done():
    account, manager, _ = cared_account()
    project = _project(account, manager)
    milestone_create(actor=manager, project=project, title="Pilot", due_on=TODAY)

    with pytest.raises(ValidationError) as raised:
        _finish(manager, project)

    assert raised.value.message_dict == {
        "status": [
            "1 milestone is still open: close them (done or missed) before finishing the project."
        ]
    }
    project.refresh_from_db()
    assert (project.status, project.finished_on) == ("planned", None)


def test_a_project_is_done_once_its_milestones_are_closed_and_gets_a_finish_date():
    account, manager, _ = cared_account()
    project = _project(account, manager)
    milestone = milestone_create(actor=manager, project=project, title="Pilot", due_on=TODAY)
    milestone = milestone_update(
        actor=manager, milestone=milestone, title="Pilot", due_on=TODAY, status="done"
    )

    project = _finish(manager, project)

    assert (milestone.done_on, project.status, project.finished_on) == (TODAY, "done", TODAY)


def test_reopening_a_milestone_clears_its_done_date():
    account, manager, _ = cared_account()
    project = _project(account, manager)
    milestone = milestone_create(actor=manager, project=project, title="Pilot", due_on=TODAY)
    milestone_update(actor=manager, milestone=milestone, title="Pilot", due_on=TODAY, status="done")

    milestone = milestone_update(
        actor=manager, milestone=milestone, title="Pilot", due_on=TODAY, status="open"
    )

    assert milestone.done_on is None


def test_a_finished_project_takes_no_new_milestones():
    account, manager, _ = cared_account()
    project = _finish(manager, _project(account, manager))

    with pytest.raises(ValidationError) as raised:
        milestone_create(actor=manager, project=project, title="Late", due_on=TODAY)

    assert raised.value.messages == ["This project is done: reopen it first."]


def test_a_project_is_due_on_or_after_its_start():
    account, manager, _ = cared_account()

    with pytest.raises(ValidationError) as raised:
        _project(account, manager, starts_on=date(2026, 5, 2), due_on=date(2026, 5, 1))

    assert raised.value.message_dict == {"due_on": ["A project is due on or after its start."]}


def test_projects_list_progress_and_overdue_milestones_in_constant_queries(
    django_assert_num_queries,
):
    account, manager, _ = cared_account()
    for n in range(3):
        project = _project(account, manager)
        done = milestone_create(actor=manager, project=project, title=f"M{n}", due_on=TODAY)
        milestone_update(actor=manager, milestone=done, title="x", due_on=TODAY, status="done")
        milestone_create(
            actor=manager, project=project, title="Late", due_on=TODAY - timedelta(days=1)
        )

    with django_assert_num_queries(2):
        rows = [
            (
                p.milestones_done,
                p.milestones_total,
                [milestone_overdue(m) for m in p.milestones.all()],
            )
            for p in projects_of(account=account)
        ]

    assert rows == [(1, 2, [True, False])] * 3


def test_the_api_names_the_owner_id_when_the_service_refuses_the_owner(api_as, monkeypatch):
    account, manager, _ = cared_account()
    project = _project(account, manager)

    def refuse_owner(**_kwargs):
        raise ValidationError({"owner": "The owner is deactivated."})

    # The API lets only active owners through, so the service's refusal is staged.
    monkeypatch.setattr(project_services, "project_update", refuse_owner)
    response = api_as(manager).patch(
        f"/api/v1/accounts/{account.pk}/projects/{project.pk}/", {"name": "Go"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"owner_id": ["The owner is deactivated."]}
