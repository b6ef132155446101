"""The portfolio API: filters, detail with owners, logging and contacts, reassignment."""

from __future__ import annotations

import pytest

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import user_with
from twofold.accounts.choices import ContactRole
from twofold.accounts.models import AccountContact
from twofold.accounts.services.contacts import account_contact_add
from twofold.activities.models import Activity
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def am():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager")


def test_the_portfolio_pages_by_keyset(am, api_as):
    for i in range(3):
        AccountFactory(name=f"Account {i}", relationship_owner=am)
    client = api_as(am)

    first = client.get("/api/v1/accounts/?page_size=2").json()
    second = client.get(first["next"]).json()

    assert [row["name"] for row in first["results"] + second["results"]] == [
        "Account 0",
        "Account 1",
        "Account 2",
    ]
    assert second["next"] is None


def test_the_account_shows_its_supervisor(am, api_as):
    ae = account_team(am, lead=user_with(Role.ACCOUNT_EXECUTIVE, full_name="Eve Exec")).lead
    account = AccountFactory(relationship_owner=am)

    body = api_as(ae).get(f"/api/v1/accounts/{account.pk}/").json()

    assert body["supervisor"]["full_name"] == "Eve Exec"
    assert body["relationship_owner"]["full_name"] == "Ada Manager"


def test_logging_an_interaction_returns_it(am, api_as):
    account = AccountFactory(relationship_owner=am)

    response = api_as(am).post(
        f"/api/v1/accounts/{account.pk}/interactions/",
        {"kind": "email", "subject": "Sent the deck"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["subject"] == "Sent the deck"
    assert Activity.objects.get().author == am


def test_a_bad_interaction_names_the_field(am, api_as):
    account = AccountFactory(relationship_owner=am)

    response = api_as(am).post(
        f"/api/v1/accounts/{account.pk}/interactions/",
        {"kind": "call", "subject": "Hi", "next_step_due": "2030-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"next_step": ["Say what the next step is."]}


def test_reassigning_to_the_same_owner_is_refused_with_a_code(am, api_as):
    ae = account_team(am).lead
    account = AccountFactory(relationship_owner=am)

    response = api_as(ae).post(
        f"/api/v1/accounts/{account.pk}/reassign/",
        {"new_owner_id": am.pk, "reason": "Again"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "same_owner"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("ends_within=99999999999", "ends_within"),
        ("ends_within=3651", "ends_within"),
        ("no_contact=99999999999", "no_contact"),
        ("no_contact=-5", "no_contact"),
        ("owner=99999999999999999999999", "owner"),
        ("owner=%C2%B2", "owner"),
    ],
)
def test_a_filter_out_of_range_is_refused_naming_it(am, api_as, query, field):
    response = api_as(am).get(f"/api/v1/accounts/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]


def test_a_page_size_that_is_not_a_plain_number_falls_back_to_the_default(am, api_as):
    AccountFactory(relationship_owner=am)

    response = api_as(am).get("/api/v1/accounts/?page_size=%C2%B2")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def _secret_person():
    """Someone at another client, known to the system by name."""
    other = AccountFactory()
    return account_contact_add(
        actor=None, account=other, role=ContactRole.OTHER, full_name="Secret Person"
    ).contact


def test_adding_another_companys_contact_is_refused_without_their_name(am, api_as):
    account = AccountFactory(relationship_owner=am)
    secret = _secret_person()

    response = api_as(am).post(
        f"/api/v1/accounts/{account.pk}/contacts/",
        {"contact_id": secret.pk, "role": ContactRole.OTHER},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["contact_id"]
    assert "Secret Person" not in response.content.decode()
    assert not AccountContact.objects.filter(account=account).exists()


def test_adding_a_person_twice_names_the_contact_id_the_client_sent(am, api_as):
    account = AccountFactory(relationship_owner=am)
    link = account_contact_add(actor=am, account=account, role=ContactRole.OTHER, full_name="Fred")

    response = api_as(am).post(
        f"/api/v1/accounts/{account.pk}/contacts/",
        {"contact_id": link.contact_id, "role": ContactRole.OTHER},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "contact_id": ["This person is already a contact of the account."]
    }
