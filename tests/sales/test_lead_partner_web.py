"""The lead page's partner control: shown to those who may link a partner, it sets, changes and
clears the lead's partner through the service."""

from __future__ import annotations

import pytest

from tests.factories import user_with
from tests.sales.factories import LeadFactory, PartnerFactory
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def test_the_lead_page_offers_a_partner_control_to_its_lead_generator(client):
    sdr = user_with(Role.LEAD_GENERATOR)
    lead = LeadFactory(owner=sdr)
    PartnerFactory(name="Northwind Resellers")
    client.force_login(sdr)

    body = client.get(f"/sales/leads/{lead.pk}/").content.decode()

    assert f'action="/sales/leads/{lead.pk}/partner/"' in body
    assert "Northwind Resellers" in body


def test_the_lead_page_shows_no_partner_control_to_an_agent(client):
    agent = user_with(Role.AGENT)
    lead = LeadFactory(owner=agent)
    client.force_login(agent)

    body = client.get(f"/sales/leads/{lead.pk}/").content.decode()

    assert f"/sales/leads/{lead.pk}/partner/" not in body


def test_changing_and_clearing_the_partner_from_the_lead_page(client):
    sdr = user_with(Role.LEAD_GENERATOR)
    first, second = PartnerFactory(), PartnerFactory()
    lead = LeadFactory(owner=sdr, partner=first)
    client.force_login(sdr)

    client.post(f"/sales/leads/{lead.pk}/partner/", {"partner": second.pk})
    lead.refresh_from_db()
    changed = lead.partner_id
    client.post(f"/sales/leads/{lead.pk}/partner/", {"partner": ""})
    lead.refresh_from_db()

    assert (changed, lead.partner_id) == (second.pk, None)


def test_the_lead_page_links_its_partner_to_the_partner_page(client):
    sdr = user_with(Role.LEAD_GENERATOR)
    partner = PartnerFactory(name="Northwind Resellers")
    lead = LeadFactory(owner=sdr, partner=partner)
    client.force_login(sdr)

    body = client.get(f"/sales/leads/{lead.pk}/").content.decode()

    assert f'href="/sales/partners/{partner.pk}/">Northwind Resellers</a>' in body
