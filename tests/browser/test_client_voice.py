"""The client's voice in a browser: typing a title offers the request to attach to, and an
admin merges one request into another from its page."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import PASSWORD, user_with
from twofold.accounts.models import Feedback, VoiceRequest
from twofold.accounts.services.voice import feedback_create
from twofold.people.choices import Role


def test_a_manager_attaches_feedback_and_an_admin_merges_two_requests(
    seeded_db, live_server, signed_in_page
):
    manager = user_with(Role.ACCOUNT_MANAGER, email="am@voice.example")
    account_team(manager, lead=user_with(Role.ACCOUNT_EXECUTIVE))
    user_with(Role.ADMIN, email="admin@voice.example")
    asked = AccountFactory(relationship_owner=manager, name="Asked first")
    account = AccountFactory(
        relationship_owner=manager, name="Nordic Logistics", annual_value=Decimal(39000)
    )
    sso = feedback_create(
        actor=manager, account=asked, kind="product_change", title="Single sign-on with Okta"
    ).request
    feedback_create(actor=manager, account=asked, kind="product_change", title="SAML login")

    page = signed_in_page("am@voice.example", PASSWORD)
    base = live_server.url
    page.goto(f"{base}/accounts/{account.pk}/feedback/")
    page.get_by_text("Record feedback or a change request").click()
    page.select_option("#id_kind", "product_change")
    page.fill("#id_title", "Okta")
    option = page.locator("#voice-matches label", has_text="Single sign-on with Okta")
    expect(option).to_be_visible()
    option.locator("input").check()
    page.fill("#id_title", "Log in through Okta")
    page.get_by_role("button", name="Record").click()
    expect(page.locator("body")).to_contain_text("Recorded.")
    assert Feedback.objects.get(account=account).request_id == sso.pk

    saml = VoiceRequest.objects.get(title="SAML login")
    page.context.clear_cookies()
    page = signed_in_page("admin@voice.example", PASSWORD)
    page.goto(f"{base}/accounts/client-voice/requests/{saml.pk}/")
    page.get_by_text("Merge into another request").click()
    page.fill("#id_merge_q", "okta")
    target = page.locator("#voice-matches label", has_text="Single sign-on with Okta")
    expect(target).to_be_visible()
    target.locator("input").check()
    page.get_by_role("button", name="Merge").click()

    expect(page).to_have_url(f"{base}/accounts/client-voice/requests/{sso.pk}/")
    expect(page.locator("main")).to_contain_text("Merged into this request")
    expect(page.locator("main")).to_contain_text("39,000.00 EUR")
