"""Intermediaries: partners with contacts, linked to deals and leads; deal values per partner."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import PartnerFactory, deal_for, sales_team
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityEventType
from twofold.sales.models import Lead, OpportunityEvent, PartnerLink
from twofold.sales.selectors.partners import partner_deal_links, partner_totals
from twofold.sales.services.closing import opportunity_close_won
from twofold.sales.services.partners import (
    lead_set_partner,
    partner_contact_add,
    partner_create,
    partner_link,
)
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db


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


def _won(deal, amount):
    terms_propose(
        actor=None, opportunity=deal, discount_percent=Decimal(0), net_days=30, instalment_count=1
    )
    opportunity_close_won(
        actor=None, opportunity=deal, closed_on=timezone.localdate(), amount=amount
    )


def test_the_partner_totals_add_won_sales_and_open_deals_in_the_database():
    partner = PartnerFactory()
    admin = user_with(Role.ADMIN)
    won = deal_for(amount=Decimal("5000.00"))
    open_ = deal_for(amount=Decimal("2500.00"))
    for deal in (won, open_):
        partner_link(actor=None, partner=partner, opportunity=deal, role="reseller")
    _won(won, Decimal("4800.00"))

    totals = partner_totals(actor=admin, partner=partner)

    assert (totals.won_count, totals.won_amount) == (1, Decimal("4800.00"))
    assert (totals.open_count, totals.open_amount) == (1, Decimal("2500.00"))


def test_an_agent_sees_only_their_own_deals_and_their_value_on_a_partner():
    partner = PartnerFactory()
    agent = user_with(Role.AGENT)
    own = deal_for(agent, amount=Decimal("1000.00"), name="Agent's deal")
    others = deal_for(amount=Decimal("90000.00"), name="Someone else's deal")
    for deal in (own, others):
        partner_link(actor=None, partner=partner, opportunity=deal, role="reseller")

    totals = partner_totals(actor=agent, partner=partner)
    links = partner_deal_links(actor=agent, partner=partner)

    assert (totals.open_count, totals.open_amount) == (1, Decimal("1000.00"))
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

    with django_assert_max_num_queries(3):
        links = partner_deal_links(actor=admin, partner=partner)
        [(link.opportunity.stage.name, link.opportunity.owner.full_name) for link in links]
        partner_totals(actor=admin, partner=partner)
