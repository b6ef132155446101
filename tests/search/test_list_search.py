"""Each list's search box finds a surname with a diacritic, a word inside a company name and
an e-mail domain; the deal list's search also finds won and lost deals."""

from __future__ import annotations

import datetime

import pytest

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from tests.sales.factories import CompanyFactory, LeadFactory, lost_deal, open_deal, won_deal
from twofold.accounts.models import AccountContact
from twofold.accounts.selectors.portfolio import PortfolioFilters, portfolio_page
from twofold.parties.models import Contact
from twofold.people.choices import Role
from twofold.sales.selectors.deals import DealFilters, opportunity_page
from twofold.sales.selectors.leads import LeadFilters, lead_list

pytestmark = pytest.mark.django_db

TERMS = ["Sandström", "sandström", "SANDSTRÖM", "logistics", "nordfrakt.se"]


@pytest.fixture
def company():
    return CompanyFactory(name="Nordic Logistics AB", domain="nordfrakt.se")


@pytest.mark.parametrize("term", TERMS)
def test_the_lead_list_finds_a_surname_a_company_word_or_an_email_domain(admin_user, term):
    LeadFactory(
        full_name="Erik Sandström",
        email="erik@nordfrakt.se",
        company_name="Nordic Logistics AB",
    )
    LeadFactory(full_name="Zed Other", email="zed@zeta.io", company_name="Zeta")

    page = lead_list(actor=admin_user, filters=LeadFilters(q=term))

    assert [lead.full_name for lead in page.leads] == ["Erik Sandström"]


@pytest.mark.parametrize("term", ["logistics", "LOGISTICS", "nordfrakt", "Fleet"])
def test_the_deal_list_finds_a_word_of_the_deal_or_its_company(admin_user, company, term):
    open_deal(name="Fleet renewal", company=company)
    open_deal(name="Other thing", company=CompanyFactory(name="Zeta"))

    page = opportunity_page(actor=admin_user, filters=DealFilters(q=term, status="all"))

    assert [deal.name for deal in page.rows] == ["Fleet renewal"]


def test_a_deal_search_finds_won_and_lost_deals_with_their_status(admin_user):
    seller = user_with(Role.BDM)
    won_deal(seller, amount=1000, closed_on=datetime.date(2026, 1, 5), name="Logistics hub won")
    lost_deal(seller, closed_on=datetime.date(2026, 1, 6), name="Logistics hub lost")
    open_deal(seller, name="Logistics hub open")

    page = opportunity_page(actor=admin_user, filters=DealFilters(q="hub", status="all"))

    assert sorted((deal.name, deal.status) for deal in page.rows) == [
        ("Logistics hub lost", "lost"),
        ("Logistics hub open", "open"),
        ("Logistics hub won", "won"),
    ]


@pytest.mark.parametrize("term", ["Sandström", "sandström", "logistics", "nordfrakt.se"])
def test_the_portfolio_finds_a_contact_surname_a_name_word_or_a_domain(admin_user, company, term):
    account = AccountFactory(company=company)
    AccountContact.objects.create(
        account=account,
        contact=Contact.objects.create(company=company, full_name="Erik Sandström"),
    )
    AccountFactory(name="Zeta")

    page = portfolio_page(actor=admin_user, filters=PortfolioFilters(q=term))

    assert [row.name for row in page.rows] == ["Nordic Logistics AB"]


def test_a_lead_renamed_is_found_by_its_new_name_only(admin_user):
    lead = LeadFactory(full_name="Erik Sandström")
    lead.full_name = "Erik Lindqvist"
    lead.save()

    found = [
        [x.pk for x in lead_list(actor=admin_user, filters=LeadFilters(q=q)).leads]
        for q in ("Sandström", "Lindqvist")
    ]

    assert found == [[], [lead.pk]]


def test_search_syntax_in_a_term_is_searched_as_text(admin_user):
    LeadFactory(full_name='Anna "AND" OR*')

    page = lead_list(actor=admin_user, filters=LeadFilters(q='"AND" OR*'))

    assert [lead.full_name for lead in page.leads] == ['Anna "AND" OR*']


def test_the_deal_page_searches_won_and_lost_deals_unless_a_status_is_chosen(client, admin_user):
    seller = user_with(Role.BDM)
    won_deal(seller, amount=1000, closed_on=datetime.date(2026, 1, 5), name="Harbour won")
    open_deal(seller, name="Harbour open")
    client.force_login(admin_user)

    searched = client.get("/sales/deals/", {"q": "harbour"}).content.decode()
    narrowed = client.get("/sales/deals/", {"q": "harbour", "status": "open"}).content.decode()

    assert ("Harbour won" in searched, "Harbour open" in searched) == (True, True)
    assert ("Harbour won" in narrowed, "Harbour open" in narrowed) == (False, True)


@pytest.mark.parametrize("related_list_max", [10, 2])
def test_a_deal_is_found_by_its_company_whether_few_or_many_companies_match(
    admin_user, monkeypatch, related_list_max
):
    # Few matching companies are matched by their ids, many through the join: same deals.
    monkeypatch.setattr("twofold.search.text.RELATED_LIST_MAX", related_list_max)
    for n in range(3):
        open_deal(name=f"Fleet {n}", company=CompanyFactory(name=f"Harbor Freight {n}"))
    open_deal(name="Other", company=CompanyFactory(name="Zeta"))

    page = opportunity_page(actor=admin_user, filters=DealFilters(q="harbor", status="all"))

    assert sorted(deal.name for deal in page.rows) == ["Fleet 0", "Fleet 1", "Fleet 2"]


@pytest.mark.parametrize("related_list_max", [10, 2])
def test_an_account_is_found_by_its_contact_whether_few_or_many_contacts_match(
    admin_user, monkeypatch, related_list_max
):
    monkeypatch.setattr("twofold.search.text.RELATED_LIST_MAX", related_list_max)
    for n in range(3):
        company = CompanyFactory(name=f"Firm {n}", domain=f"firm{n}.example")
        contact = Contact.objects.create(company=company, full_name=f"Karin Sandström {n}")
        AccountContact.objects.create(
            account=AccountFactory(company=company, name=f"Firm {n}"), contact=contact
        )
    AccountFactory(name="Zeta")

    page = portfolio_page(actor=admin_user, filters=PortfolioFilters(q="sandström"))

    assert [row.name for row in page.rows] == ["Firm 0", "Firm 1", "Firm 2"]


def test_a_search_counts_its_matches_only_up_to_the_search_cap(admin_user, monkeypatch):
    monkeypatch.setattr("twofold.core.sorting.SEARCH_COUNT_CAP", 3)
    for n in range(5):
        LeadFactory(full_name=f"Erik Sandström {n}")

    page = lead_list(actor=admin_user, filters=LeadFilters(q="sandström"))

    assert (page.count, page.more, len(page.leads)) == (3, True, 5)
