"""The portfolio: whose accounts, filters, sorts, keyset pages and a constant query count."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import user_with
from twofold.accounts.choices import AccountStatus
from twofold.accounts.selectors.portfolio import (
    PORTFOLIO_SORTING,
    PortfolioFilters,
    account_managers_for,
    portfolio_page,
)
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def am():
    return user_with(Role.ACCOUNT_MANAGER, full_name="Ada Manager")


def names(page) -> list[str]:
    return [account.name for account in page.rows]


def page_of(actor, **filters):
    return portfolio_page(actor=actor, filters=PortfolioFilters(**filters))


def test_an_account_manager_sees_only_their_accounts(am):
    AccountFactory(name="Mine", relationship_owner=am)
    AccountFactory(name="Theirs", relationship_owner=user_with(Role.ACCOUNT_MANAGER))

    assert names(page_of(am)) == ["Mine"]


def test_a_key_account_manager_sees_the_accounts_they_plan():
    kam = user_with(Role.KEY_ACCOUNT_MANAGER)
    AccountFactory(
        name="Planned", plan_owner=kam, relationship_owner=user_with(Role.ACCOUNT_MANAGER)
    )

    assert names(page_of(kam, view="mine")) == ["Planned"]


def test_an_account_executive_sees_their_teams_accounts_and_filters_by_manager(am):
    other = user_with(Role.ACCOUNT_MANAGER)
    ae = account_team(am, other).lead
    AccountFactory(name="A", relationship_owner=am)
    AccountFactory(name="B", relationship_owner=other)
    AccountFactory(name="C", relationship_owner=user_with(Role.ACCOUNT_MANAGER))

    assert names(page_of(ae)) == ["A", "B"]
    assert names(page_of(ae, owner_id=other.pk)) == ["B"]
    assert list(account_managers_for(ae)) == sorted([am, other], key=lambda u: u.full_name)


def test_a_seller_sees_the_accounts_they_sold():
    seller = user_with(Role.BDM)
    AccountFactory(name="Sold", seller=seller, relationship_owner=user_with(Role.ACCOUNT_MANAGER))
    AccountFactory(name="Other")

    assert names(page_of(seller, view="sold")) == ["Sold"]


def test_filters_by_status_and_key(am):
    AccountFactory(name="Pending", relationship_owner=am, status=AccountStatus.IN_HANDOVER)
    AccountFactory(name="Key", relationship_owner=am, is_key=True)
    AccountFactory(name="Plain", relationship_owner=am)

    assert names(page_of(am, status="in_handover")) == ["Pending"]
    assert names(page_of(am, key_only=True)) == ["Key"]


def test_filters_contracts_ending_within_n_days(am):
    today = timezone.localdate()
    AccountFactory(name="Soon", relationship_owner=am, contract_end=today + timedelta(days=20))
    AccountFactory(name="Later", relationship_owner=am, contract_end=today + timedelta(days=200))
    AccountFactory(name="Ended", relationship_owner=am, contract_end=today - timedelta(days=2))

    assert names(page_of(am, ends_within_days=30)) == ["Soon"]


def test_filters_accounts_without_contact_for_n_days(am):
    now = timezone.now()
    AccountFactory(name="Fresh", relationship_owner=am, last_contact_at=now - timedelta(days=2))
    AccountFactory(name="Stale", relationship_owner=am, last_contact_at=now - timedelta(days=90))
    AccountFactory(name="Never", relationship_owner=am)

    assert names(page_of(am, no_contact_days=30)) == ["Never", "Stale"]


def test_search_finds_a_word_anywhere_in_the_name_ignoring_case(am):
    AccountFactory(name="Acme Robotics", relationship_owner=am)
    AccountFactory(name="Robotics Acme", relationship_owner=am)
    AccountFactory(name="Zeta", relationship_owner=am)

    assert names(page_of(am, q="acme")) == ["Acme Robotics", "Robotics Acme"]


def test_sort_by_last_contact_puts_the_never_contacted_first(am):
    now = timezone.now()
    AccountFactory(name="Recent", relationship_owner=am, last_contact_at=now)
    AccountFactory(name="Old", relationship_owner=am, last_contact_at=now - timedelta(days=50))
    AccountFactory(name="Never", relationship_owner=am)

    assert names(page_of(am, sort="last_contact")) == ["Never", "Old", "Recent"]


def test_sort_by_next_step_due_puts_accounts_without_one_last(am):
    today = timezone.localdate()
    AccountFactory(name="None", relationship_owner=am)
    AccountFactory(name="Late", relationship_owner=am, next_step_due=today + timedelta(days=9))
    AccountFactory(name="Soon", relationship_owner=am, next_step_due=today)

    assert names(page_of(am, sort="next_step_due")) == ["Soon", "Late", "None"]


@pytest.mark.parametrize("sort", PORTFOLIO_SORTING.params())
def test_keyset_pages_walk_every_account_once_in_each_sort(am, sort):
    today = timezone.localdate()
    for i in range(7):
        AccountFactory(
            name=f"Account {i}",
            relationship_owner=am,
            contract_end=today + timedelta(days=i % 3) if i % 2 else None,
            next_step_due=today + timedelta(days=i % 2) if i % 3 else None,
            last_contact_at=timezone.now() - timedelta(days=i % 4) if i % 2 else None,
        )
    filters = PortfolioFilters(sort=sort)
    whole = names(portfolio_page(actor=am, filters=filters, size=100))

    seen, after = [], ""
    while True:
        page = portfolio_page(actor=am, filters=filters, after=after, size=3)
        seen += names(page)
        if not page.next_cursor:
            break
        after = page.next_cursor

    assert seen == whole
    assert len(seen) == 7


def test_budget_use_is_what_we_sold_as_a_share_of_the_clients_budget(am):
    AccountFactory(
        relationship_owner=am, budget_total=Decimal("200000"), sold_total=Decimal("50000")
    )

    assert page_of(am).rows[0].budget_use == Decimal("25")


@pytest.mark.parametrize(("sold", "budget"), [("25.00", "1000.00"), ("5.00", "1000.00")])
def test_a_budget_use_of_a_half_per_cent_rounds_away_from_zero(am, sold, budget):
    AccountFactory(relationship_owner=am, budget_total=Decimal(budget), sold_total=Decimal(sold))

    exact = Decimal(sold) * 100 / Decimal(budget)  # 2.5 %, 0.5 %
    assert page_of(am).rows[0].budget_use == exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def test_a_cursor_that_does_not_parse_starts_from_the_first_page(am):
    AccountFactory(name="Only", relationship_owner=am)

    page = portfolio_page(actor=am, filters=PortfolioFilters(), after="garbage!")

    assert (names(page), page.is_first) == (["Only"], True)


def test_the_page_costs_the_same_queries_for_5_or_40_accounts(am, django_assert_num_queries):
    ae = account_team(am).lead
    for _ in range(5):
        AccountFactory(relationship_owner=am)
    ae = type(ae).objects.get(pk=ae.pk)
    # The actor's roles, their team, the page, the count (capped).
    with django_assert_num_queries(4) as few:
        page_of(ae, sort="contract_end")
    for _ in range(35):
        AccountFactory(relationship_owner=am)
    ae = type(ae).objects.get(pk=ae.pk)

    with django_assert_num_queries(len(few.captured_queries)):
        page = page_of(ae, sort="contract_end")

    assert len(page.rows) == 40


@pytest.mark.parametrize(
    "query",
    [
        "ends_within=99999999999",
        "no_contact=99999999999",
        "ends_within=-1",
        "no_contact=%C2%B2",
        "owner=99999999999999999999999",
    ],
)
def test_the_page_ignores_a_number_out_of_range_like_an_unknown_filter(am, client, query):
    AccountFactory(name="Still listed", relationship_owner=am)
    client.force_login(am)

    response = client.get(f"/accounts/?{query}")

    assert response.status_code == 200
    assert [account.name for account in response.context["page"].rows] == ["Still listed"]


def test_the_page_still_filters_on_the_largest_day_count(am, client):
    today = timezone.localdate()
    AccountFactory(name="In ten years", relationship_owner=am, contract_end=today + timedelta(3650))
    AccountFactory(name="Later", relationship_owner=am, contract_end=today + timedelta(3651))
    client.force_login(am)

    response = client.get("/accounts/?ends_within=3650")

    assert [account.name for account in response.context["page"].rows] == ["In ten years"]
