"""Intermediaries: partners with contacts, linked to deals and leads; deal values per partner."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import LeadFactory, PartnerFactory, deal_for, sales_team
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityEventType
from twofold.sales.models import Lead, OpportunityEvent, PartnerLink
from twofold.sales.selectors.partners import (
    CurrencyTotal,
    partner_deal_links,
    partner_leads,
    partner_totals,
)
from twofold.sales.services.closing import opportunity_close_won
from twofold.sales.services.partners import (
    lead_set_partner,
    partner_contact_add,
    partner_create,
    partner_link,
)
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db

# Session, user and roles; partner and contacts; deals, leads; deal totals, lead totals.
PARTNER_PAGE_QUERIES = 9


def test_a_sales_colleague_creates_a_partner_with_a_contact():
    bdm = user_with(Role.BDM)

    partner = partner_create(actor=bdm, name=" Northwind Resellers ", kind="reseller")
    contact = partner_contact_add(actor=bdm, partner=partner, full_name="Pat Partner")

    assert partner.name == "Northwind Resellers"
    assert list(partner.contacts.all()) == [contact]


def test_a_partner_has_one_of_the_four_kinds():
    with pytest.raises(ValidationError) as refused:
        partner_create(actor=None, name="Odd", kind="supplier")

    assert list(refused.value.message_dict) == ["kind"]


def test_partner_names_are_unique_whatever_the_case():
    PartnerFactory(name="Northwind")

    with pytest.raises(ValidationError) as refused:
        partner_create(actor=None, name="northwind", kind="agency")

    assert list(refused.value.message_dict) == ["name"]


def test_agents_may_not_manage_partners():
    with pytest.raises(PermissionDenied):
        partner_create(actor=user_with(Role.AGENT), name="Mine", kind="agency")


def test_linking_a_partner_to_a_deal_records_its_role_and_an_event():
    deal = deal_for()
    partner = PartnerFactory()

    link = partner_link(actor=deal.owner, partner=partner, opportunity=deal, role="referrer")
    again = partner_link(actor=deal.owner, partner=partner, opportunity=deal, role="referrer")

    assert again == link
    assert PartnerLink.objects.count() == 1
    event = OpportunityEvent.objects.get(type=OpportunityEventType.PARTNER_LINKED)
    assert event.data["role"] == "referrer"


def test_a_lead_gets_its_partner_through_the_service():
    sdr = user_with(Role.LEAD_GENERATOR)
    lead = Lead.objects.create(full_name="Lee Lead", owner=sdr)
    partner = PartnerFactory()

    lead_set_partner(actor=sdr, lead=lead, partner=partner)

    lead.refresh_from_db()
    assert lead.partner == partner
    assert lead.history.first().history_user == sdr


def _won(deal, discount):
    """Won at ``discount`` off the deal's amount: the sale is recorded at the terms' total."""
    terms_propose(
        actor=None, opportunity=deal, discount_percent=discount, net_days=30, instalment_count=1
    )
    opportunity_close_won(actor=None, opportunity=deal, closed_on=timezone.localdate())


def test_the_partner_totals_add_won_sales_and_open_deals_in_the_database():
    partner = PartnerFactory()
    admin = user_with(Role.ADMIN)
    won = deal_for(amount=Decimal("5000.00"))
    open_ = deal_for(amount=Decimal("2500.00"))
    for deal in (won, open_):
        partner_link(actor=None, partner=partner, opportunity=deal, role="reseller")
    _won(won, Decimal("4"))  # 5,000.00 less 4 %: sold for 4,800.00

    totals = partner_totals(actor=admin, partner=partner)

    assert totals.won == (CurrencyTotal("EUR", 1, Decimal("4800.00")),)
    assert totals.open == (CurrencyTotal("EUR", 1, Decimal("2500.00")),)


def test_the_partner_totals_keep_each_currency_apart():
    partner = PartnerFactory()
    admin = user_with(Role.ADMIN)
    for amount, currency in (("1000.00", "EUR"), ("2000.00", "EUR"), ("39000.00", "USD")):
        deal = deal_for(amount=Decimal(amount), currency=currency)
        partner_link(actor=None, partner=partner, opportunity=deal, role="reseller")

    totals = partner_totals(actor=admin, partner=partner)

    assert totals.open == (
        CurrencyTotal("USD", 1, Decimal("39000.00")),
        CurrencyTotal("EUR", 2, Decimal("3000.00")),
    )
    assert totals.open_count == 3


def test_the_partner_totals_add_the_budgets_of_its_open_leads_per_currency():
    partner = PartnerFactory()
    admin = user_with(Role.ADMIN)
    LeadFactory(partner=partner, budget_amount=Decimal("5000.00"), budget_currency="EUR")
    LeadFactory(partner=partner, budget_amount=Decimal("700.00"), budget_currency="GBP")
    closed = {"status": "disqualified", "disqualify_reason": "No budget"}
    LeadFactory(partner=partner, budget_amount=Decimal("9.00"), **closed)
    LeadFactory(budget_amount=Decimal("80000.00"))

    totals = partner_totals(actor=admin, partner=partner)

    assert totals.leads == (
        CurrencyTotal("EUR", 1, Decimal("5000.00")),
        CurrencyTotal("GBP", 1, Decimal("700.00")),
    )


def test_an_agent_sees_only_their_own_leads_of_a_partner():
    partner = PartnerFactory()
    agent = user_with(Role.AGENT)
    own = LeadFactory(partner=partner, owner=agent)
    LeadFactory(partner=partner, owner=user_with(Role.LEAD_GENERATOR))

    assert partner_leads(actor=agent, partner=partner) == [own]
    assert partner_totals(actor=agent, partner=partner).lead_count == 1


def test_an_agent_sees_only_their_own_deals_and_their_value_on_a_partner():
    partner = PartnerFactory()
    agent = user_with(Role.AGENT)
    own = deal_for(agent, amount=Decimal("1000.00"), name="Agent's deal")
    others = deal_for(amount=Decimal("90000.00"), name="Someone else's deal")
    for deal in (own, others):
        partner_link(actor=None, partner=partner, opportunity=deal, role="reseller")

    totals = partner_totals(actor=agent, partner=partner)
    links = partner_deal_links(actor=agent, partner=partner)

    assert totals.open == (CurrencyTotal("EUR", 1, Decimal("1000.00")),)
    assert [link.opportunity for link in links] == [own]


def test_a_sales_colleague_sees_the_teams_deals_on_a_partner():
    partner = PartnerFactory()
    bdm, colleague = user_with(Role.BDM), user_with(Role.BDM)
    sales_team(bdm, colleague)
    partner_link(actor=None, partner=partner, opportunity=deal_for(bdm), role="reseller")

    assert partner_totals(actor=colleague, partner=partner).open_count == 1


def test_the_partner_page_queries_do_not_grow_with_deals(django_assert_max_num_queries):
    partner = PartnerFactory()
    admin = user_with(Role.ADMIN)
    for _ in range(8):
        partner_link(actor=None, partner=partner, opportunity=deal_for(), role="reseller")
        LeadFactory(partner=partner, owner=user_with(Role.LEAD_GENERATOR))

    with django_assert_max_num_queries(5):  # the actor's roles, then two lists and two totals
        links = partner_deal_links(actor=admin, partner=partner)
        [(link.opportunity.stage.name, link.opportunity.owner.full_name) for link in links]
        leads = partner_leads(actor=admin, partner=partner)
        [lead.owner.full_name for lead in leads]
        partner_totals(actor=admin, partner=partner)


def _page_world(count):
    partner = PartnerFactory(name="Northwind Resellers")
    for i in range(count):
        deal = deal_for(amount=Decimal("39000.00"), name=f"Deal {i}")
        partner_link(actor=None, partner=partner, opportunity=deal, role="reseller")
        LeadFactory(
            partner=partner,
            owner=user_with(Role.LEAD_GENERATOR),
            budget_amount=Decimal("12500.00"),
            budget_currency="USD",
        )
    return partner


@pytest.mark.parametrize("count", [1, 6])
def test_the_partner_page_answers_in_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, count
):
    partner = _page_world(count)
    client.force_login(user_with(Role.ADMIN))

    with django_assert_num_queries(PARTNER_PAGE_QUERIES):
        response = client.get(f"/sales/partners/{partner.pk}/")

    assert response.status_code == 200


def test_the_partner_page_lists_its_leads_beside_its_deals_with_formatted_totals(client):
    partner = _page_world(2)
    client.force_login(user_with(Role.ADMIN))

    body = client.get(f"/sales/partners/{partner.pk}/").content.decode()

    assert "Prospect Person" in body
    assert '78,000.00 <span class="small">EUR</span>' in body  # open deals
    assert "39,000.00 EUR" in body  # one deal's row
    assert '25,000.00 <span class="small">USD</span>' in body  # open leads' budgets
    assert "12,500.00 USD" in body  # one lead's row
    assert "39000.00" not in body
