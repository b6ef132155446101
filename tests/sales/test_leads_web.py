"""Lead pages through the real views: list, create with duplicates, the lead page and its
actions, logging activities with htmx, rules and web forms; query counts pinned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import TeamFactory, user_with
from tests.sales.factories import LeadFactory, commercial_pipeline
from twofold.activities.models import Activity
from twofold.people.choices import Role
from twofold.sales.choices import LeadStatus
from twofold.sales.models import AssignmentRule, Lead, WebForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def sdr():
    return user_with(Role.LEAD_GENERATOR, full_name="Sam SDR")


@pytest.fixture
def signed_in(client, sdr):
    client.force_login(sdr)
    return client


def test_the_list_shows_next_and_previous_not_page_counts(signed_in, sdr):
    for i in range(55):
        LeadFactory(full_name=f"Lead {i:02d}", owner=sdr)

    first = signed_in.get(reverse("sales:lead_list"))
    body = first.content.decode()

    assert first.status_code == 200
    assert "Next →" in body
    assert "Previous" not in body
    assert " of " not in body.split('aria-label="Pages"')[1]
    second = signed_in.get(reverse("sales:lead_list"), {"after": first.context["page"].next_cursor})
    assert [lead.full_name for lead in second.context["page"].leads][:2] == ["Lead 04", "Lead 03"]


def test_htmx_filtering_answers_only_the_rows(signed_in, sdr):
    LeadFactory(full_name="Nina Buyer", owner=sdr)

    response = signed_in.get(reverse("sales:lead_list"), {"q": "nina"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Nina Buyer" in body
    assert "<html" not in body


def test_creating_a_lead_redirects_to_it_and_warns_of_duplicates(signed_in, sdr):
    known = LeadFactory(full_name="Known Nina", email="nina@acme.com", owner=sdr)

    response = signed_in.post(
        reverse("sales:lead_create"),
        {
            "full_name": "Nina Buyer",
            "email": "nina@acme.com",
            "source": "referral",
            "budget_currency": "EUR",
        },
        follow=True,
    )

    lead = Lead.objects.get(full_name="Nina Buyer")
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("sales:lead_detail", args=[lead.pk])
    assert "Possible duplicates" in body
    assert reverse("sales:lead_detail", args=[known.pk]) in body
    assert lead.owner == sdr


def test_the_duplicate_check_warns_while_typing(signed_in, sdr):
    LeadFactory(full_name="Known Nina", company_name="Acme Ltd", owner=sdr)

    response = signed_in.get(reverse("sales:lead_duplicates"), {"company_name": "ACME GmbH"})

    body = response.content.decode()
    assert "Possibly already known" in body
    assert "Known Nina" in body
    assert "similar company name" in body


def test_a_create_with_errors_names_the_fields(signed_in):
    response = signed_in.post(
        reverse("sales:lead_create"), {"full_name": "", "email": "bad", "source": "x"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "full_name",
        "email",
        "source",
        "budget_currency",
    }
    assert Lead.objects.count() == 0


def test_the_lead_page_merges_events_and_activities(signed_in, sdr):
    signed_in.post(
        reverse("sales:lead_create"),
        {"full_name": "Nina Buyer", "source": "referral", "budget_currency": "EUR"},
    )
    lead = Lead.objects.get()

    signed_in.post(
        reverse("sales:lead_log_activity", args=[lead.pk]),
        {"kind": "call", "subject": "Intro call"},
        HTTP_HX_REQUEST="true",
    )
    response = signed_in.get(reverse("sales:lead_detail", args=[lead.pk]))

    body = response.content.decode()
    assert "Intro call" in body
    assert "Assigned to Sam SDR" in body
    assert "Captured (referral / network)" in body


def test_logging_a_task_with_htmx_returns_the_timeline(signed_in, sdr):
    lead = LeadFactory(owner=sdr)

    response = signed_in.post(
        reverse("sales:lead_log_activity", args=[lead.pk]),
        {"kind": "task", "subject": "Send deck", "due_on": "2030-01-31"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'id="lead-timeline"' in response.content.decode()
    task = Activity.objects.get()
    assert (task.kind, task.subject, str(task.due_on), task.owner) == (
        "task",
        "Send deck",
        "2030-01-31",
        sdr,
    )


def test_a_due_date_on_a_call_is_refused_next_to_the_field(signed_in, sdr):
    lead = LeadFactory(owner=sdr)

    response = signed_in.post(
        reverse("sales:lead_log_activity", args=[lead.pk]),
        {"kind": "call", "subject": "Hi", "due_on": "2030-01-31"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Only tasks have a due date." in response.content.decode()
    assert Activity.objects.count() == 0


def test_qualifying_from_the_page_hands_the_lead_over(signed_in, sdr):
    commercial_pipeline()
    bdm = user_with(Role.BDM, full_name="Bea BDM")
    lead = LeadFactory(owner=sdr, budget_amount=Decimal("900.00"))

    response = signed_in.post(
        reverse("sales:lead_qualify", args=[lead.pk]), {"bdm": bdm.pk}, follow=True
    )

    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED
    assert lead.opportunity.owner == bdm
    assert "Handed to Bea BDM" in response.content.decode()


def test_disqualifying_without_a_reason_says_so(signed_in, sdr):
    lead = LeadFactory(owner=sdr)

    response = signed_in.post(
        reverse("sales:lead_disqualify", args=[lead.pk]), {"reason": ""}, follow=True
    )

    assert "Say why the lead is disqualified." in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_the_sales_lead_reassigns_from_the_page(client, sdr):
    other = user_with(Role.LEAD_GENERATOR, full_name="Olga Other")
    boss = user_with(Role.SALES_LEAD)
    TeamFactory(lead=boss, members=[sdr, other])
    lead = LeadFactory(owner=sdr)
    client.force_login(boss)

    client.post(
        reverse("sales:lead_reassign", args=[lead.pk]), {"owner": other.pk, "reason": "Holiday"}
    )

    lead.refresh_from_db()
    assert lead.owner == other


def test_editing_keeps_the_status_rules(signed_in, sdr):
    lead = LeadFactory(owner=sdr)
    data = {
        "full_name": "Renamed",
        "source": "cold_call",
        "budget_currency": "EUR",
        "status": "working",
        "need": "A CRM",
    }

    response = signed_in.post(reverse("sales:lead_edit", args=[lead.pk]), data)

    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.full_name, lead.status, lead.need) == ("Renamed", "working", "A CRM")


def test_admins_add_rules_and_web_forms(client, admin_user):
    team = TeamFactory(name="North")
    client.force_login(admin_user)

    client.post(
        reverse("sales:rule_list"),
        {"name": "Everything", "priority": 10, "team": team.pk, "is_active": "on"},
    )
    client.post(
        reverse("sales:webform_list"),
        {"name": "Contact page", "source": "web_form", "is_active": "on"},
    )
    page = client.get(reverse("sales:webform_list")).content.decode()

    assert AssignmentRule.objects.get().team == team
    form = WebForm.objects.get()
    assert reverse("public_form", args=[form.key]) in page


@pytest.mark.parametrize("rows", [5, 40])
def test_the_list_page_costs_the_same_queries_whatever_the_rows(
    signed_in, sdr, django_assert_max_num_queries, rows
):
    for i in range(rows):
        LeadFactory(full_name=f"Lead {i}", owner=sdr, partner=None)

    with django_assert_max_num_queries(8):
        response = signed_in.get(reverse("sales:lead_list"))

    assert response.status_code == 200


@pytest.mark.parametrize("activities", [1, 30])
def test_the_lead_page_costs_the_same_queries_whatever_its_history(
    signed_in, sdr, django_assert_max_num_queries, activities
):
    lead = LeadFactory(owner=sdr)
    for i in range(activities):
        Activity.objects.create(kind="note", subject=f"Note {i}", lead=lead, owner=sdr)

    with django_assert_max_num_queries(14):
        response = signed_in.get(reverse("sales:lead_detail", args=[lead.pk]))

    assert response.status_code == 200


# --- Routing rules a sales lead keeps ---------------------------------------------------------


def test_a_sales_lead_sees_the_routing_page_with_only_their_teams_rules(client):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    AssignmentRule.objects.create(name="North rule", team=north)
    AssignmentRule.objects.create(name="South rule", team=south)
    client.force_login(north.lead)

    page = client.get(reverse("sales:rule_list")).content.decode()

    assert "North rule" in page
    assert "South rule" not in page
    assert reverse("sales:webform_list") not in page  # web forms stay with admins


def test_a_sales_lead_cannot_open_another_teams_rule(client):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    theirs = AssignmentRule.objects.create(name="South rule", team=south)
    client.force_login(north.lead)

    response = client.get(reverse("sales:rule_edit", args=[theirs.pk]))

    assert response.status_code == 404


def test_a_sales_lead_offers_only_the_teams_they_lead_for_a_new_rule(client):
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    client.force_login(north.lead)

    page = client.get(reverse("sales:rule_list")).content.decode()

    assert f'value="{north.pk}"' in page
    assert f'value="{south.pk}"' not in page


@pytest.mark.parametrize(
    ("criteria", "shown"),
    [
        ({"region": "DACH"}, "region DACH"),
        ({"industry": "Retail", "region": "DACH"}, "industry Retail · region DACH"),
        ({"source": "event", "region": "DACH"}, "source event · region DACH"),
    ],
)
def test_the_rule_list_joins_criteria_without_stray_separators(client, admin_user, criteria, shown):
    AssignmentRule.objects.create(name="R", team=TeamFactory(), **criteria)
    client.force_login(admin_user)

    page = client.get(reverse("sales:rule_list")).content.decode()

    matches = page.split('<td class="small">')[1].split("</td>")[0].strip()
    assert matches == shown


def test_a_rule_is_moved_and_deleted_from_the_list(client):
    north = TeamFactory(name="North")
    first = AssignmentRule.objects.create(name="First", team=north, priority=10)
    second = AssignmentRule.objects.create(name="Second", team=north, priority=20)
    client.force_login(north.lead)

    client.post(reverse("sales:rule_move", args=[second.pk]), {"direction": "up"})
    client.post(reverse("sales:rule_delete", args=[first.pk]))

    assert list(AssignmentRule.objects.values_list("name", "priority")) == [("Second", 10)]


def test_an_admin_sets_a_web_forms_routing_questions_and_defaults(client, admin_user):
    client.force_login(admin_user)

    client.post(
        reverse("sales:webform_list"),
        {
            "name": "Retail page",
            "source": "web_form",
            "is_active": "on",
            "asks_region": "on",
            "industry": "Retail",
        },
    )

    form = WebForm.objects.get()
    assert (form.asks_industry, form.asks_region, form.industry) == (False, True, "Retail")
