"""A company that is already a customer gets no new-business deal: its account manager is
offered an upsell or cross-sell instead (DESIGN invariant 1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import AccountFactory, cared_account
from tests.factories import TeamFactory, user_with
from tests.handover.helpers import manager_team, won_package
from tests.sales.factories import CompanyFactory, commercial_pipeline
from twofold.people.choices import Role
from twofold.sales.choices import LeadStatus, OpportunityKind
from twofold.sales.models import Lead, Opportunity
from twofold.sales.services import leads as services
from twofold.sales.services.deals import opportunity_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pipeline():
    return commercial_pipeline()


@pytest.fixture
def sdr():
    sdr = user_with(Role.LEAD_GENERATOR, full_name="Sam SDR")
    bdm = user_with(Role.BDM, full_name="Bea BDM")
    TeamFactory(lead=user_with(Role.SALES_LEAD), members=[sdr, bdm])
    return sdr


def _lead_for(sdr, company_name):
    return services.lead_create(actor=sdr, full_name="Nina Buyer", company_name=company_name).lead


def test_qualifying_a_lead_for_a_customer_warns_and_names_its_account_manager(sdr):
    _, manager, _ = cared_account(company=CompanyFactory(name="Acme GmbH"))
    lead = _lead_for(sdr, "acme gmbh")

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=sdr, lead=lead)

    assert caught.value.message_dict["kind"] == [
        f"Acme GmbH is already a customer, looked after by {manager}: offer {manager} an "
        "upsell or cross-sell instead of a new-business deal."
    ]
    assert caught.value.error_dict["kind"][0].code == "existing_customer"
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize("kind", [OpportunityKind.UPSELL, OpportunityKind.CROSS_SELL])
def test_qualifying_a_customer_s_lead_as_expansion_opens_it_for_the_account_manager(sdr, kind):
    account, manager, _ = cared_account(company=CompanyFactory(name="Acme GmbH"))
    lead = _lead_for(sdr, "Acme GmbH")

    deal = services.lead_qualify(actor=sdr, lead=lead, kind=kind)

    lead.refresh_from_db()
    assert (deal.kind, deal.owner, deal.company_id) == (kind, manager, account.company_id)
    assert deal.name == f"Acme GmbH — {OpportunityKind(kind).label.lower()}"
    assert (lead.status, lead.opportunity_id) == (LeadStatus.CONVERTED, deal.pk)


def test_a_customer_still_in_hand_over_is_offered_to_the_receiving_account_manager(sdr):
    _, manager, _ = manager_team()
    package = won_package()
    lead = _lead_for(sdr, package.account.company.name)

    deal = services.lead_qualify(actor=sdr, lead=lead, kind=OpportunityKind.UPSELL)

    assert package.account.relationship_owner_id is None
    assert deal.owner == manager


def test_an_upsell_cannot_be_handed_to_a_bdm_instead_of_the_account_manager(sdr):
    cared_account(company=CompanyFactory(name="Acme GmbH"))
    lead = _lead_for(sdr, "Acme GmbH")
    bdm = user_with(Role.BDM)

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=sdr, lead=lead, bdm=bdm, kind=OpportunityKind.UPSELL)

    assert "bdm" in caught.value.message_dict
    assert not Opportunity.objects.exists()


def test_a_prospect_s_lead_cannot_be_qualified_as_an_upsell(sdr):
    lead = _lead_for(sdr, "Newco")

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=sdr, lead=lead, kind=OpportunityKind.UPSELL)

    assert caught.value.message_dict["kind"] == [
        "Upsell is for existing customers; this lead's company is not one yet."
    ]


def test_a_customer_without_an_account_manager_is_refused_new_business_too(sdr):
    AccountFactory(company=CompanyFactory(name="Orphan AB"), relationship_owner=None)
    lead = _lead_for(sdr, "Orphan AB")

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=sdr, lead=lead, kind=OpportunityKind.UPSELL)

    assert caught.value.message_dict["kind"] == [
        "Orphan AB is already a customer, without an account manager yet: new business is "
        "not opened for an existing customer."
    ]


def test_creating_a_new_business_deal_for_a_customer_is_refused_naming_the_manager():
    account, manager, _ = cared_account(company=CompanyFactory(name="Acme GmbH"))

    with pytest.raises(ValidationError) as caught:
        opportunity_create(
            actor=None, name="Again", owner=user_with(Role.BDM), company=account.company
        )

    assert caught.value.message_dict["kind"][0].startswith(
        f"Acme GmbH is already a customer, looked after by {manager}"
    )
    assert not Opportunity.objects.exists()


def test_the_account_manager_may_open_an_upsell_for_their_customer():
    account, manager, _ = cared_account()

    deal = opportunity_create(
        actor=None,
        name="More seats",
        owner=manager,
        kind=OpportunityKind.UPSELL,
        company=account.company,
    )

    assert (deal.kind, deal.owner) == (OpportunityKind.UPSELL, manager)
