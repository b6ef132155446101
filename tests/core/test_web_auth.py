"""Signing in and out, password change and reset, lockout — through the real views."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, user_with
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_signing_in_with_the_right_password_goes_to_my_work(client):
    user = user_with(Role.BDM, email="marco@example.test")

    response = sign_in(client, "marco@example.test", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client):
    user_with(Role.BDM, email="marco@example.test")

    wrong_password = sign_in(client, "marco@example.test", WRONG)
    unknown_email = sign_in(client, "nobody@example.test", WRONG)

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == (
        unknown_email.context["form"].non_field_errors()
    )
    assert "_auth_user_id" not in client.session


def test_a_failed_sign_in_keeps_the_typed_email(client):
    response = sign_in(client, "marco@example.test", WRONG)

    assert 'value="marco@example.test"' in response.content.decode()


def test_a_deactivated_user_cannot_sign_in(client):
    user_with(Role.BDM, email="gone@example.test", is_active=False)

    response = sign_in(client, "gone@example.test", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_sign_in_even_with_the_right_password(client, settings):
    user_with(Role.BDM, email="marco@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "marco@example.test", WRONG)

    response = sign_in(client, "marco@example.test", PASSWORD)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post_and_ends_the_session(client):
    client.force_login(user_with(Role.BDM))

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_pages_redirect_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("people:user_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_changing_the_password_needs_the_old_one(client):
    user = user_with(Role.BDM)
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": WRONG,
            "new_password1": "a-new-long-pass-21",
            "new_password2": "a-new-long-pass-21",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_changing_the_password_with_the_old_one_works(client):
    user = user_with(Role.BDM)
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-pass-21",
            "new_password2": "a-new-long-pass-21",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-pass-21")


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = user_with(Role.BDM, email="marco@example.test")

    client.post(reverse("password_reset"), {"email": "marco@example.test"})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-pass-21", "new_password2": "a-new-long-pass-21"},
    )
    user.refresh_from_db()
    assert user.check_password("a-new-long-pass-21")


def test_a_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    known = client.post(reverse("password_reset"), {"email": "nobody@example.test"})

    assert known.status_code == 302
    assert known.url == reverse("password_reset_done")
    assert mail.outbox == []
