"""One activity table for leads, deals and accounts: exactly one subject, held by the database;
tasks on each of the three."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from tests.sales.factories import LeadFactory, deal_for
from twofold.activities.models import Activity, ActivityKind
from twofold.activities.selectors import open_tasks_of
from twofold.activities.services import activity_log, task_complete
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def am():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager")


def _raw(**subjects):
    """Write past the services, as a careless import would."""
    with transaction.atomic():
        Activity.objects.bulk_create(
            [Activity(kind=ActivityKind.CALL, subject="Call", owner=user_with(), **subjects)]
        )


def test_the_database_refuses_an_activity_on_both_a_deal_and_an_account():
    deal = deal_for()
    with pytest.raises(IntegrityError):
        _raw(opportunity=deal, account=AccountFactory(company=deal.company))


def test_the_database_refuses_an_activity_on_both_a_lead_and_an_account():
    with pytest.raises(IntegrityError):
        _raw(lead=LeadFactory(), account=AccountFactory())


def test_the_database_refuses_an_activity_without_a_subject():
    with pytest.raises(IntegrityError):
        _raw()


def test_the_service_refuses_a_lead_and_an_account_together_by_name(am):
    with pytest.raises(ValidationError) as refused:
        activity_log(
            actor=None,
            kind=ActivityKind.CALL,
            subject="Call",
            owner=am,
            lead=LeadFactory(),
            account=AccountFactory(relationship_owner=am),
        )

    assert refused.value.code == "no_subject"


def test_a_system_kind_cannot_be_logged_on_a_deal_by_hand():
    seller = user_with(Role.BDM)
    with pytest.raises(ValidationError) as refused:
        activity_log(
            actor=seller,
            kind=ActivityKind.HANDOVER,
            subject="Hand-over",
            opportunity=deal_for(seller),
        )

    assert "kind" in refused.value.message_dict


def test_the_account_manager_gives_themselves_a_task_on_the_account_and_sees_it_due(am):
    account = AccountFactory(relationship_owner=am)
    today = timezone.localdate()

    task = activity_log(
        actor=am, kind=ActivityKind.TASK, subject="Prepare the QBR", account=account, due_on=today
    )

    assert (task.account, task.owner, task.due_on) == (account, am, today)
    assert open_tasks_of(actor=am, today=today).today == [task]


def test_a_task_on_an_account_is_done_once(am):
    account = AccountFactory(relationship_owner=am)
    task = activity_log(
        actor=am,
        kind=ActivityKind.TASK,
        subject="Send the renewal offer",
        account=account,
        due_on=timezone.localdate() + timedelta(days=3),
    )

    task_complete(actor=am, task=task)
    done_at = Activity.objects.get(pk=task.pk).done_at
    task_complete(actor=am, task=task)

    assert done_at is not None
    assert Activity.objects.get(pk=task.pk).done_at == done_at


def test_another_account_manager_may_not_give_a_task_on_the_account(am):
    account = AccountFactory(relationship_owner=am)
    with pytest.raises(PermissionDenied):
        activity_log(
            actor=user_with(Role.ACCOUNT_MANAGER),
            kind=ActivityKind.TASK,
            subject="Not mine",
            account=account,
        )

    assert not Activity.objects.exists()
