"""The account page: owners, contacts, timeline, quick-log (htmx), read-only for the seller."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import user_with
from twofold.accounts.services.contacts import account_contact_add
from twofold.accounts.services.interactions import interaction_log
from twofold.activities.models import Activity
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def am():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager")


@pytest.fixture
def account(am):
    return AccountFactory(
        name="Acme Ltd", relationship_owner=am, seller=user_with(Role.BDM, full_name="Sam Seller")
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_four_owners(am, account):
    ae = account_team(am, lead=user_with(Role.ACCOUNT_EXECUTIVE, full_name="Eve Exec")).lead

    body = client_for(ae).get(f"/accounts/{account.pk}/").content.decode()

    for text in ["Relationship owner", "Ada Manager", "Supervisor", "Eve Exec", "Sam Seller"]:
        assert text in body


def test_the_owner_sees_the_quick_log_and_contacts_with_their_role(am, account):
    account_contact_add(actor=am, account=account, role="champion", full_name="Chloe Champion")

    body = client_for(am).get(f"/accounts/{account.pk}/").content.decode()

    assert 'id="quick-log"' in body
    assert "Chloe Champion" in body
    assert "Champion" in body


def test_a_quick_log_from_htmx_answers_with_the_new_entry_at_the_top(am, account):
    response = client_for(am).post(
        f"/accounts/{account.pk}/interactions/",
        {"kind": "call", "subject": "Talked renewal", "next_step": "Send quote"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="afterbegin:#timeline-list"' in body
    assert "Talked renewal" in body
    assert "Send quote" in body
    assert Activity.objects.get().subject == "Talked renewal"


def test_a_quick_log_with_errors_re_renders_the_form_and_writes_nothing(am, account):
    response = client_for(am).post(
        f"/accounts/{account.pk}/interactions/",
        {"kind": "call", "subject": ""},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert "hx-swap-oob" not in body
    assert Activity.objects.count() == 0


def test_a_plain_quick_log_redirects_to_the_account(am, account):
    response = client_for(am).post(
        f"/accounts/{account.pk}/interactions/", {"kind": "meeting", "subject": "Visit"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/{account.pk}/"


def test_the_seller_after_the_window_sees_the_page_read_only(account):
    account.shared_until = timezone.now() - timedelta(days=1)
    account.save()

    body = client_for(account.seller).get(f"/accounts/{account.pk}/").content.decode()

    assert "read-only" in body
    assert 'id="quick-log"' not in body
    assert "contacts/new/" not in body


def test_the_seller_in_the_window_may_only_choose_a_note(account):
    account.shared_until = timezone.now() + timedelta(days=5)
    account.save()

    body = client_for(account.seller).get(f"/accounts/{account.pk}/").content.decode()

    assert 'id="quick-log"' in body
    assert 'value="note"' in body
    assert 'value="call"' not in body


def test_the_seller_adds_a_note_in_the_window_from_the_page(account):
    account.shared_until = timezone.now() + timedelta(days=5)
    account.save()

    response = client_for(account.seller).post(
        f"/accounts/{account.pk}/interactions/", {"kind": "note", "subject": "Loves golf"}
    )

    assert response.status_code == 302
    assert Activity.objects.get().author == account.seller


def test_the_timeline_shows_25_entries_and_pages_older_ones(am, account):
    start = timezone.now() - timedelta(days=40)
    for i in range(30):
        interaction_log(
            actor=am,
            account=account,
            kind="note",
            subject=f"Entry {i:02d}",
            occurred_at=start + timedelta(days=i),
        )
    client = client_for(am)

    first = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "Entry 29" in first
    assert "Entry 04" not in first
    older = first.split("?before=")[1].split('"')[0].split("#")[0]
    rest = client.get(
        f"/accounts/{account.pk}/?before={older}", HTTP_HX_REQUEST="true"
    ).content.decode()

    assert [f"Entry {i:02d}" in rest for i in (4, 0, 5)] == [True, True, False]
    assert "Older entries" not in rest


def test_the_page_costs_the_same_queries_with_3_or_30_entries(
    am, account, django_assert_max_num_queries
):
    client = client_for(am)
    for i in range(3):
        account_contact_add(actor=am, account=account, role="user", full_name=f"P{i}")
        interaction_log(actor=am, account=account, kind="call", subject=f"C{i}")
    with django_assert_max_num_queries(40) as few:
        client.get(f"/accounts/{account.pk}/")
    for i in range(27):
        interaction_log(actor=am, account=account, kind="call", subject=f"More {i}")
    for i in range(3, 10):
        account_contact_add(actor=am, account=account, role="user", full_name=f"P{i}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/accounts/{account.pk}/")

    assert response.status_code == 200


def test_another_account_manager_gets_not_found(account):
    response = client_for(user_with(Role.ACCOUNT_MANAGER)).get(f"/accounts/{account.pk}/")

    assert response.status_code == 404


def test_the_header_names_the_seller_of_the_latest_won_deal(admin_user):
    from tests.handover.helpers import win, won_package
    from tests.sales.factories import deal_for, sales_team

    account = won_package().account
    later = user_with(Role.BDM, full_name="Lee Later")
    sales_team(later)
    win(deal_for(later, company=account.company, name="Second deal"))

    body = client_for(admin_user).get(f"/accounts/{account.pk}/").content.decode()

    header = body.split('aria-label="Owners"')[1].split("</dl>")[0]
    assert "Sam Seller" in header  # who won the customer
    assert "Latest sale" in header
    assert "Lee Later" in header
    assert "Second deal" in header


def test_the_header_names_no_latest_sale_without_a_won_deal(am, account):
    body = client_for(am).get(f"/accounts/{account.pk}/").content.decode()

    assert "Latest sale" not in body
