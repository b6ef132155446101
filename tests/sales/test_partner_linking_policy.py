"""Who may put a partner on a lead or a deal: one rule (``Perm.PARTNER_LINK``) for both, whether
the service, a page or the API asks. Every role links on a record of their own; those who may
not manage partners (agents, account roles, departments) are refused and nothing changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import user_with
from tests.sales.factories import LeadFactory, PartnerFactory, deal_for
from twofold.people.choices import Role
from twofold.sales.models import PartnerLink
from twofold.sales.services.leads import lead_create, lead_update
from twofold.sales.services.partners import lead_set_partner, partner_link, partner_unlink

pytestmark = pytest.mark.django_db

LINKERS = {Role.ADMIN, Role.LEAD_GENERATOR, Role.BDM, Role.SALES_LEAD}
ROLES = [pytest.param(role, role in LINKERS, id=str(role)) for role in Role]


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_linking_a_partner_on_ones_own_lead_follows_the_partner_rule(role, allowed):
    actor = user_with(role)
    lead = LeadFactory(owner=actor)
    partner = PartnerFactory()

    if allowed:
        lead_set_partner(actor=actor, lead=lead, partner=partner)
    else:
        with pytest.raises(PermissionDenied):
            lead_set_partner(actor=actor, lead=lead, partner=partner)

    lead.refresh_from_db()
    assert lead.partner_id == (partner.pk if allowed else None)


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_linking_a_partner_on_ones_own_deal_follows_the_partner_rule(role, allowed):
    actor = user_with(role)
    deal = deal_for(actor)
    partner = PartnerFactory()

    if allowed:
        partner_link(actor=actor, partner=partner, opportunity=deal, role="referrer")
    else:
        with pytest.raises(PermissionDenied):
            partner_link(actor=actor, partner=partner, opportunity=deal, role="referrer")

    assert PartnerLink.objects.filter(opportunity=deal).count() == (1 if allowed else 0)


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_unlinking_a_partner_from_ones_own_deal_follows_the_same_rule(role, allowed):
    actor = user_with(role)
    deal = deal_for(actor)
    link = partner_link(actor=None, partner=PartnerFactory(), opportunity=deal, role="referrer")

    if allowed:
        partner_unlink(actor=actor, link=link)
    else:
        with pytest.raises(PermissionDenied):
            partner_unlink(actor=actor, link=link)

    assert PartnerLink.objects.filter(opportunity=deal).exists() is not allowed


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_the_lead_page_links_a_partner_only_for_those_the_rule_allows(client, role, allowed):
    actor = user_with(role)
    lead = LeadFactory(owner=actor)
    partner = PartnerFactory()
    client.force_login(actor)

    response = client.post(f"/sales/leads/{lead.pk}/partner/", {"partner": partner.pk})

    lead.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert lead.partner_id == partner.pk
    else:
        assert response.status_code in (403, 404)
        assert lead.partner_id is None


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_the_deal_page_links_a_partner_only_for_those_the_rule_allows(client, role, allowed):
    actor = user_with(role)
    deal = deal_for(actor)
    partner = PartnerFactory()
    client.force_login(actor)

    response = client.post(
        f"/sales/deals/{deal.pk}/partners/", {"partner": partner.pk, "role": "reseller"}
    )

    linked = PartnerLink.objects.filter(opportunity=deal).exists()
    if allowed:
        assert response.status_code == 302
        assert linked
    else:
        assert response.status_code in (403, 404)
        assert not linked


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_the_api_sets_a_leads_partner_only_for_those_the_rule_allows(api_as, role, allowed):
    actor = user_with(role)
    lead = LeadFactory(owner=actor)
    partner = PartnerFactory()

    response = api_as(actor).patch(
        f"/api/v1/leads/{lead.pk}/", {"partner_id": partner.pk}, format="json"
    )

    lead.refresh_from_db()
    if allowed:
        assert response.status_code == 200, response.content
        assert lead.partner_id == partner.pk
    else:
        assert response.status_code in (403, 404)
        assert set(response.json()) == {"message", "code", "fields"}
        assert lead.partner_id is None


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_the_api_links_a_partner_to_a_deal_only_for_those_the_rule_allows(api_as, role, allowed):
    actor = user_with(role)
    deal = deal_for(actor)
    partner = PartnerFactory()

    response = api_as(actor).post(
        f"/api/v1/opportunities/{deal.pk}/partners/",
        {"partner_id": partner.pk, "role": "reseller"},
        format="json",
    )

    linked = PartnerLink.objects.filter(opportunity=deal).exists()
    if allowed:
        assert response.status_code == 201, response.content
        assert linked
    else:
        assert response.status_code in (403, 404)
        assert set(response.json()) == {"message", "code", "fields"}
        assert not linked


def test_an_agent_may_not_capture_a_lead_with_a_partner():
    agent = user_with(Role.AGENT)

    with pytest.raises(PermissionDenied):
        lead_create(actor=agent, full_name="Pat Prospect", partner=PartnerFactory())


def test_an_agent_may_not_give_their_lead_a_partner_by_editing_it():
    agent = user_with(Role.AGENT)
    lead = LeadFactory(owner=agent)

    with pytest.raises(PermissionDenied):
        lead_update(actor=agent, lead=lead, partner=PartnerFactory())

    lead.refresh_from_db()
    assert lead.partner_id is None


def test_an_agent_still_edits_their_lead_without_touching_its_partner():
    agent = user_with(Role.AGENT)
    lead = LeadFactory(owner=agent)

    lead_update(actor=agent, lead=lead, need="Faster invoicing")

    lead.refresh_from_db()
    assert lead.need == "Faster invoicing"


def test_the_lead_form_offers_no_partner_field_to_an_agent(client):
    agent = user_with(Role.AGENT)
    client.force_login(agent)

    body = client.get("/sales/leads/new/").content.decode()

    assert 'name="partner"' not in body


def test_the_lead_form_offers_the_partner_field_to_a_lead_generator(client):
    client.force_login(user_with(Role.LEAD_GENERATOR))

    body = client.get("/sales/leads/new/").content.decode()

    assert 'name="partner"' in body
