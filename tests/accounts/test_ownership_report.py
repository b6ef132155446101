"""The ownership report: every owner change with who, when and why; counts per manager; CSV."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import user_with
from twofold.accounts.choices import OwnershipKind
from twofold.accounts.models import OwnershipEvent
from twofold.accounts.selectors.portfolio import (
    OwnershipFilters,
    moves_per_manager,
    ownership_page,
    quarter_of,
)
from twofold.accounts.services.reassign import account_reassign
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    old = user_with(Role.ACCOUNT_MANAGER, full_name="Olga Old")
    new = user_with(Role.ACCOUNT_MANAGER, full_name="Nina New")
    ae = account_team(old, new).lead
    accounts = [AccountFactory(relationship_owner=old) for _ in range(3)]
    for account in accounts[:2]:
        account_reassign(actor=ae, account=account, new_owner=new, reason="Rebalance")
    return ae, old, new, accounts


def test_the_report_lists_each_change_with_who_and_why(world):
    ae, old, new, _ = world

    page = ownership_page(actor=ae, filters=OwnershipFilters(kind=OwnershipKind.RELATIONSHIP))

    assert [(e.previous, e.new, e.changed_by, e.reason) for e in page.rows] == [
        (old, new, ae, "Rebalance"),
        (old, new, ae, "Rebalance"),
    ]


def test_moves_are_counted_per_account_manager_this_quarter(world):
    ae, *_ = world
    start, end = quarter_of(timezone.localdate())

    moves = moves_per_manager(actor=ae, start=start, end=end)

    assert [(m.full_name, m.gained, m.lost) for m in moves] == [
        ("Nina New", 2, 0),
        ("Olga Old", 0, 2),
    ]


def test_an_account_executive_does_not_see_another_teams_changes(world):
    stranger_ae = account_team(user_with(Role.ACCOUNT_MANAGER)).lead

    page = ownership_page(actor=stranger_ae, filters=OwnershipFilters())

    assert page.rows == []


def test_the_period_filter_leaves_out_older_changes(world):
    ae, *_ = world
    OwnershipEvent.objects.update(at=timezone.now() - timedelta(days=400))

    start, end = quarter_of(timezone.localdate())
    page = ownership_page(actor=ae, filters=OwnershipFilters(start=start, end=end))

    assert page.rows == []


def test_keyset_pages_walk_every_event_once(world):
    ae, *_ = world
    total = OwnershipEvent.objects.count()
    seen, after = [], ""
    while True:
        page = ownership_page(actor=ae, filters=OwnershipFilters(), after=after, size=1)
        seen += [event.pk for event in page.rows]
        if not page.next_cursor:
            break
        after = page.next_cursor

    assert sorted(seen) == sorted(OwnershipEvent.objects.values_list("pk", flat=True))
    assert len(seen) == total


def test_the_csv_export_has_a_row_per_change(world):
    ae, *_ = world
    client = Client()
    client.force_login(ae)

    response = client.get("/accounts/ownership/?format=csv")

    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert lines[0] == "when,kind,account,deal,from,to,changed by,reason"
    assert len(lines) == 1 + OwnershipEvent.objects.count()
    assert "Olga Old,Nina New" in lines[1]


def test_the_report_page_costs_the_same_queries_for_few_or_many_changes(
    world, django_assert_max_num_queries
):
    ae, old, new, accounts = world
    client = Client()
    client.force_login(ae)
    with django_assert_max_num_queries(30) as few:
        client.get("/accounts/ownership/")
    for account in accounts:
        account.refresh_from_db()
        target = old if account.relationship_owner == new else new
        account_reassign(actor=ae, account=account, new_owner=target, reason="Back")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/accounts/ownership/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["end=9999-12-31", "start=0001-01-01", "end=2024-13-45", "person=99999999999999999999999"],
)
def test_the_report_page_ignores_a_value_out_of_range(world, query):
    ae, *_ = world
    client = Client()
    client.force_login(ae)

    response = client.get(f"/accounts/ownership/?{query}")

    assert response.status_code == 200
    assert len(response.context["page"].rows) == OwnershipEvent.objects.count()


def test_the_csv_export_ignores_an_end_out_of_range(world):
    ae, *_ = world
    client = Client()
    client.force_login(ae)

    response = client.get("/accounts/ownership/?format=csv&end=9999-12-31")

    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 1 + OwnershipEvent.objects.count()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("end=9999-12-31", "end"),
        ("start=0001-01-01", "start"),
        ("start=yesterday", "start"),
        ("person=99999999999999999999999", "person"),
    ],
)
def test_the_api_refuses_a_value_out_of_range_naming_it(world, api_as, query, field):
    ae, *_ = world

    response = api_as(ae).get(f"/api/v1/ownership-events/?{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_the_api_takes_the_last_day_it_can_hold(world, api_as):
    ae, *_ = world

    response = api_as(ae).get("/api/v1/ownership-events/?start=1900-01-01&end=9998-12-31")

    assert response.status_code == 200
    assert len(response.json()["results"]) == OwnershipEvent.objects.count()
