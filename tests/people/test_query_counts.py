"""List endpoints cost a constant number of queries, however many rows a page holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TeamFactory, user_with
from twofold.people.choices import Role, TeamKind

pytestmark = pytest.mark.django_db

# session, signed-in user, their roles, the page, roles of the page, teams of the page
USER_LIST_QUERIES = 6
# session, signed-in user, their roles, the page with leads and member counts
TEAM_LIST_QUERIES = 4


def populate_people(count: int) -> None:
    """``count`` users with two roles each, spread over a sales and an account team."""
    sales = TeamFactory(kind=TeamKind.SALES)
    accounts = TeamFactory(kind=TeamKind.ACCOUNT_MANAGEMENT)
    for n in range(count):
        if n % 2:
            TeamFactory(kind=TeamKind.SALES, lead=sales.lead, members=[user_with(Role.BDM)])
            user = user_with(Role.BDM, Role.LEAD_GENERATOR)
            sales.memberships.create(user=user)
        else:
            user = user_with(Role.ACCOUNT_MANAGER, Role.KEY_ACCOUNT_MANAGER)
            accounts.memberships.create(user=user)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.BDM, Role.AGENT])
def test_the_user_list_costs_the_same_at_5_and_at_40_users(api_as, role):
    client = api_as(user_with(role))
    populate_people(5)
    small = queries_for(client, "/api/v1/users/")

    populate_people(35)
    large = queries_for(client, "/api/v1/users/")

    assert small == large


@pytest.mark.parametrize("role", [Role.ADMIN, Role.BDM, Role.AGENT])
def test_the_team_list_costs_the_same_at_5_and_at_40_teams(api_as, role):
    client = api_as(user_with(role))
    populate_people(5)
    small = queries_for(client, "/api/v1/teams/")

    populate_people(35)
    large = queries_for(client, "/api/v1/teams/")

    assert small == large


def test_the_user_list_stays_within_its_query_budget(api_as, django_assert_max_num_queries):
    populate_people(40)
    client = api_as(user_with(Role.ADMIN))

    with django_assert_max_num_queries(USER_LIST_QUERIES):
        response = client.get("/api/v1/users/?page_size=200")

    assert len(response.json()["results"]) > 40


def test_the_team_list_stays_within_its_query_budget(api_as, django_assert_max_num_queries):
    populate_people(40)
    client = api_as(user_with(Role.ADMIN))

    with django_assert_max_num_queries(TEAM_LIST_QUERIES):
        response = client.get("/api/v1/teams/?page_size=200")

    assert len(response.json()["results"]) > 20


def test_a_token_authenticated_user_list_stays_within_its_query_budget(
    api_token_as, django_assert_max_num_queries
):
    populate_people(40)
    client = api_token_as(user_with(Role.ADMIN))
    client.get("/api/v1/me/")  # the first use stamps last_used_at; later calls in a minute don't

    # token with its user (no session), roles, the page, roles of the page, teams of the page
    with django_assert_max_num_queries(USER_LIST_QUERIES - 1):
        client.get("/api/v1/users/?page_size=200")
