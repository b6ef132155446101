"""Logging calls, meetings, e-mails and notes: who may, what it moves on the account."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import user_with
from twofold.accounts.choices import AccountStatus, ContactRole
from twofold.accounts.models import Account
from twofold.accounts.services.contacts import account_contact_add
from twofold.accounts.services.interactions import interaction_log
from twofold.activities.models import Activity
from twofold.parties.models import Contact
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def am():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager")


@pytest.fixture
def seller():
    return user_with(Role.BDM, full_name="Sam Seller")


@pytest.fixture
def account(am, seller):
    return AccountFactory(relationship_owner=am, seller=seller)


def test_a_call_is_logged_on_the_timeline_and_moves_the_last_contact(am, account):
    when = timezone.now() - timedelta(hours=1)

    entry = interaction_log(
        actor=am, account=account, kind="call", subject="Quarterly check-in", occurred_at=when
    )

    assert entry.author == am
    assert entry.subject == "Quarterly check-in"
    assert Account.objects.get(pk=account.pk).last_contact_at == when


def test_a_note_does_not_count_as_contact_with_the_client(am, account):
    interaction_log(actor=am, account=account, kind="note", subject="Thinking about renewal")

    assert Account.objects.get(pk=account.pk).last_contact_at is None


def test_logging_an_older_call_does_not_move_the_last_contact_back(am, account):
    recent = timezone.now() - timedelta(days=1)
    interaction_log(actor=am, account=account, kind="meeting", subject="Visit", occurred_at=recent)

    interaction_log(
        actor=am,
        account=account,
        kind="email",
        subject="Old mail",
        occurred_at=recent - timedelta(days=10),
    )

    assert Account.objects.get(pk=account.pk).last_contact_at == recent


def test_a_next_step_given_with_the_entry_becomes_the_accounts_next_step(am, account):
    due = timezone.localdate() + timedelta(days=7)

    interaction_log(
        actor=am,
        account=account,
        kind="call",
        subject="Call",
        next_step="Send the proposal",
        next_step_due=due,
    )

    account.refresh_from_db()
    assert (account.next_step, account.next_step_due) == ("Send the proposal", due)
    assert account.history.first().history_user == am


def test_a_due_date_without_a_next_step_is_refused(am, account):
    with pytest.raises(ValidationError) as caught:
        interaction_log(
            actor=am, account=account, kind="call", subject="Call", next_step_due=date(2030, 1, 1)
        )

    assert caught.value.message_dict == {"next_step": ["Say what the next step is."]}
    assert Activity.objects.count() == 0


def test_an_empty_subject_is_refused_and_nothing_is_written(am, account):
    with pytest.raises(ValidationError) as caught:
        interaction_log(actor=am, account=account, kind="call", subject="  ")

    assert caught.value.message_dict == {"subject": ["Say in a few words what happened."]}
    assert Activity.objects.count() == 0


def test_a_system_kind_cannot_be_logged_by_hand(am, account):
    with pytest.raises(ValidationError) as caught:
        interaction_log(actor=am, account=account, kind="handover", subject="Fake")

    assert set(caught.value.message_dict) == {"kind"}


def test_an_interaction_in_the_future_is_refused(am, account):
    with pytest.raises(ValidationError) as caught:
        interaction_log(
            actor=am,
            account=account,
            kind="meeting",
            subject="Tomorrow",
            occurred_at=timezone.now() + timedelta(days=1),
        )

    assert caught.value.message_dict == {
        "occurred_at": ["An interaction is logged once it has happened."]
    }


def test_a_contact_of_another_company_is_refused(am, account):
    stranger = Contact.objects.create(full_name="Stan Stranger", company=AccountFactory().company)

    with pytest.raises(ValidationError) as caught:
        interaction_log(actor=am, account=account, kind="call", subject="Hi", contact=stranger)

    assert caught.value.message_dict == {
        "contact": [f"Stan Stranger is not a contact of {account.name}."]
    }


def test_the_seller_may_add_a_note_during_the_shared_window(seller, account):
    account.shared_until = timezone.now() + timedelta(days=3)
    account.save()

    entry = interaction_log(actor=seller, account=account, kind="note", subject="They like golf")

    assert entry.author == seller


def test_the_seller_may_not_log_a_call_even_in_the_shared_window(seller, account):
    account.shared_until = timezone.now() + timedelta(days=3)
    account.save()

    with pytest.raises(PermissionDenied):
        interaction_log(actor=seller, account=account, kind="call", subject="Called them")

    assert Activity.objects.count() == 0


def test_after_the_shared_window_the_seller_is_refused_with_the_reason(seller, account):
    account.shared_until = timezone.now() - timedelta(days=1)
    account.save()

    with pytest.raises(PermissionDenied) as caught:
        interaction_log(actor=seller, account=account, kind="note", subject="Late note")

    ended = timezone.localtime(account.shared_until).strftime("%-d %B %Y")
    assert str(caught.value) == (
        f"The shared window ended on {ended}: the account belongs to Ada Manager now."
    )
    assert Activity.objects.count() == 0


def test_during_the_hand_over_the_seller_still_logs_everything(seller):
    account = AccountFactory(seller=seller, status=AccountStatus.IN_HANDOVER, accepted_at=None)

    entry = interaction_log(actor=seller, account=account, kind="call", subject="Kick-off")

    assert entry.kind == "call"


def test_the_account_executive_over_the_owner_may_log(am, account):
    team = account_team(am)

    entry = interaction_log(actor=team.lead, account=account, kind="meeting", subject="QBR")

    assert entry.author == team.lead


def test_another_account_manager_is_refused(account):
    other = user_with(Role.ACCOUNT_MANAGER)

    with pytest.raises(PermissionDenied) as caught:
        interaction_log(actor=other, account=account, kind="note", subject="Nosy")

    assert str(caught.value) == "You are not allowed to do this."


def _log_with(client, account, contact_id):
    return client.post(
        f"/api/v1/accounts/{account.pk}/interactions/",
        {"kind": "call", "subject": "Hi", "contact_id": contact_id},
        format="json",
    )


def test_the_api_refuses_another_companys_contact_by_id_without_their_name(am, account, api_as):
    other = AccountFactory()
    secret = account_contact_add(
        actor=None, account=other, role=ContactRole.OTHER, full_name="Secret Person"
    ).contact

    response = _log_with(api_as(am), account, secret.pk)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["contact_id"]
    assert "Secret Person" not in response.content.decode()
    assert not Activity.objects.exists()


def test_the_api_logs_an_interaction_with_a_person_at_the_client(am, account, api_as):
    person = account_contact_add(
        actor=am, account=account, role=ContactRole.OTHER, full_name="Fred Finance"
    ).contact

    response = _log_with(api_as(am), account, person.pk)

    assert response.status_code == 201
    assert Activity.objects.get().contact == person
