"""The deal page shows what the lead generator learnt when qualifying the lead: the BDM starts
from the need, authority, timeline, budget and the note written to them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import TeamFactory, user_with
from tests.sales.factories import open_deal, standard_pipeline
from twofold.people.choices import Role
from twofold.sales.selectors.leads import qualification_of
from twofold.sales.services import leads as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def qualified():
    sdr = user_with(Role.LEAD_GENERATOR, full_name="Sam SDR")
    bdm = user_with(Role.BDM, full_name="Bo BDM")
    TeamFactory(lead=user_with(Role.SALES_LEAD), members=[sdr, bdm])
    standard_pipeline()
    lead = services.lead_create(
        actor=sdr,
        full_name="Nina Buyer",
        email="nina@acme.example",
        company_name="Acme GmbH",
        budget_amount=Decimal("12000.00"),
        budget_currency="EUR",
        need="Replace the spreadsheets the depot runs on",
        authority="Nina signs up to 20k",
        timeline="Before the summer",
    ).lead
    return services.lead_qualify(actor=sdr, lead=lead, bdm=bdm, note="Call her before Friday")


def test_a_deal_from_a_lead_carries_its_qualification_and_the_note_to_the_bdm(qualified):
    qualification = qualification_of(opportunity_id=qualified.pk)

    assert qualification is not None
    assert qualification.lead.need == "Replace the spreadsheets the depot runs on"
    assert qualification.note_to_bdm == "Call her before Friday"


def test_a_deal_opened_without_a_lead_has_no_qualification():
    assert qualification_of(opportunity_id=open_deal().pk) is None


def test_the_bdm_reads_the_qualification_on_the_deal_page(client, qualified):
    client.force_login(qualified.owner)

    body = client.get(reverse("sales:opportunity_detail", args=[qualified.pk])).content.decode()

    for text in [
        "From the lead",
        "Call her before Friday",
        "Replace the spreadsheets the depot runs on",
        "Nina signs up to 20k",
        "Before the summer",
        "12,000.00 EUR",
    ]:
        assert text in body
