"""Lead services: capture, duplicates, editing, status rules, disqualification, qualification."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TeamFactory, user_with
from tests.sales.factories import (
    CompanyFactory,
    LeadFactory,
    commercial_pipeline,
    lead_snapshot,
)
from twofold.parties.models import Company, Contact
from twofold.people.choices import Role
from twofold.sales.choices import LeadEventType, LeadSource, LeadStatus, OpportunityKind
from twofold.sales.duplicates import company_core, domain_of_email
from twofold.sales.models import Lead, LeadEvent, Opportunity
from twofold.sales.services import leads as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline():
    return commercial_pipeline()


@pytest.fixture
def team():
    """A sales team: a lead generator and two BDMs, led by a sales lead."""
    sdr = user_with(Role.LEAD_GENERATOR, full_name="Sam SDR")
    bdm_a = user_with(Role.BDM, full_name="Bea BDM")
    bdm_b = user_with(Role.BDM, full_name="Bo BDM")
    boss = user_with(Role.SALES_LEAD, full_name="Sol Lead")
    return TeamFactory(name="Sales North", lead=boss, members=[sdr, bdm_a, bdm_b])


def member(team, name):
    return team.members.get(full_name=name)


# --- Capture ------------------------------------------------------------------------------


def test_a_lead_generator_keeps_the_lead_they_capture(team):
    sdr = member(team, "Sam SDR")

    created = services.lead_create(actor=sdr, full_name="Nina Buyer", email="Nina@Acme.com")

    assert created.lead.owner == sdr
    assert created.lead.status == LeadStatus.NEW
    assert created.lead.email == "nina@acme.com"


def test_the_company_domain_comes_from_the_email_unless_given(team):
    sdr = member(team, "Sam SDR")

    from_email = services.lead_create(actor=sdr, full_name="A", email="a@Acme.com").lead
    given = services.lead_create(
        actor=sdr, full_name="B", email="b@acme.com", company_domain="https://www.Other.io/x"
    ).lead
    free_mail = services.lead_create(actor=sdr, full_name="C", email="c@gmail.com").lead

    assert (from_email.company_domain, given.company_domain, free_mail.company_domain) == (
        "acme.com",
        "other.io",
        "",
    )


def test_creating_writes_a_created_and_an_assigned_event(team):
    sdr = member(team, "Sam SDR")

    lead = services.lead_create(actor=sdr, full_name="Nina Buyer").lead

    events = list(lead.events.order_by("id").values_list("type", "actor_id"))
    assert events == [(LeadEventType.CREATED, sdr.pk), (LeadEventType.ASSIGNED, sdr.pk)]


def test_a_lead_needs_a_name_and_the_error_names_the_field(team):
    with pytest.raises(ValidationError) as caught:
        services.lead_create(actor=member(team, "Sam SDR"), full_name="   ")

    assert list(caught.value.message_dict) == ["full_name"]
    assert Lead.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("source", "carrier_pigeon"),
        ("budget_amount", Decimal("-1")),
        ("budget_currency", "XXX"),
        ("region", "x" * 81),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(team, field, value):
    before = lead_snapshot()

    with pytest.raises(ValidationError) as caught:
        services.lead_create(
            actor=member(team, "Sam SDR"), full_name="Nina Buyer", **{field: value}
        )

    assert field in caught.value.message_dict
    assert lead_snapshot() == before


def test_people_outside_sales_may_not_create_leads():
    with pytest.raises(PermissionDenied):
        services.lead_create(actor=user_with(Role.ACCOUNT_MANAGER), full_name="Nina Buyer")


# --- Duplicates -----------------------------------------------------------------------------


def test_company_names_are_compared_without_case_punctuation_or_legal_suffix():
    assert company_core("ACME, Inc.") == company_core("Acme GmbH") == "acme"
    assert company_core("Acme Industries Ltd") == "acme industries"
    assert domain_of_email("x@hotmail.com") == ""


def test_duplicates_by_email_domain_and_similar_name_are_returned_not_refused(team):
    sdr = member(team, "Sam SDR")
    same_email = LeadFactory(email="nina@acme.com", company_name="", company_domain="", owner=sdr)
    same_domain = LeadFactory(email="ops@acme.com", company_name="", owner=sdr)
    similar_name = LeadFactory(email="x@acme-group.example", company_name="ACME Ltd", owner=sdr)
    LeadFactory(email="y@other.example", company_name="Acmeville", owner=sdr)

    created = services.lead_create(
        actor=sdr, full_name="Nina", email="NINA@acme.com", company_name="Acme GmbH"
    )

    found = {d.lead.pk: d.reasons for d in created.duplicates}
    assert found == {
        same_email.pk: ("same e-mail",),
        same_domain.pk: ("same company domain",),
        similar_name.pk: ("similar company name",),
    }
    assert Lead.objects.filter(email="nina@acme.com").count() == 2


def test_duplicates_only_come_from_leads_the_actor_may_see(team):
    agent = user_with(Role.AGENT)
    LeadFactory(email="nina@acme.com", owner=member(team, "Sam SDR"))

    created = services.lead_create(actor=agent, full_name="Nina", email="nina@acme.com")

    assert created.duplicates == []


# --- Editing and status ---------------------------------------------------------------------


def test_editing_changes_only_the_given_fields_and_keeps_history(team):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina", email="nina@acme.com").lead

    services.lead_update(actor=sdr, lead=lead, budget_amount=Decimal("5000.00"), need="CRM")

    lead.refresh_from_db()
    assert (lead.budget_amount, lead.need, lead.email) == (
        Decimal("5000.00"),
        "CRM",
        "nina@acme.com",
    )
    assert lead.history.first().history_user == sdr


def test_status_moves_between_the_open_statuses_with_an_event(team):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead

    services.lead_set_status(actor=sdr, lead=lead, status=LeadStatus.WORKING)

    event = lead.events.filter(type=LeadEventType.STATUS_CHANGED).get()
    assert event.data == {"from": "new", "to": "working"}


def test_a_colleague_may_not_edit_someone_elses_lead(team):
    lead = services.lead_create(actor=member(team, "Sam SDR"), full_name="Nina").lead

    with pytest.raises(PermissionDenied):
        services.lead_update(actor=member(team, "Bea BDM"), lead=lead, need="Hijacked")


def test_disqualifying_needs_a_reason_and_the_error_names_it(team):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead

    with pytest.raises(ValidationError) as caught:
        services.lead_disqualify(actor=sdr, lead=lead, reason="  ")

    assert list(caught.value.message_dict) == ["reason"]
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_disqualifying_twice_writes_one_event(team):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead

    services.lead_disqualify(actor=sdr, lead=lead, reason="No budget")
    services.lead_disqualify(actor=sdr, lead=lead, reason="No budget")

    assert lead.events.filter(type=LeadEventType.DISQUALIFIED).count() == 1
    assert lead.disqualify_reason == "No budget"


def test_a_disqualified_lead_can_be_reopened_and_loses_its_reason(team):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead
    services.lead_disqualify(actor=sdr, lead=lead, reason="No budget")

    services.lead_set_status(actor=sdr, lead=lead, status=LeadStatus.WORKING)

    lead.refresh_from_db()
    assert (lead.status, lead.disqualify_reason) == (LeadStatus.WORKING, "")
    assert lead.events.filter(type=LeadEventType.REOPENED).count() == 1


@pytest.mark.parametrize("status", [LeadStatus.DISQUALIFIED, LeadStatus.CONVERTED])
def test_closing_statuses_are_not_set_by_hand(team, status):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead

    with pytest.raises(ValidationError) as caught:
        services.lead_set_status(actor=sdr, lead=lead, status=status)

    assert list(caught.value.message_dict) == ["status"]


# --- Qualification and hand-off -------------------------------------------------------------


def test_qualifying_opens_a_new_business_deal_for_the_chosen_bdm(team, pipeline):
    sdr = member(team, "Sam SDR")
    bo = member(team, "Bo BDM")
    lead = services.lead_create(
        actor=sdr,
        full_name="Nina Buyer",
        email="nina@acme.com",
        company_name="Acme GmbH",
        budget_amount=Decimal("12000.00"),
        budget_currency="USD",
    ).lead

    deal = services.lead_qualify(actor=sdr, lead=lead, bdm=bo)

    lead.refresh_from_db()
    assert (deal.owner, deal.kind, deal.amount, deal.currency) == (
        bo,
        OpportunityKind.NEW_BUSINESS,
        Decimal("12000.00"),
        "USD",
    )
    assert (deal.company.name, deal.company.domain) == ("Acme GmbH", "acme.com")
    assert (deal.contact.full_name, deal.contact.email) == ("Nina Buyer", "nina@acme.com")
    assert (lead.status, lead.opportunity, lead.company) == (
        LeadStatus.CONVERTED,
        deal,
        deal.company,
    )
    assert lead.owner == sdr  # the lead generator keeps the credit for the lead


def test_qualifying_twice_returns_the_same_deal_and_opens_nothing(team, pipeline):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina", company_name="Acme").lead
    first = services.lead_qualify(actor=sdr, lead=lead)
    before = lead_snapshot()

    again = services.lead_qualify(actor=sdr, lead=lead, bdm=member(team, "Bo BDM"))

    assert again == first
    assert lead_snapshot() == before


def test_qualifying_writes_qualified_and_converted_events(team, pipeline):
    sdr = member(team, "Sam SDR")
    bea = member(team, "Bea BDM")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead

    deal = services.lead_qualify(actor=sdr, lead=lead, bdm=bea, note="Hot")

    qualified = lead.events.get(type=LeadEventType.QUALIFIED)
    converted = lead.events.get(type=LeadEventType.CONVERTED)
    assert qualified.data == {"from": "new", "bdm": bea.pk, "how": "chosen"}
    assert (converted.data["opportunity"], converted.data["note"]) == (deal.pk, "Hot")


def test_by_rule_the_bdms_of_the_owners_team_take_turns(team, pipeline):
    sdr = member(team, "Sam SDR")
    user_with(Role.BDM, full_name="Outsider BDM")  # not in the team
    leads = [services.lead_create(actor=sdr, full_name=f"Lead {i}").lead for i in range(3)]

    owners = [services.lead_qualify(actor=sdr, lead=lead).owner.full_name for lead in leads]

    assert owners == ["Bea BDM", "Bo BDM", "Bea BDM"]


def test_by_rule_without_a_team_bdm_any_active_bdm_takes_it(pipeline):
    sdr = user_with(Role.LEAD_GENERATOR)
    user_with(Role.BDM, full_name="Gone BDM", is_active=False)
    anyone = user_with(Role.BDM, full_name="Any BDM")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead

    assert services.lead_qualify(actor=sdr, lead=lead).owner == anyone


def test_an_existing_company_is_linked_by_domain_then_by_name(team, pipeline):
    sdr = member(team, "Sam SDR")
    by_domain = CompanyFactory(name="Acme Holding", domain="acme.com")
    by_name = CompanyFactory(name="Globex", domain="")
    one = services.lead_create(actor=sdr, full_name="A", email="a@acme.com").lead
    two = services.lead_create(actor=sdr, full_name="B", company_name="GLOBEX").lead

    deals = [services.lead_qualify(actor=sdr, lead=lead) for lead in (one, two)]

    assert [d.company for d in deals] == [by_domain, by_name]
    assert Company.objects.count() == 2


def test_an_existing_contact_is_linked_by_email_without_case(team, pipeline):
    sdr = member(team, "Sam SDR")
    contact = Contact.objects.create(full_name="Nina B.", email="Nina@Acme.com")
    lead = services.lead_create(actor=sdr, full_name="Nina", email="nina@acme.com").lead

    deal = services.lead_qualify(actor=sdr, lead=lead)

    assert deal.contact == contact
    assert Contact.objects.count() == 1


def test_an_agents_lead_becomes_the_agents_own_deal(pipeline, team):
    agent = user_with(Role.AGENT)
    lead = services.lead_create(actor=agent, full_name="Nina").lead

    deal = services.lead_qualify(actor=agent, lead=lead)

    assert deal.owner == agent
    assert lead.events.get(type=LeadEventType.QUALIFIED).data["how"] == "agent"


def test_an_agents_lead_cannot_be_handed_to_someone_else(pipeline, team):
    agent = user_with(Role.AGENT)
    lead = services.lead_create(actor=agent, full_name="Nina").lead

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=agent, lead=lead, bdm=member(team, "Bea BDM"))

    assert list(caught.value.message_dict) == ["bdm"]


def test_a_lead_generator_cannot_receive_a_deal(team, pipeline):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead
    before = lead_snapshot()

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=sdr, lead=lead, bdm=sdr)

    assert list(caught.value.message_dict) == ["bdm"]
    assert lead_snapshot() == before


def test_a_disqualified_lead_cannot_be_qualified(team, pipeline):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead
    services.lead_disqualify(actor=sdr, lead=lead, reason="No budget")

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=sdr, lead=lead)

    assert caught.value.code == "disqualified"
    assert Opportunity.objects.count() == 0


def test_a_lead_converted_elsewhere_cannot_be_qualified(team, pipeline):
    lead = LeadFactory(owner=member(team, "Sam SDR"), status=LeadStatus.CONVERTED)

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=member(team, "Sam SDR"), lead=lead)

    assert caught.value.code == "converted_elsewhere"


def test_a_converted_lead_cannot_be_disqualified_or_change_status(team, pipeline):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina").lead
    services.lead_qualify(actor=sdr, lead=lead)
    lead.refresh_from_db()

    with pytest.raises(ValidationError) as disqualify:
        services.lead_disqualify(actor=sdr, lead=lead, reason="Changed my mind")
    with pytest.raises(ValidationError) as status:
        services.lead_set_status(actor=sdr, lead=lead, status=LeadStatus.WORKING)

    assert (disqualify.value.code, status.value.code) == ("converted", "converted")


def test_qualifying_without_a_pipeline_says_so_and_writes_nothing(team):
    sdr = member(team, "Sam SDR")
    lead = services.lead_create(actor=sdr, full_name="Nina", company_name="Acme").lead
    before = lead_snapshot()

    with pytest.raises(ValidationError) as caught:
        services.lead_qualify(actor=sdr, lead=lead)

    assert list(caught.value.message_dict) == ["pipeline"]
    assert lead_snapshot() == before


# --- Web forms ------------------------------------------------------------------------------


def test_a_web_form_gets_a_long_random_key(admin_user):
    one = services.webform_create(actor=admin_user, name="Contact")
    two = services.webform_create(actor=admin_user, name="Pricing")

    assert len(one.key) >= 32
    assert one.key != two.key


def test_only_admins_create_web_forms(team):
    with pytest.raises(PermissionDenied):
        services.webform_create(actor=team.lead, name="X")


def test_a_web_form_lead_has_the_forms_source_and_no_actor(admin_user):
    form = services.webform_create(actor=admin_user, name="Events", source=LeadSource.EVENT)

    lead = services.lead_capture_from_web_form(
        form=form, full_name="Nina", email="nina@acme.com", message="Call me"
    )

    assert (lead.source, lead.web_form, lead.message) == (LeadSource.EVENT, form, "Call me")
    assert LeadEvent.objects.filter(lead=lead, actor__isnull=True).count() == 2
