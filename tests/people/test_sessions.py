"""Sessions and tokens: where a user is signed in, ending it, and "sign out everywhere"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, user_with
from twofold.people import access, selectors, services
from twofold.people.choices import Role
from twofold.people.models import ApiToken, UserSession, device_label

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def signed_in(user, **headers) -> Client:
    """A browser signed in as ``user`` through the sign-in form."""
    client = Client(**headers)
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def open_sessions(user):
    return list(UserSession.objects.filter(user=user, ended_at__isnull=True))


def test_signing_in_records_the_browser_with_its_device_and_address():
    user = user_with(Role.BDM)

    signed_in(user, HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")

    [session] = open_sessions(user)
    assert session.device == "Firefox on Linux"
    assert session.ip_address == "203.0.113.7"


def test_signing_out_ends_the_browsers_session_without_a_history_row():
    user = user_with(Role.BDM)
    browser = signed_in(user)

    browser.post(reverse("logout"))

    assert open_sessions(user) == []
    assert UserSession.history.count() == 0


def test_ending_a_session_signs_that_browser_out_and_no_other():
    user = user_with(Role.BDM)
    laptop = signed_in(user)
    phone = signed_in(user)
    phone_session = UserSession.objects.get(session_key=phone.session.session_key)

    access.session_end(actor=user, session=phone_session)

    assert not is_signed_in(phone)
    assert is_signed_in(laptop)


def test_ending_all_other_sessions_keeps_the_one_asking():
    user = user_with(Role.BDM)
    laptop = signed_in(user)
    phone = signed_in(user)
    tablet = signed_in(user)

    ended = access.sessions_end_all(actor=user, user=user, keep_key=laptop.session.session_key)

    assert ended == 2
    assert (is_signed_in(laptop), is_signed_in(phone), is_signed_in(tablet)) == (
        True,
        False,
        False,
    )


def test_the_page_lists_the_users_sessions_and_marks_this_browser():
    user = user_with(Role.BDM)
    signed_in(user, HTTP_USER_AGENT=FIREFOX)
    laptop = signed_in(user)

    response = laptop.get(reverse("people:security"))

    rows = response.context["sessions"]
    assert [row.current for row in rows] == [True, False]
    assert "Firefox on Linux" in response.content.decode()
    assert "End all other sessions" in response.content.decode()


def test_the_end_button_signs_the_other_browser_out():
    user = user_with(Role.BDM)
    phone = signed_in(user)
    laptop = signed_in(user)
    phone_session = UserSession.objects.get(session_key=phone.session.session_key)

    response = laptop.post(reverse("people:session_end", args=[phone_session.pk]))

    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)


def test_a_password_change_signs_out_the_other_browsers_and_keeps_this_one_listed():
    user = user_with(Role.BDM)
    phone = signed_in(user)
    laptop = signed_in(user)

    laptop.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-Secret-42",
            "new_password2": "n3w-Secret-42",
        },
    )

    assert not is_signed_in(phone)
    rows = laptop.get(reverse("people:security")).context["sessions"]
    assert [row.current for row in rows] == [True]
    [ended] = UserSession.history.filter(history_type="~")
    assert ended.history_change_reason == "Password changed"


def test_after_a_password_change_the_user_can_revoke_all_their_tokens():
    user = user_with(Role.BDM)
    for name in ["deploy", "backup"]:
        access.api_token_create(actor=user, user=user, name=name)
    laptop = signed_in(user)
    done = laptop.get(reverse("password_change_done")).content.decode()
    assert reverse("people:tokens_revoke_all") in done

    laptop.post(reverse("people:tokens_revoke_all"))

    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_an_admin_signs_a_user_out_everywhere_and_the_users_history_names_the_admin(admin_user):
    user = user_with(Role.BDM)
    phone = signed_in(user)
    admin = Client()
    admin.force_login(admin_user)

    admin.post(reverse("people:user_sessions_end_all", args=[user.pk]))

    assert not is_signed_in(phone)
    [entry] = [
        e for e in selectors.user_history(actor=admin_user, user=user) if e.subject == "Session"
    ]
    assert (entry.actor_name, entry.reason, entry.source) == (
        "Ada Admin",
        "Ended by an admin",
        "web",
    )


def test_an_admin_revoking_a_users_token_is_recorded_in_the_users_history(admin_user):
    user = user_with(Role.BDM)
    token = access.api_token_create(actor=user, user=user, name="deploy").token
    admin = Client()
    admin.force_login(admin_user)

    admin.post(reverse("people:user_token_revoke_here", args=[user.pk, token.pk]))

    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = [e for e in selectors.user_history(actor=admin_user, user=user) if e.reason]
    assert ("API token", "Ada Admin", "Revoked by an admin") in {
        (e.subject, e.actor_name, e.reason) for e in revoked
    }


def test_the_admin_page_lists_the_users_sessions(admin_user):
    user = user_with(Role.BDM, full_name="Sam Seller")
    signed_in(user, HTTP_USER_AGENT=FIREFOX)
    admin = Client()
    admin.force_login(admin_user)

    page = admin.get(reverse("people:user_security", args=[user.pk])).content.decode()

    assert "Sessions and tokens" in page
    assert "Firefox on Linux" in page
    assert "Sign Sam out everywhere" in page


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.ADMIN}))
def test_no_one_but_an_admin_may_end_someone_elses_session(role):
    colleague = user_with(Role.BDM)
    browser = signed_in(colleague)
    session = UserSession.objects.get(user=colleague)

    with pytest.raises(PermissionDenied):
        access.session_end(actor=user_with(role), session=session)

    assert is_signed_in(browser)


def test_a_deactivated_user_is_signed_out_everywhere(admin_user):
    user = user_with(Role.BDM)
    browser = signed_in(user)

    services.user_deactivate(actor=admin_user, user=user)

    assert open_sessions(user) == []
    assert not is_signed_in(browser)


def test_a_session_whose_password_changed_elsewhere_is_not_listed():
    user = user_with(Role.BDM)
    signed_in(user)
    user.set_password("changed-at-the-command-line-1")
    user.save()

    assert selectors.session_list(actor=user, user=user) == []


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (FIREFOX, "Firefox on Linux"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36 Edg/126.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iOS",
        ),
        ("", "Unknown device"),
    ],
)
def test_a_user_agent_is_shown_as_browser_and_system(user_agent, label):
    assert device_label(user_agent) == label
