"""One client-voice request per need: feedback attaches to a request, an admin merges two,
weights keep their currencies and each carer sees the accounts of theirs that asked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.accounts.factories import AccountFactory, cared_account
from tests.factories import user_with
from twofold.accounts.models import Feedback, VoiceRequest
from twofold.accounts.selectors.voice import (
    VoiceFilters,
    Weight,
    client_voice,
    voice_request_view,
    voice_requests_matching,
)
from twofold.accounts.services.voice import feedback_create, voice_request_merge
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def _ask(actor, account, title, kind="product_change", request=None):
    return feedback_create(actor=actor, account=account, kind=kind, title=title, request=request)


def test_feedback_with_the_title_of_an_open_request_attaches_to_it():
    account, manager, _ = cared_account()
    first = _ask(manager, account, "SSO login")

    second = _ask(manager, AccountFactory(relationship_owner=manager), "sso LOGIN")

    assert second.request_id == first.request_id
    assert VoiceRequest.objects.count() == 1


def test_feedback_attaches_to_the_request_the_carer_chose_whatever_its_title():
    account, manager, _ = cared_account()
    chosen = _ask(manager, account, "Single sign-on").request

    item = _ask(
        manager, AccountFactory(relationship_owner=manager), "Login with Okta", request=chosen
    )

    assert item.request == chosen
    assert item.title == "Login with Okta"


def test_feedback_chosen_for_a_merged_request_attaches_to_the_one_it_was_merged_into():
    account, manager, _ = cared_account()
    old = _ask(manager, account, "SSO").request
    kept = _ask(manager, account, "Single sign-on").request
    voice_request_merge(actor=user_with(Role.ADMIN), request=old, into=kept)

    item = _ask(manager, account, "SSO again", request=old)

    assert item.request == kept


def test_feedback_of_another_kind_than_the_chosen_request_is_refused():
    account, manager, _ = cared_account()
    chosen = _ask(manager, account, "SSO").request

    with pytest.raises(ValidationError) as raised:
        _ask(manager, account, "SSO", kind="policy_change", request=chosen)

    assert list(raised.value.message_dict) == ["request"]


def test_a_merge_into_a_request_of_another_kind_is_refused():
    account, manager, _ = cared_account()
    product = _ask(manager, account, "SSO").request
    policy = _ask(manager, account, "Longer payment terms", kind="policy_change").request

    with pytest.raises(ValidationError) as raised:
        voice_request_merge(actor=user_with(Role.ADMIN), request=product, into=policy)

    assert list(raised.value.message_dict) == ["into"]
    assert VoiceRequest.objects.get(pk=product.pk).merged_into_id is None


def test_merging_two_requests_combines_their_accounts_and_weights():
    big, manager, executive = cared_account(annual_value=Decimal(1000))
    small = AccountFactory(relationship_owner=manager, annual_value=Decimal(10))
    old = _ask(manager, big, "SSO").request
    kept = _ask(manager, small, "Single sign-on").request
    _ask(manager, big, "Single sign-on")

    voice_request_merge(actor=user_with(Role.ADMIN), request=old, into=kept)

    page = client_voice(actor=executive, filters=VoiceFilters())
    assert [(g.pk, g.accounts, g.requests, g.weights) for g in page.groups] == [
        (kept.pk, 2, 3, [Weight(Decimal("1010.00"), "EUR")])
    ]


def test_a_merged_request_keeps_its_row_and_its_history():
    account, manager, _ = cared_account()
    admin = user_with(Role.ADMIN)
    old = _ask(manager, account, "SSO").request
    kept = _ask(manager, account, "Single sign-on").request

    voice_request_merge(actor=admin, request=old, into=kept)

    old.refresh_from_db()
    assert (old.merged_into, old.merged_by) == (kept, admin)
    assert old.history.latest().history_change_reason == "Merged into “Single sign-on”"
    moved = Feedback.objects.get(title="SSO")
    assert moved.history.latest().history_user == admin
    assert moved.history.earliest().request_id == old.pk


def test_merging_again_into_the_same_request_changes_nothing():
    account, manager, _ = cared_account()
    admin = user_with(Role.ADMIN)
    old = _ask(manager, account, "SSO").request
    kept = _ask(manager, account, "Single sign-on").request
    voice_request_merge(actor=admin, request=old, into=kept)
    versions = old.history.count()

    voice_request_merge(actor=admin, request=old, into=kept)

    assert old.history.count() == versions


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("itself", "Choose another request to merge into."),
        ("merged", "That request is merged: merge into the one it leads to."),
    ],
)
def test_a_merge_into_itself_or_into_a_merged_request_is_refused(which, message):
    account, manager, _ = cared_account()
    admin = user_with(Role.ADMIN)
    source = _ask(manager, account, "SSO").request
    gone = _ask(manager, account, "Okta").request
    voice_request_merge(actor=admin, request=gone, into=_ask(manager, account, "Login").request)

    with pytest.raises(ValidationError) as raised:
        voice_request_merge(actor=admin, request=source, into=source if which == "itself" else gone)

    assert raised.value.message_dict == {"into": [message]}


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN], ids=str)
def test_only_an_admin_may_merge_requests(role):
    account, manager, _ = cared_account()
    old = _ask(manager, account, "SSO").request
    kept = _ask(manager, account, "Single sign-on").request

    with pytest.raises(PermissionDenied):
        voice_request_merge(actor=user_with(role), request=old, into=kept)

    old.refresh_from_db()
    assert old.merged_into is None


def test_weights_of_accounts_in_different_currencies_stay_apart():
    euros, manager, executive = cared_account(annual_value=Decimal(1000), currency="EUR")
    pounds = AccountFactory(relationship_owner=manager, annual_value=Decimal(500), currency="GBP")
    _ask(manager, euros, "SSO")
    _ask(manager, pounds, "SSO")

    page = client_voice(actor=executive, filters=VoiceFilters())

    assert page.groups[0].weights == [
        Weight(Decimal("1000.00"), "EUR"),
        Weight(Decimal("500.00"), "GBP"),
    ]


def test_the_manager_who_records_sees_the_combined_view_of_their_own_accounts_only():
    mine, manager, _ = cared_account(name="Mine", annual_value=Decimal(300))
    also_mine = AccountFactory(
        relationship_owner=manager, name="Also mine", annual_value=Decimal(200)
    )
    theirs, stranger, _ = cared_account(name="Theirs", annual_value=Decimal(9000))
    request = _ask(manager, mine, "SSO").request
    _ask(manager, also_mine, "SSO")
    _ask(stranger, theirs, "SSO")

    view = voice_request_view(actor=manager, request=request)

    assert [a.name for a in view.accounts] == ["Mine", "Also mine"]
    assert view.weights == [Weight(Decimal("500.00"), "EUR")]
    assert (view.other_accounts, view.other_weights) == (0, [])


def test_matching_requests_hold_every_typed_word_and_leave_out_merged_ones():
    account, manager, _ = cared_account()
    _ask(manager, account, "Login with SSO")
    _ask(manager, account, "SSO for admins")
    gone = _ask(manager, account, "SSO login please").request
    voice_request_merge(
        actor=user_with(Role.ADMIN),
        request=gone,
        into=VoiceRequest.objects.get(title="Login with SSO"),
    )

    found = voice_requests_matching(actor=manager, text="sso LOGIN")

    assert [r.title for r in found] == ["Login with SSO"]


# --- Web ------------------------------------------------------------------------------------


def test_recording_feedback_on_the_web_attaches_it_to_the_chosen_request(client):
    account, manager, _ = cared_account()
    chosen = _ask(manager, AccountFactory(relationship_owner=manager), "Single sign-on").request
    client.force_login(manager)

    response = client.post(
        reverse("accounts:feedback", args=[account.pk]),
        {"kind": "product_change", "title": "Okta login", "request": chosen.pk},
    )

    assert response.status_code == 302
    assert Feedback.objects.get(account=account).request == chosen


def test_typing_a_title_offers_the_open_requests_that_match(client):
    account, manager, _ = cared_account()
    _ask(manager, account, "Single sign-on with Okta")
    client.force_login(manager)

    response = client.get(reverse("accounts:voice_request_matches"), {"title": "okta"})

    assert "Single sign-on with Okta" in response.content.decode()
    assert 'name="request"' in response.content.decode()


def test_the_page_of_a_merged_request_leads_to_the_one_it_was_merged_into(client):
    account, manager, _ = cared_account()
    admin = user_with(Role.ADMIN)
    old = _ask(manager, account, "SSO").request
    kept = _ask(manager, account, "Single sign-on").request
    voice_request_merge(actor=admin, request=old, into=kept)
    client.force_login(admin)

    response = client.get(reverse("accounts:voice_request", args=[old.pk]), follow=True)

    assert response.redirect_chain == [(reverse("accounts:voice_request", args=[kept.pk]), 302)]
    assert "Merged into this request" in response.content.decode()


def test_the_request_page_shows_weights_with_their_currency(client):
    account, manager, executive = cared_account(annual_value=Decimal(39000), currency="GBP")
    request = _ask(manager, account, "SSO").request
    client.force_login(executive)

    response = client.get(reverse("accounts:voice_request", args=[request.pk]))

    assert "39,000.00 GBP" in response.content.decode()


def test_the_client_voice_page_shows_weights_with_their_currency(client):
    account, manager, executive = cared_account(annual_value=Decimal(39000), currency="GBP")
    _ask(manager, account, "SSO")
    client.force_login(executive)

    response = client.get(reverse("accounts:client_voice"))

    assert "39,000.00 GBP" in response.content.decode()


def test_the_request_page_costs_the_same_queries_whatever_the_accounts(
    client, django_assert_num_queries
):
    account, manager, executive = cared_account()
    request = _ask(manager, account, "SSO").request
    for _ in range(5):
        _ask(manager, AccountFactory(relationship_owner=manager), "SSO")
    client.force_login(executive)
    client.get(reverse("accounts:voice_request", args=[request.pk]))

    # Session, user, the actor's roles, the request, the team members of the actor's scope,
    # the feedback by account (scope inside), the requests merged into it.
    with django_assert_num_queries(7):
        client.get(reverse("accounts:voice_request", args=[request.pk]))


def test_the_feedback_tab_costs_the_same_queries_whatever_the_feedback(
    client, django_assert_num_queries
):
    account, manager, _ = cared_account()
    for n in range(5):
        _ask(manager, account, f"Ask {n}")
    client.force_login(manager)
    url = reverse("accounts:feedback", args=[account.pk])
    client.get(url)

    # As many with one piece of feedback as with five: the rows come in one query.
    with django_assert_num_queries(6):
        client.get(url)


def test_the_client_voice_page_costs_the_same_queries_whatever_the_requests(
    client, django_assert_num_queries
):
    _account, manager, executive = cared_account()
    for n in range(5):
        _ask(manager, AccountFactory(relationship_owner=manager), f"Ask {n}")
    client.force_login(executive)
    url = reverse("accounts:client_voice")
    client.get(url)

    # As many with one request as with five: groups and items come in one query each.
    with django_assert_num_queries(6):
        client.get(url)


def test_offering_requests_as_a_title_is_typed_costs_four_queries(
    client, django_assert_num_queries
):
    account, manager, _ = cared_account()
    for n in range(5):
        _ask(manager, account, f"Okta {n}")
    client.force_login(manager)
    url = reverse("accounts:voice_request_matches")

    # Session, user, the actor's roles, the matching requests with their account counts.
    with django_assert_num_queries(4):
        client.get(url, {"title": "okta"})
