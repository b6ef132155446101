"""Password change and reset use Twofold's own pages and wording, and a reset cannot flood a
mailbox: a few e-mails per address and per client an hour, the same answer either way."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import user_with
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def reset(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete"]
)
def test_the_reset_pages_are_twofolds_own(client, name):
    page = client.get(reverse(name)).content.decode()

    assert "Django site admin" not in page
    assert "/backoffice/" not in page
    assert "· Twofold</title>" in page


@pytest.mark.parametrize("name", ["password_change", "password_change_done"])
def test_the_change_pages_are_twofolds_own(client, name):
    client.force_login(user_with(Role.BDM))

    page = client.get(reverse(name)).content.decode()

    assert "Django site admin" not in page
    assert "/backoffice/" not in page
    assert "· Twofold</title>" in page


def test_the_reset_email_is_worded_by_twofold_and_links_to_the_configured_address(client, settings):
    settings.TWOFOLD_BASE_URL = "https://crm.example.com"
    user_with(Role.BDM, email="marco@example.test")

    reset(client, "marco@example.test", HTTP_HOST="localhost")

    [message] = mail.outbox
    assert message.subject == "Reset your Twofold password"
    links = [line for line in message.body.splitlines() if "/password/reset/" in line]
    assert links
    assert links[0].startswith("https://crm.example.com/password/reset/")
    assert "localhost" not in message.body


def test_fifteen_resets_of_one_address_send_three_emails(client, settings):
    settings.TWOFOLD_PASSWORD_RESETS_PER_HOUR = 3
    user_with(Role.BDM, email="marco@example.test")

    answers = {reset(client, "marco@example.test").url for _ in range(15)}

    assert len(mail.outbox) == 3
    assert answers == {reverse("password_reset_done")}


def test_one_client_cannot_spread_resets_over_many_addresses(client, settings):
    settings.TWOFOLD_PASSWORD_RESETS_PER_HOUR = 3
    for n in range(6):
        user_with(Role.BDM, email=f"person{n}@example.test")

    for n in range(6):
        reset(client, f"person{n}@example.test")

    assert len(mail.outbox) == 3


def test_the_limit_counts_the_address_in_any_case(client, settings):
    settings.TWOFOLD_PASSWORD_RESETS_PER_HOUR = 2
    user_with(Role.BDM, email="marco@example.test")

    for n, typed in enumerate(["marco@example.test", "MARCO@example.test", "Marco@Example.Test"]):
        reset(client, typed, REMOTE_ADDR=f"10.0.0.{n}")

    assert len(mail.outbox) == 2


def test_a_limited_reset_answers_like_an_unknown_address(client, settings):
    settings.TWOFOLD_PASSWORD_RESETS_PER_HOUR = 1
    user_with(Role.BDM, email="marco@example.test")
    reset(client, "marco@example.test")

    limited = reset(client, "marco@example.test", REMOTE_ADDR="10.0.0.9")
    unknown = reset(client, "nobody@example.test", REMOTE_ADDR="10.0.0.8")

    assert (limited.status_code, limited.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1
