"""The home page ("my work") of every role: what it shows and what it costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory, user_with
from twofold.people.choices import SALES_ROLES, TEAM_LEAD_ROLE, Role, TeamKind

pytestmark = pytest.mark.django_db

# session, user, roles, handbook pages, teams (+ members when there are teams); admins add two
# counts. Pinned: a new query on the home page must be a decision, not an accident.
HOME_QUERY_BUDGET = 6
ADMIN_HOME_QUERY_BUDGET = 8
# Sales roles add four: open tasks due by today, deals with no next step, open complaints, and
# hand-overs to complete.
SALES_HOME_QUERY_BUDGET = HOME_QUERY_BUDGET + 4
# Sales leads add one: the term approvals waiting for them (first rows and count together).
SALES_LEAD_HOME_QUERY_BUDGET = SALES_HOME_QUERY_BUDGET + 1
# Account roles add three: hand-overs to decide, next steps, renewals; the executive one more,
# the amendments waiting for approval.
ACCOUNT_HOME_QUERY_BUDGET = HOME_QUERY_BUDGET + 3
EXECUTIVE_HOME_QUERY_BUDGET = ACCOUNT_HOME_QUERY_BUDGET + 1
# Department members add two: their departments, their open requests.
DEPARTMENT_HOME_QUERY_BUDGET = HOME_QUERY_BUDGET + 2


def _home_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", list(Role))
def test_every_roles_home_stays_within_its_query_budget(client, role):
    user = user_with(role)

    budget = ADMIN_HOME_QUERY_BUDGET if role == Role.ADMIN else HOME_QUERY_BUDGET
    if role in SALES_ROLES:
        budget = SALES_HOME_QUERY_BUDGET
    if role == Role.SALES_LEAD:
        budget = SALES_LEAD_HOME_QUERY_BUDGET
    if role == Role.DEPARTMENT_MEMBER:
        budget = DEPARTMENT_HOME_QUERY_BUDGET
    if role in (Role.ACCOUNT_MANAGER, Role.KEY_ACCOUNT_MANAGER):
        budget = ACCOUNT_HOME_QUERY_BUDGET
    if role == Role.ACCOUNT_EXECUTIVE:
        budget = EXECUTIVE_HOME_QUERY_BUDGET
    TeamFactory(kind=TeamKind.SALES, lead=None, members=[])  # the page has teams to look at

    assert _home_queries(client, user) <= budget


@pytest.mark.parametrize("role", [Role.SALES_LEAD, Role.ACCOUNT_EXECUTIVE, Role.ADMIN])
def test_the_home_page_costs_the_same_with_more_teams_and_people(client, role):
    user = user_with(role)
    kind = TeamKind.SALES if role != Role.ACCOUNT_EXECUTIVE else TeamKind.ACCOUNT_MANAGEMENT
    TeamFactory(kind=kind, lead=user if role != Role.ADMIN else None, members=[])
    small = _home_queries(client, user)

    member_role = Role.BDM if kind == TeamKind.SALES else Role.ACCOUNT_MANAGER
    for _ in range(3):
        TeamFactory(
            kind=kind,
            lead=user if role != Role.ADMIN else UserFactory(roles=[TEAM_LEAD_ROLE[kind]]),
            members=[user_with(member_role) for _ in range(5)],
        )

    assert _home_queries(client, user) == small


def test_the_home_page_lists_the_roles_and_teams_of_the_user(client):
    bdm = user_with(Role.BDM, Role.ACCOUNT_MANAGER, full_name="Sam Porter")
    TeamFactory(name="Sales — South", kind=TeamKind.SALES, members=[bdm])
    client.force_login(bdm)

    page = client.get(reverse("home")).content.decode()

    assert "As business development manager" in page
    assert "As account manager" in page
    assert "Sales — South" in page
    assert "Organisation" not in page


def test_an_admin_sees_the_organisation_counts(client, admin_user):
    user_with(Role.BDM, is_active=False)
    client.force_login(admin_user)

    home = client.get(reverse("home")).context["home"]

    assert home.organisation.active_users == 1
    assert home.organisation.deactivated_users == 1


def test_a_user_without_roles_is_told_how_to_get_them(client):
    client.force_login(UserFactory())

    page = client.get(reverse("home")).content.decode()

    assert "You have no role yet" in page


@pytest.mark.parametrize("role", list(Role))
def test_the_user_menu_offers_the_handbook_tokens_and_password_change(client, role):
    client.force_login(user_with(role))

    nav = client.get(reverse("home")).context["nav"]

    assert [link.label for link in nav["user"]] == [
        "Role handbook",
        "Sales vs account management",
        "Sessions and tokens",
        "API tokens",
        "API docs",
        "Change password",
    ]
