"""The people and team pages cost a fixed number of queries, however many rows there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TeamFactory, user_with
from twofold.people.choices import Role, TeamKind

pytestmark = pytest.mark.django_db

# session, actor, actor's roles, count, page of users, their roles, their teams, team filter
PEOPLE_PAGE_BUDGET = 8
# session, actor, actor's roles, teams with member counts and leads
TEAMS_PAGE_BUDGET = 4


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(count):
    for _ in range(count):
        members = [user_with(Role.BDM) for _ in range(3)]
        TeamFactory(kind=TeamKind.SALES, members=members)


@pytest.mark.parametrize(
    ("url_name", "budget"),
    [("people:user_list", PEOPLE_PAGE_BUDGET), ("people:team_list", TEAMS_PAGE_BUDGET)],
)
def test_a_list_page_costs_the_same_with_ten_times_the_rows(client, admin_user, url_name, budget):
    client.force_login(admin_user)
    _grow(2)
    small = _queries(client, reverse(url_name))

    _grow(18)
    large = _queries(client, reverse(url_name))

    assert small == large
    assert large == budget
