"""Goals: added and updated by the account's carers, progress a percentage, history kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.accounts.factories import cared_account
from tests.factories import user_with
from twofold.accounts.models import Goal
from twofold.accounts.selectors.care import goals_of, review_overdue
from twofold.accounts.services.goals import goal_create, goal_update
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def test_an_account_manager_adds_a_goal_to_their_account():
    account, manager, _ = cared_account()

    goal = goal_create(actor=manager, account=account, horizon="short", title=" Cut costs ")

    assert (goal.title, goal.status, goal.progress, goal.from_handover) == (
        "Cut costs",
        "open",
        0,
        False,
    )


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_zero_to_a_hundred_is_refused(progress):
    account, manager, _ = cared_account()
    goal = goal_create(actor=manager, account=account, horizon="long", title="Grow")

    with pytest.raises(ValidationError) as raised:
        goal_update(actor=manager, goal=goal, progress=progress)

    assert raised.value.message_dict == {"progress": ["Progress is a percentage from 0 to 100."]}
    goal.refresh_from_db()
    assert goal.progress == 0


def test_updating_progress_and_status_keeps_history_with_the_reason():
    account, manager, _ = cared_account()
    goal = goal_create(actor=manager, account=account, horizon="long", title="Grow")

    goal_update(actor=manager, goal=goal, progress=40, status="on_track", reason="Q1 review")

    latest = goal.history.first()
    assert (latest.progress, latest.status, latest.history_change_reason) == (
        40,
        "on_track",
        "Q1 review",
    )
    assert goal.history.count() == 2


def test_an_unchanged_update_writes_nothing():
    account, manager, _ = cared_account()
    goal = goal_create(actor=manager, account=account, horizon="long", title="Grow")

    goal_update(actor=manager, goal=goal, title="Grow")

    assert goal.history.count() == 1


def test_someone_elses_account_manager_may_not_add_goals():
    account, _, _ = cared_account()
    stranger = user_with(Role.ACCOUNT_MANAGER)

    with pytest.raises(PermissionDenied):
        goal_create(actor=stranger, account=account, horizon="short", title="Sneaky")

    assert Goal.objects.count() == 0


def test_the_account_executive_over_the_manager_may_add_goals():
    account, _, executive = cared_account()

    goal_create(actor=executive, account=account, horizon="short", title="From the AE")

    assert Goal.objects.filter(account=account).count() == 1


def test_goals_are_listed_by_horizon_and_overdue_reviews_are_flagged():
    account, manager, _ = cared_account()
    yesterday = timezone.localdate() - timedelta(days=1)
    late = goal_create(
        actor=manager, account=account, horizon="long", title="Late", review_on=yesterday
    )
    done = goal_create(
        actor=manager,
        account=account,
        horizon="long",
        title="Done",
        review_on=yesterday,
        status="achieved",
    )

    groups = goals_of(account=account)

    assert [(g.horizon, [x.title for x in g.goals]) for g in groups] == [
        ("short", []),
        ("long", ["Late", "Done"]),
    ]
    assert (review_overdue(late), review_overdue(done)) == (True, False)
