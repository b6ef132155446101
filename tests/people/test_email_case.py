"""E-mail addresses are one address whatever their case: stored as typed, compared lowered."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import PASSWORD, user_with
from twofold.people.choices import Role
from twofold.people.models import User

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_signing_in_with_the_address_in_capitals_works(client):
    user = user_with(Role.ACCOUNT_MANAGER, email="am2@demo.twofold.test")

    response = sign_in(client, "AM2@Demo.Twofold.Test", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_user_stored_in_capitals_signs_in_with_the_address_in_lower_case(client):
    user = user_with(Role.BDM, email="Marco.Rossi@Example.test")

    sign_in(client, "marco.rossi@example.test", PASSWORD)

    assert client.session["_auth_user_id"] == str(user.pk)


def test_failures_in_different_cases_count_towards_one_lockout(client, settings):
    user_with(Role.BDM, email="marco@example.test")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        typed = "marco@example.test" if attempt % 2 else "MARCO@example.test"
        sign_in(client, typed, WRONG)

    response = sign_in(client, "Marco@Example.Test", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_password_reset_for_the_address_in_capitals_mails_the_stored_address(client):
    user_with(Role.BDM, email="marco@example.test")

    client.post(reverse("password_reset"), {"email": "MARCO@EXAMPLE.TEST"})

    assert [message.to for message in mail.outbox] == [["marco@example.test"]]


def test_the_database_refuses_a_second_user_with_the_address_in_other_case():
    user_with(Role.BDM, email="marco@example.test")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("Marco@Example.test", PASSWORD)


def test_a_new_user_keeps_the_address_as_typed():
    user = User.objects.create_user("Marco.Rossi@example.test", PASSWORD)

    assert user.email == "Marco.Rossi@example.test"
