"""The people at the client and their roles on the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from twofold.accounts.models import AccountContact
from twofold.accounts.services.contacts import (
    account_contact_add,
    account_contact_remove,
    account_contact_update,
)
from twofold.parties.models import Contact
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def am():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager")


@pytest.fixture
def account(am):
    return AccountFactory(relationship_owner=am, seller=user_with(Role.BDM))


def test_a_new_person_is_created_at_the_accounts_company(am, account):
    link = account_contact_add(
        actor=am, account=account, role="champion", full_name="Chloe Champion", email="c@x.test"
    )

    assert link.contact.company_id == account.company_id
    assert (link.contact.full_name, link.role) == ("Chloe Champion", "champion")


def test_an_existing_person_of_the_company_is_linked(am, account):
    person = Contact.objects.create(full_name="Fred Finance", company=account.company)

    link = account_contact_add(actor=am, account=account, role="finance", contact=person)

    assert link.contact == person


def test_a_person_of_another_company_is_refused(am, account):
    person = Contact.objects.create(full_name="Otto", company=AccountFactory().company)

    with pytest.raises(ValidationError) as caught:
        account_contact_add(actor=am, account=account, role="user", contact=person)

    assert caught.value.message_dict == {"contact": ["Otto works for another company."]}


def test_adding_the_same_person_twice_is_refused(am, account):
    person = Contact.objects.create(full_name="Fred", company=account.company)
    account_contact_add(actor=am, account=account, role="finance", contact=person)

    with pytest.raises(ValidationError) as caught:
        account_contact_add(actor=am, account=account, role="user", contact=person)

    assert caught.value.message_dict == {
        "contact": ["This person is already a contact of the account."]
    }


def test_a_new_person_without_a_name_is_refused_and_nothing_is_written(am, account):
    with pytest.raises(ValidationError) as caught:
        account_contact_add(actor=am, account=account, role="user", full_name=" ")

    assert set(caught.value.message_dict) == {"full_name"}
    assert Contact.objects.count() == 0


def test_an_unknown_role_is_refused(am, account):
    with pytest.raises(ValidationError) as caught:
        account_contact_add(actor=am, account=account, role="king", full_name="K")

    assert set(caught.value.message_dict) == {"role"}


def test_only_one_contact_is_primary(am, account):
    first = account_contact_add(
        actor=am, account=account, role="user", full_name="First", is_primary=True
    )
    second = account_contact_add(actor=am, account=account, role="user", full_name="Second")

    account_contact_update(actor=am, account_contact=second, role="champion", is_primary=True)

    first.refresh_from_db()
    assert (first.is_primary, second.is_primary, second.role) == (False, True, "champion")


def test_removing_a_contact_keeps_the_person(am, account):
    link = account_contact_add(actor=am, account=account, role="user", full_name="Leaving")

    account_contact_remove(actor=am, account_contact=link)

    assert AccountContact.objects.count() == 0
    assert Contact.objects.filter(full_name="Leaving").exists()


def test_the_seller_after_the_window_may_not_change_contacts(account):
    account.shared_until = timezone.now() - timedelta(days=1)
    account.save()

    with pytest.raises(PermissionDenied) as caught:
        account_contact_add(actor=account.seller, account=account, role="user", full_name="X")

    assert "the account belongs to Ada Manager now" in str(caught.value)
    assert Contact.objects.count() == 0
