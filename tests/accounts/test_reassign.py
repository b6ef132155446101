"""Moving an account to another account manager: ownership events and refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import user_with
from twofold.accounts.choices import AccountStatus, OwnershipKind
from twofold.accounts.models import Account, OwnershipEvent
from twofold.accounts.services.reassign import account_reassign
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def old():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Olga Old")


@pytest.fixture
def new():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Nina New")


@pytest.fixture
def team(old, new):
    return account_team(old, new)


@pytest.fixture
def account(old):
    return AccountFactory(relationship_owner=old)


def test_the_account_executive_moves_an_account_within_their_team(team, account, new, old):
    account_reassign(actor=team.lead, account=account, new_owner=new, reason="Workload")

    assert Account.objects.get(pk=account.pk).relationship_owner == new
    event = OwnershipEvent.objects.get()
    assert (event.kind, event.previous, event.new, event.changed_by, event.reason) == (
        OwnershipKind.RELATIONSHIP,
        old,
        new,
        team.lead,
        "Workload",
    )


def test_moving_to_another_teams_manager_records_the_supervisor_change(account, old):
    admin = user_with(Role.ADMIN)
    first = account_team(old)
    stranger = user_with(Role.ACCOUNT_MANAGER)
    second = account_team(stranger)

    account_reassign(actor=admin, account=account, new_owner=stranger, reason="Region")

    supervisor = OwnershipEvent.objects.get(kind=OwnershipKind.SUPERVISOR)
    assert (supervisor.previous, supervisor.new) == (first.lead, second.lead)


def test_a_key_account_planned_by_the_old_owner_moves_its_plan_to_a_key_account_manager(old):
    admin = user_with(Role.ADMIN)
    kam = user_with(Role.KEY_ACCOUNT_MANAGER)
    account = AccountFactory(relationship_owner=old, plan_owner=old, is_key=True)

    account_reassign(actor=admin, account=account, new_owner=kam, reason="Key account")

    account.refresh_from_db()
    assert account.plan_owner == kam
    assert OwnershipEvent.objects.filter(kind=OwnershipKind.PLAN, new=kam).count() == 1


def test_a_reason_is_required(team, account, new):
    with pytest.raises(ValidationError) as caught:
        account_reassign(actor=team.lead, account=account, new_owner=new, reason=" ")

    assert caught.value.message_dict == {"reason": ["Say why the account moves."]}
    assert OwnershipEvent.objects.count() == 0


def test_the_same_owner_is_refused_with_a_reason(team, account, old):
    with pytest.raises(ValidationError) as caught:
        account_reassign(actor=team.lead, account=account, new_owner=old, reason="Again")

    assert caught.value.messages == ["Olga Old already looks after this account."]
    assert caught.value.code == "same_owner"


def test_someone_without_an_account_role_is_refused(account):
    seller = user_with(Role.BDM, full_name="Bob Seller")

    with pytest.raises(ValidationError) as caught:
        account_reassign(
            actor=user_with(Role.ADMIN), account=account, new_owner=seller, reason="Try"
        )

    assert caught.value.message_dict == {"new_owner": ["Bob Seller holds no account role."]}


def test_a_deactivated_account_manager_is_refused(account):
    gone = user_with(Role.ACCOUNT_MANAGER, full_name="Gina Gone", is_active=False)

    with pytest.raises(ValidationError) as caught:
        account_reassign(actor=user_with(Role.ADMIN), account=account, new_owner=gone, reason="x")

    assert caught.value.message_dict == {"new_owner": ["Gina Gone is deactivated."]}


def test_an_account_executive_may_not_move_it_to_someone_outside_their_teams(team, account):
    outsider = user_with(Role.ACCOUNT_MANAGER, full_name="Ollie Outside")

    with pytest.raises(ValidationError) as caught:
        account_reassign(actor=team.lead, account=account, new_owner=outsider, reason="x")

    assert caught.value.message_dict == {"new_owner": ["Ollie Outside is not in a team you lead."]}


def test_an_account_executive_of_another_team_is_refused(account, new):
    other_ae = account_team(user_with(Role.ACCOUNT_MANAGER)).lead

    with pytest.raises(PermissionDenied):
        account_reassign(actor=other_ae, account=account, new_owner=new, reason="x")

    assert OwnershipEvent.objects.count() == 0


def test_the_account_manager_may_not_move_their_own_account(team, account, old, new):
    with pytest.raises(PermissionDenied):
        account_reassign(actor=old, account=account, new_owner=new, reason="x")


def test_an_account_in_hand_over_is_routed_not_reassigned(team, new):
    account = AccountFactory(status=AccountStatus.IN_HANDOVER, accepted_at=None)

    with pytest.raises(ValidationError) as caught:
        account_reassign(actor=team.lead, account=account, new_owner=new, reason="x")

    assert caught.value.code == "in_handover"


def test_the_api_names_the_new_owner_id_the_client_sent_when_the_service_refuses(
    team, account, api_as
):
    outsider = user_with(Role.ACCOUNT_MANAGER, full_name="Otto Outside")

    response = api_as(team.lead).post(
        f"/api/v1/accounts/{account.pk}/reassign/",
        {"new_owner_id": outsider.pk, "reason": "Workload"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "new_owner_id": ["Otto Outside is not in a team you lead."]
    }
