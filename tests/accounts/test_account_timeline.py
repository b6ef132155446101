"""One client history: the account's timeline holds what was logged on its deals and on the
lead a deal came from, marked as such, at the same cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from tests.sales.factories import LeadFactory, deal_for
from twofold.accounts.selectors.account import timeline_page
from twofold.accounts.services.interactions import interaction_log
from twofold.activities.models import ActivityKind
from twofold.activities.services import activity_log
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
    return AccountFactory(name="Acme Ltd", relationship_owner=am, seller=seller)


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


def _sold(account, seller, *, name="Fleet rollout"):
    """The won deal that made the account, and the lead it came from."""
    deal = deal_for(seller, company=account.company, name=name)
    lead = LeadFactory(full_name="Lena Lead", owner=seller, opportunity=deal)
    return deal, lead


def test_the_calls_made_before_the_sale_show_on_the_account_newest_first(am, seller, account):
    deal, lead = _sold(account, seller)
    activity_log(
        actor=None, kind="call", subject="First call", owner=seller, lead=lead, occurred_at=_ago(90)
    )
    activity_log(
        actor=None,
        kind="meeting",
        subject="Demo",
        owner=seller,
        opportunity=deal,
        occurred_at=_ago(60),
    )
    interaction_log(actor=am, account=account, kind="call", subject="Welcome call")

    rows = timeline_page(account=account).rows

    assert [(r.subject, r.lead_id, r.opportunity_id, r.account_id) for r in rows] == [
        ("Welcome call", None, None, account.pk),
        ("Demo", None, deal.pk, None),
        ("First call", lead.pk, None, None),
    ]


def test_another_clients_deals_stay_off_the_timeline(seller, account):
    other = deal_for(seller, name="Someone else's deal")
    activity_log(actor=None, kind="call", subject="Their call", owner=seller, opportunity=other)

    assert timeline_page(account=account).rows == []


def test_the_page_marks_the_entries_of_a_deal_and_of_its_lead(am, seller, account):
    deal, lead = _sold(account, seller)
    activity_log(actor=None, kind="call", subject="Qualifying call", owner=seller, lead=lead)
    activity_log(actor=None, kind="email", subject="Sent the offer", owner=seller, opportunity=deal)
    client = Client()
    client.force_login(am)

    html = client.get(f"/accounts/{account.pk}/").content.decode()

    assert "On the deal Fleet rollout" in html
    assert "On the lead Lena Lead" in html


def test_a_task_on_the_timeline_shows_when_it_is_due(am, account):
    due = timezone.localdate() + timedelta(days=2)
    activity_log(
        actor=am, kind=ActivityKind.TASK, subject="Prepare the QBR", account=account, due_on=due
    )
    client = Client()
    client.force_login(am)

    html = client.get(f"/accounts/{account.pk}/").content.decode()

    assert f"due {due:%-d %b %Y}" in html


def test_the_api_names_the_deal_an_entry_came_from(am, seller, account, api_as):
    deal, _lead = _sold(account, seller)
    activity_log(actor=None, kind="call", subject="Pricing call", owner=seller, opportunity=deal)

    body = api_as(am).get(f"/api/v1/accounts/{account.pk}/interactions/").json()

    assert body["results"][0]["deal"] == {"id": deal.pk, "name": "Fleet rollout"}
    assert body["results"][0]["author"]["full_name"] == "Sam Seller"


def test_the_page_costs_the_same_queries_with_or_without_deal_history(
    am, seller, account, django_assert_max_num_queries
):
    client = Client()
    client.force_login(am)
    interaction_log(actor=am, account=account, kind="call", subject="Welcome call")
    with django_assert_max_num_queries(40) as few:
        client.get(f"/accounts/{account.pk}/")
    for n in range(3):
        deal, lead = _sold(account, seller, name=f"Deal {n}")
        for i in range(4):
            activity_log(actor=None, kind="call", subject=f"L{i}", owner=seller, lead=lead)
            activity_log(actor=None, kind="note", subject=f"D{i}", owner=seller, opportunity=deal)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/accounts/{account.pk}/")

    assert response.status_code == 200
