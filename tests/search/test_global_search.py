"""The global search: grouped by type, each type only what the actor may see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from tests.sales.factories import CompanyFactory, LeadFactory, open_deal, sales_team
from twofold.accounts.models import AccountContact
from twofold.parties.models import Contact
from twofold.people.choices import Role
from twofold.search.selectors import search_everything

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="closest-first order is PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="name order is SQLite's")


def titles(results) -> dict[str, list[str]]:
    return {group.kind: [hit.title for hit in group.hits] for group in results.groups}


def account_with_contact(owner, name: str, contact_name: str):
    company = CompanyFactory(name=name)
    account = AccountFactory(company=company, relationship_owner=owner)
    contact = Contact.objects.create(company=company, full_name=contact_name)
    AccountContact.objects.create(account=account, contact=contact)
    return account


@pytest.fixture
def world():
    """Two sellers in different teams and two account managers, each with a 'Sandström'."""
    bdm, other_bdm = user_with(Role.BDM), user_with(Role.BDM)
    sales_team(bdm)
    sales_team(other_bdm)
    am, other_am = user_with(Role.ACCOUNT_MANAGER), user_with(Role.ACCOUNT_MANAGER)
    LeadFactory(full_name="Erik Sandström", owner=bdm)
    LeadFactory(full_name="Eva Sandström", owner=other_bdm)
    open_deal(bdm, name="Sandström fleet")
    open_deal(other_bdm, name="Sandström cranes")
    account_with_contact(am, "Sandström Logistik", "Karin Berg")
    account_with_contact(other_am, "Hidden AB", "Olof Sandström")
    return {"bdm": bdm, "other_bdm": other_bdm, "am": am, "other_am": other_am}


def test_results_are_grouped_by_type_with_counts(admin_user, world):
    results = search_everything(actor=admin_user, term="sandström")

    assert titles(results) == {
        "leads": ["Eva Sandström", "Erik Sandström"],
        "deals": ["Sandström cranes", "Sandström fleet"],
        "accounts": ["Hidden AB", "Sandström Logistik"],
        "contacts": ["Olof Sandström"],
    }
    assert [group.count for group in results.groups] == [2, 2, 2, 1]


def test_a_seller_sees_only_their_own_team_leads_and_deals(world):
    results = search_everything(actor=world["bdm"], term="sandström")

    assert titles(results) == {
        "leads": ["Erik Sandström"],
        "deals": ["Sandström fleet"],
        "accounts": [],
        "contacts": [],
    }


def test_an_account_manager_sees_only_their_accounts_and_contacts(world):
    results = search_everything(actor=world["am"], term="sandström")

    assert titles(results) == {"deals": [], "accounts": ["Sandström Logistik"], "contacts": []}


def test_an_account_manager_finds_their_contacts_by_surname(world):
    results = search_everything(actor=world["other_am"], term="sandström")

    assert titles(results) == {
        "deals": [],
        "accounts": ["Hidden AB"],
        "contacts": ["Olof Sandström"],
    }


def test_a_department_member_searches_nothing(world):
    results = search_everything(actor=user_with(Role.DEPARTMENT_MEMBER), term="sandström")

    assert results.groups == []


def test_the_count_goes_past_what_is_shown(admin_user):
    for n in range(7):
        LeadFactory(full_name=f"Erik Sandström {n}")

    leads = search_everything(actor=admin_user, term="sandström", shown=5).groups[0]

    assert (len(leads.hits), leads.count) == (5, 7)


def test_a_term_under_three_characters_searches_nothing(admin_user):
    LeadFactory(full_name="Ed")

    results = search_everything(actor=admin_user, term="ed")

    assert (results.too_short, results.groups) == (True, [])


def test_the_page_shows_an_empty_state(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("search:search"), {"q": "nobody-at-all"})

    assert "Nothing you may see matches" in response.content.decode()


def test_the_dropdown_links_each_hit_and_the_whole_page(client, world):
    client.force_login(world["bdm"])

    response = client.get(
        reverse("search:search"), {"q": "sandström", "dropdown": "1"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert "Erik Sandström" in body
    assert "Eva Sandström" not in body
    assert "All results for" in body


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("search:search"), {"q": "sandström"})

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/login/")


@pytest.mark.parametrize("rows", [1, 25])
def test_the_search_page_runs_a_fixed_number_of_queries(
    client, admin_user, django_assert_num_queries, rows
):
    for n in range(rows):
        LeadFactory(full_name=f"Erik Sandström {n}")
        open_deal(name=f"Sandström deal {n}")
        account_with_contact(None, f"Sandström {n} AB", f"Karin Sandström {n}")
    client.force_login(admin_user)

    # Session, user and roles; one query a group, plus the matching company ids (deals);
    # accounts: one query per way of matching (name, company, contact) and one for the hits;
    # past 20 matches one capped COUNT more for leads, deals and contacts. PostgreSQL: the
    # contact way is one walk shared with the contacts group (which counts from it), and the
    # accounts' names are read once more to put the closest first.
    queries = 14 if rows > 1 else 11
    if connection.vendor == "postgresql":
        queries = 14 if rows > 1 else 12
    with django_assert_num_queries(queries):
        client.get(reverse("search:search"), {"q": "sandström"})


@on_sqlite
def test_accounts_matched_in_different_ways_come_first_by_name(admin_user):
    account_with_contact(None, "Delta Freight", "Olof Sandström")
    AccountFactory(name="Beta Sandström AB")
    AccountFactory(name="Gamma AB", company=CompanyFactory(name="Gamma", domain="sandstrom.se"))
    account_with_contact(None, "alpha Sandström", "Karin Berg")
    AccountFactory(name="Epsilon AB")

    accounts = search_everything(actor=admin_user, term="sandstr").groups[2]

    assert [hit.title for hit in accounts.hits] == [
        "alpha Sandström",
        "Beta Sandström AB",
        "Delta Freight",
        "Gamma AB",
    ]
    assert accounts.count == 4


@on_postgresql
def test_accounts_matched_in_different_ways_come_closest_first_on_postgresql(admin_user):
    AccountFactory(name="Alpha Sandström Holding Group AB")
    AccountFactory(name="Gamma AB", company=CompanyFactory(name="Gamma", domain="sandstrom.se"))
    account_with_contact(None, "Delta Freight", "Sandström")
    AccountFactory(name="Sandström Holding AB")

    accounts = search_everything(actor=admin_user, term="sandstr").groups[2]

    assert [hit.title for hit in accounts.hits] == [
        "Delta Freight",
        "Sandström Holding AB",
        "Alpha Sandström Holding Group AB",
        "Gamma AB",
    ]
    assert accounts.count == 4


@on_postgresql
def test_contacts_come_closest_name_first_on_postgresql(admin_user):
    account_with_contact(None, "Firm A", "Alpha Sandström Holding Group")
    account_with_contact(None, "Firm B", "Sandström")
    account_with_contact(None, "Firm C", "Karin Sandström")

    contacts = search_everything(actor=admin_user, term="sandström").groups[3]

    assert [hit.title for hit in contacts.hits] == [
        "Sandström",
        "Karin Sandström",
        "Alpha Sandström Holding Group",
    ]
    assert contacts.count == 3


def test_the_accounts_count_stops_at_the_cap_across_ways_of_matching(admin_user, monkeypatch):
    monkeypatch.setattr("twofold.search.selectors.SEARCH_COUNT_CAP", 3)
    for n in range(2):
        AccountFactory(name=f"Sandström {n} AB")
        # An exact contact name: the contact matches come first by name and closest first.
        account_with_contact(None, f"Firm {n}", "Sandström")

    accounts = search_everything(actor=admin_user, term="sandström", shown=2).groups[2]

    assert ([hit.title for hit in accounts.hits], accounts.count) == (["Firm 0", "Firm 1"], 3)
