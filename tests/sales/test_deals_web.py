"""Deal pages: the list (filters, sort, search, keyset pages), a deal's page (stepper,
strategy, timeline, time in stage, history), quick logging and the edit forms."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import (
    CompanyFactory,
    lost_deal,
    open_deal,
    sales_team,
    standard_pipeline,
    won_deal,
)
from twofold.activities.models import Activity
from twofold.activities.services import activity_log
from twofold.people.choices import Role
from twofold.sales.models import Opportunity
from twofold.sales.selectors import deals as selectors
from twofold.sales.services.deals import opportunity_move
from twofold.sales.services.strategy import deal_strategy_set

pytestmark = pytest.mark.django_db

# session, user, roles, the page of deals (one query, no COUNT), pipelines + stages, owners
LIST_QUERIES = 8  # with the result count, capped
# Ours (18): session, user, roles, the deal, stages, three policy checks of a sales lead,
# strategy, strategy history, timeline (activities, events), stage-change events, deal history
# and one query per model it references (pipeline, stage, owner, company). The commercial
# side's ``deal_commercials`` adds its own (about a dozen: items, terms, partners, complaints).
DETAIL_QUERIES = 32


def names(response):
    return [deal.name for deal in response.context["page"].rows]


def test_the_list_shows_open_deals_most_recently_updated_first(client, admin_user):
    standard_pipeline()
    now = timezone.now()
    for n in range(3):
        deal = open_deal(name=f"Deal {n}")
        Opportunity.objects.filter(pk=deal.pk).update(updated_at=now - timedelta(hours=n))
    client.force_login(admin_user)

    assert names(client.get(reverse("sales:opportunity_list"))) == ["Deal 0", "Deal 1", "Deal 2"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stage": "Proposal"}, ["Beta"]),
        ({"q": "acm"}, ["Alpha"]),
        ({"q": "bet"}, ["Beta"]),
        ({"close_before": "2030-01-31"}, ["Alpha"]),
        ({"close_after": "2030-02-01"}, ["Beta"]),
        ({"sort": "-amount"}, ["Beta", "Alpha"]),
        ({"sort": "amount"}, ["Alpha", "Beta"]),
        ({"sort": "-close"}, ["Beta", "Alpha"]),
        ({"sort": "close"}, ["Alpha", "Beta"]),
        ({"kind": "renewal"}, []),
    ],
)
def test_the_list_filters_searches_and_sorts(client, admin_user, params, expected):
    open_deal(
        name="Alpha",
        company=CompanyFactory(name="Acme"),
        amount=Decimal("10"),
        expected_close_date=date(2030, 1, 10),
    )
    open_deal(
        name="Beta", stage="Proposal", amount=Decimal("99"), expected_close_date=date(2030, 3, 1)
    )
    if "stage" in params:
        params = {"stage": Opportunity.objects.get(name="Beta").stage_id}
    client.force_login(admin_user)

    response = client.get(reverse("sales:opportunity_list"), params)

    assert sorted(names(response)) == sorted(expected)
    if "sort" in params:
        assert names(response) == expected


@pytest.mark.parametrize("sort", selectors.DEAL_SORTING.params())
def test_keyset_pages_walk_every_deal_once(admin_user, sort):
    standard_pipeline()
    for n in range(7):
        open_deal(
            name=f"D{n}",
            amount=Decimal(n % 3),
            expected_close_date=date(2030, 1, 1 + n % 2) if n % 3 else None,
        )
    filters = selectors.DealFilters(sort=sort)
    seen, after = [], ""
    while True:
        page = selectors.opportunity_page(actor=admin_user, filters=filters, after=after, size=3)
        seen += [deal.name for deal in page.rows]
        if not page.next_cursor:
            break
        after = page.next_cursor

    assert sorted(seen) == [f"D{n}" for n in range(7)]
    assert len(seen) == 7


def test_a_bad_cursor_starts_from_the_first_page(admin_user):
    open_deal(name="Only")

    page = selectors.opportunity_page(
        actor=admin_user, filters=selectors.DealFilters(), after="not-a-cursor"
    )

    assert [d.name for d in page.rows] == ["Only"]


def test_the_list_costs_the_same_with_more_deals(client, admin_user):
    open_deal()
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("sales:opportunity_list"))

    for _ in range(10):
        open_deal(company=CompanyFactory())
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("sales:opportunity_list"))

    assert len(large) == len(small) <= LIST_QUERIES
    # The one count stops at its cap: it never reads the whole table.
    counts = [q["sql"] for q in large.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 10001" in counts[0]


def _busy_deal(lead):
    deal = open_deal(company=CompanyFactory())
    sales_team(deal.owner, lead=lead)
    deal_strategy_set(
        actor=lead, opportunity=deal, approach="A", key_messages="K", risks="R", next_steps="N"
    )
    return deal


def _detail_queries(client, deal):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("sales:opportunity_detail", args=[deal.pk]))
    assert response.status_code == 200
    return len(captured)


def test_the_deal_page_costs_the_same_with_a_longer_history(client):
    lead = user_with(Role.SALES_LEAD)
    deal = _busy_deal(lead)
    client.force_login(lead)
    _detail_queries(client, deal)  # first visits create one-row settings (the sales policy)
    small = _detail_queries(client, deal)

    for n in range(5):
        activity_log(
            actor=None, owner=deal.owner, kind="call", subject=f"Call {n}", opportunity=deal
        )
        target = "Proposal" if n % 2 == 0 else "Negotiation"
        opportunity_move(actor=lead, opportunity=deal, stage=deal.pipeline.stages.get(name=target))
        deal_strategy_set(
            actor=lead,
            opportunity=deal,
            approach=f"A{n}",
            key_messages="K",
            risks="R",
            next_steps="N",
        )

    assert _detail_queries(client, deal) == small <= DETAIL_QUERIES


def test_the_deal_page_shows_stepper_strategy_timeline_and_time_in_stage(client):
    lead = user_with(Role.SALES_LEAD)
    deal = _busy_deal(lead)
    opportunity_move(actor=lead, opportunity=deal, stage=deal.pipeline.stages.get(name="Proposal"))
    activity_log(actor=deal.owner, kind="call", subject="Called the CFO", opportunity=deal)
    client.force_login(deal.owner)

    response = client.get(reverse("sales:opportunity_detail", args=[deal.pk]))

    page = response.content.decode()
    assert 'aria-current="step"' in page
    assert "Called the CFO" in page
    assert "Moved from Discovery to Proposal" in page
    assert [s.stage for s in response.context["stints"]] == ["Discovery", "Proposal"]
    assert response.context["strategy"].approach == "A"
    assert not response.context["can_write_strategy"]
    assert "sales/partials/deal_close_actions.html" in [t.name for t in response.templates]


def test_stage_times_count_each_stay_from_the_events(admin_user):
    deal = open_deal()
    start = deal.created_at
    Opportunity.objects.filter(pk=deal.pk).update(stage_entered_at=start)
    deal.refresh_from_db()
    opportunity_move(actor=None, opportunity=deal, stage=deal.pipeline.stages.get(name="Proposal"))

    stints = selectors.stage_times(opportunity=deal, now=start + timedelta(days=30))

    assert [(s.stage, s.left is None) for s in stints] == [("Discovery", False), ("Proposal", True)]
    assert stints[1].days is not None
    assert stints[1].days <= Decimal("30.0")


def test_a_call_is_logged_with_htmx_and_the_timeline_refreshed(client):
    deal = open_deal()
    client.force_login(deal.owner)

    response = client.post(
        reverse("sales:opportunity_log_activity", args=[deal.pk]),
        {"kind": "call", "subject": "Discussed the budget"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Discussed the budget" in response.content.decode()
    assert Activity.objects.get().owner == deal.owner


def test_a_due_date_on_a_call_is_refused_naming_the_field(client):
    deal = open_deal()
    client.force_login(deal.owner)

    response = client.post(
        reverse("sales:opportunity_log_activity", args=[deal.pk]),
        {"kind": "call", "subject": "Call", "due_on": "2030-01-01"},
        HTTP_HX_REQUEST="true",
    )

    assert response.context["activity_form"].errors == {"due_on": ["Only tasks have a due date."]}
    assert not Activity.objects.exists()


def test_a_task_is_marked_done_and_the_page_returns(client):
    deal = open_deal()
    task = activity_log(
        actor=None,
        owner=deal.owner,
        kind="task",
        subject="Send",
        due_on=timezone.localdate(),
        opportunity=deal,
    )
    client.force_login(deal.owner)

    response = client.post(reverse("sales:task_complete", args=[task.pk]), {"next": "/"})

    task.refresh_from_db()
    assert task.done_at is not None
    assert response["Location"] == "/"


def test_the_owner_edits_the_next_step(client):
    deal = open_deal()
    client.force_login(deal.owner)

    response = client.post(
        reverse("sales:opportunity_edit", args=[deal.pk]),
        {
            "name": deal.name,
            "next_step": "Demo",
            "next_step_due": "2030-05-01",
            "currency": "EUR",
            "amount": "10",
        },
    )

    deal.refresh_from_db()
    assert response.status_code == 302
    assert (deal.next_step, deal.next_step_due, deal.amount) == (
        "Demo",
        date(2030, 5, 1),
        Decimal("10.00"),
    )


def test_a_bdm_opens_a_deal_for_a_known_company(client):
    standard_pipeline()
    bdm = user_with(Role.BDM)
    CompanyFactory(name="Acme Ltd")
    client.force_login(bdm)

    response = client.post(
        reverse("sales:opportunity_create"),
        {
            "name": "Acme fleet",
            "kind": "new_business",
            "company": "acme ltd",
            "amount": "5",
            "currency": "EUR",
        },
    )

    deal = Opportunity.objects.get()
    assert response["Location"] == reverse("sales:opportunity_detail", args=[deal.pk])
    assert (deal.owner, deal.company.name, deal.stage.name) == (bdm, "Acme Ltd", "Discovery")


def test_an_unknown_company_is_refused_naming_the_field(client):
    standard_pipeline()
    client.force_login(user_with(Role.BDM))

    response = client.post(
        reverse("sales:opportunity_create"),
        {
            "name": "X",
            "kind": "new_business",
            "company": "Nowhere",
            "amount": "5",
            "currency": "EUR",
        },
    )

    assert list(response.context["form"].errors) == ["company"]
    assert not Opportunity.objects.exists()


def test_the_sales_lead_writes_the_strategy_from_the_deal(client):
    deal = open_deal()
    team = sales_team(deal.owner)
    client.force_login(team.lead)

    response = client.post(
        reverse("sales:opportunity_strategy", args=[deal.pk]),
        {"approach": "Go high", "key_messages": "", "risks": "", "next_steps": ""},
    )

    assert response.status_code == 302
    assert deal.strategy.approach == "Go high"


def test_the_sales_lead_reassigns_from_the_deal(client):
    deal = open_deal()
    newcomer = user_with(Role.BDM)
    team = sales_team(deal.owner, newcomer)
    client.force_login(team.lead)

    client.post(
        reverse("sales:opportunity_reassign", args=[deal.pk]),
        {"owner": newcomer.pk, "reason": "Holiday cover"},
    )

    assert Opportunity.objects.get(pk=deal.pk).owner == newcomer


def _edit(client, deal, **changes):
    data = {"name": deal.name, "next_step": "", "currency": "EUR", "amount": "10"}
    return client.post(reverse("sales:opportunity_edit", args=[deal.pk]), data | changes)


def test_a_deal_keeps_an_expected_close_date_years_old_when_renamed(client):
    deal = open_deal()
    Opportunity.objects.filter(pk=deal.pk).update(expected_close_date=date(2019, 3, 1))
    client.force_login(deal.owner)

    response = _edit(client, deal, name="Renamed", expected_close_date="2019-03-01")

    deal.refresh_from_db()
    assert response.status_code == 302
    assert (deal.name, deal.expected_close_date) == ("Renamed", date(2019, 3, 1))


def test_an_expected_close_date_in_9999_is_an_error_on_the_field(client):
    deal = open_deal()
    client.force_login(deal.owner)

    response = _edit(client, deal, expected_close_date="9999-12-31")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["expected_close_date"]


def test_an_admin_edits_a_pipeline_from_the_settings_page(client, admin_user):
    pipeline = standard_pipeline()
    client.force_login(admin_user)
    stages = list(pipeline.stages.order_by("order"))
    data = {
        "name": "Renamed",
        "is_default": "on",
        "is_active": "on",
        "stages-TOTAL_FORMS": str(len(stages)),
        "stages-INITIAL_FORMS": str(len(stages)),
    }
    for i, stage in enumerate(stages):
        data |= {
            f"stages-{i}-id": stage.pk,
            f"stages-{i}-name": stage.name,
            f"stages-{i}-probability": 50 if stage.name == "Proposal" else stage.probability,
            f"stages-{i}-kind": stage.kind,
        }

    response = client.post(reverse("sales:pipeline_edit", args=[pipeline.pk]), data)

    assert response.status_code == 302
    pipeline.refresh_from_db()
    assert pipeline.name == "Renamed"
    assert pipeline.stages.get(name="Proposal").probability == 50


@pytest.mark.parametrize(("status", "label"), [("won", "Won"), ("lost", "Lost")])
def test_a_closed_deal_in_the_list_says_its_status_once(client, admin_user, status, label):
    owner = user_with(Role.BDM)
    if status == "won":
        won_deal(owner, amount=Decimal("100.00"), closed_on=timezone.localdate(), name="Fleet")
    else:
        lost_deal(owner, closed_on=timezone.localdate(), name="Fleet")
    client.force_login(admin_user)

    body = client.get(f"/sales/deals/?status={status}").content.decode()

    rows = re.search(r"<tbody>(.*)</tbody>", body, re.DOTALL)
    assert rows is not None
    assert re.sub(r"<[^>]+>", " ", rows[1]).split().count(label) == 1
