"""The board: open stages as columns, counts and sums in one grouped query, the newest cards,
moves with htmx — at a query cost that does not grow with the number of deals."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import open_deal, sales_team, standard_pipeline, won_deal
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityStatus
from twofold.sales.models import Opportunity, Sale
from twofold.sales.selectors.deals import board_for

pytestmark = pytest.mark.django_db

# session, user, roles, pipelines (+ stages), owner choices, the visible owners, open totals,
# this month's closed totals, one card query per open stage (three in the standard pipeline).
# Independent of the number of deals.
BOARD_PAGE_QUERIES = 12
BOARD_API_QUERIES = 10
OPEN_STAGES = ["Discovery", "Proposal", "Negotiation"]


def test_the_board_has_a_column_per_open_stage_with_counts_and_sums(admin_user):
    pipeline = standard_pipeline()
    open_deal(amount=Decimal("100.00"))
    open_deal(amount=Decimal("250.50"), stage="Proposal")
    open_deal(amount=Decimal("50.00"), stage="Proposal", currency="USD")

    board = board_for(actor=admin_user, pipeline=pipeline)

    summary = [
        (c.stage.name, c.count, [(t.currency, t.amount) for t in c.totals]) for c in board.columns
    ]
    assert summary == [
        ("Discovery", 1, [("EUR", Decimal("100.00"))]),
        ("Proposal", 2, [("EUR", Decimal("250.50")), ("USD", Decimal("50.00"))]),
        ("Negotiation", 0, []),
    ]


def test_a_column_shows_only_its_most_recently_updated_cards(admin_user):
    pipeline = standard_pipeline()
    deals = [open_deal(name=f"Deal {n}") for n in range(4)]
    now = timezone.now()
    for n, deal in enumerate(deals):
        Opportunity.objects.filter(pk=deal.pk).update(updated_at=now - timedelta(hours=n))

    (discovery, *_) = board_for(actor=admin_user, pipeline=pipeline, limit=2).columns

    assert [card.name for card in discovery.cards] == ["Deal 0", "Deal 1"]
    assert (discovery.count, discovery.hidden) == (4, 2)


def test_a_column_adds_up_the_deals_of_every_owner_the_actor_sees():
    lead = user_with(Role.SALES_LEAD)
    first, second = user_with(Role.BDM), user_with(Role.BDM)
    sales_team(first, second, lead=lead)
    pipeline = standard_pipeline()
    open_deal(first, amount=Decimal("100.00"), stage="Proposal")
    open_deal(second, amount=Decimal("250.50"), stage="Proposal")
    open_deal(second, amount=Decimal("40.00"), stage="Proposal", currency="USD")
    open_deal(lead, amount=Decimal("9.50"), stage="Proposal")
    open_deal(amount=Decimal("1000.00"), stage="Proposal")  # another team's

    proposal = board_for(actor=lead, pipeline=pipeline).columns[1]

    assert proposal.count == 4
    assert [(t.currency, t.amount) for t in proposal.totals] == [
        ("EUR", Decimal("360.00")),
        ("USD", Decimal("40.00")),
    ]


def test_the_footer_counts_deals_won_and_lost_this_month(admin_user):
    pipeline = standard_pipeline()
    won, lost, old = open_deal(), open_deal(), open_deal()
    today = timezone.localdate()
    Opportunity.objects.filter(pk=won.pk).update(
        status=OpportunityStatus.WON, stage=pipeline.stages.get(name="Won"), closed_on=today
    )
    Opportunity.objects.filter(pk=lost.pk).update(
        status=OpportunityStatus.LOST, stage=pipeline.stages.get(name="Lost"), closed_on=today
    )
    Opportunity.objects.filter(pk=old.pk).update(
        status=OpportunityStatus.WON,
        stage=pipeline.stages.get(name="Won"),
        closed_on=today.replace(day=1) - timedelta(days=1),
    )

    board = board_for(actor=admin_user, pipeline=pipeline)

    assert (board.won_count, board.lost_count) == (1, 1)
    assert board.columns[0].count == 0


def test_the_footer_sums_the_sales_recorded_this_month_per_currency(admin_user):
    pipeline = standard_pipeline()
    today = timezone.localdate()
    # (list amount, recorded sale after the discount, currency)
    won = [("100.00", "90.00", "EUR"), ("50.25", "45.23", "EUR"), ("70.00", "63.00", "USD")]
    for listed, sold, currency in won:
        deal = won_deal(admin_user, amount=Decimal(listed), currency=currency, closed_on=today)
        Sale.objects.filter(opportunity=deal).update(amount=Decimal(sold))

    board = board_for(actor=admin_user, pipeline=pipeline)

    expected: dict[str, Decimal] = {}
    for _, sold, currency in won:
        expected[currency] = expected.get(currency, Decimal(0)) + Decimal(sold)
    assert [(t.currency, t.amount) for t in board.won_totals] == sorted(expected.items())
    assert board.won_count == len(won)


def test_an_agent_sees_only_their_own_deals_on_the_board():
    agent = user_with(Role.AGENT)
    pipeline = standard_pipeline()
    open_deal(agent, name="Mine")
    open_deal(name="Someone else's")

    board = board_for(actor=agent, pipeline=pipeline)

    assert [card.name for card in board.columns[0].cards] == ["Mine"]
    assert board.columns[0].count == 1


def test_only_my_deals_filters_the_board(client):
    bdm = user_with(Role.BDM)
    sales_team(bdm, colleague := user_with(Role.BDM))
    standard_pipeline()
    open_deal(bdm, name="Mine")
    open_deal(colleague, name="Colleague's")
    client.force_login(bdm)

    page = client.get(reverse("sales:board"), {"mine": "1"}).content.decode()

    assert "Mine" in page
    assert "Colleague&#x27;s" not in page


def _board_page(client, deal):
    client.force_login(deal.owner)
    response = client.get(reverse("sales:board"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_card_links_to_its_deal(client):
    deal = open_deal(name="Fleet")

    page = _board_page(client, deal)

    assert f'<a href="{reverse("sales:opportunity_detail", args=[deal.pk])}">Fleet</a>' in page


def test_a_card_shows_its_amount_as_every_page_writes_amounts(client):
    deal = open_deal(amount=Decimal("12345.50"))

    page = _board_page(client, deal)

    assert '<span class="board-card-amount">12,345.50 EUR</span>' in page


def test_a_card_says_how_long_the_deal_has_been_in_its_stage(client):
    deal = open_deal()
    entered = timezone.now() - timedelta(days=3, hours=2, minutes=1)
    Opportunity.objects.filter(pk=deal.pk).update(stage_entered_at=entered)

    page = _board_page(client, deal)

    assert "3\xa0days, 2\xa0hours in stage" in page


def test_a_card_says_since_when_the_deal_is_in_its_stage(client):
    deal = open_deal()
    entered = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    Opportunity.objects.filter(pk=deal.pk).update(stage_entered_at=entered)

    page = _board_page(client, deal)

    assert 'title="In this stage since 5 Mar 2026"' in page


def test_a_card_moves_by_keyboard_to_any_open_stage_from_its_own(client):
    deal = open_deal(name="Fleet", stage="Proposal")
    stages = {stage.name: stage.pk for stage in deal.pipeline.stages.all()}

    page = _board_page(client, deal)

    form = re.search(r'<form class="board-move"[^>]*>.*?</form>', page, re.S).group(0)
    move_url = reverse("sales:opportunity_move", args=[deal.pk])
    assert f'action="{move_url}"' in form
    assert f'hx-post="{move_url}"' in form
    assert f'<label class="visually-hidden" for="move-{deal.pk}">Move Fleet to</label>' in form
    assert re.findall(r'<option value="(\d+)"\s*(selected)?>([^<]+)</option>', form) == [
        (str(stages["Discovery"]), "", "Discovery"),
        (str(stages["Proposal"]), "selected", "Proposal"),
        (str(stages["Negotiation"]), "", "Negotiation"),
    ]


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(captured)


def test_the_board_page_costs_the_same_with_more_deals(client, admin_user):
    for stage in OPEN_STAGES:
        open_deal(stage=stage)
    client.force_login(admin_user)
    small = _queries(client, reverse("sales:board"))

    for stage in OPEN_STAGES * 4:
        open_deal(stage=stage, company=None)

    assert _queries(client, reverse("sales:board")) == small <= BOARD_PAGE_QUERIES


def test_the_board_api_costs_the_same_with_more_deals(api_as, admin_user):
    for stage in OPEN_STAGES:
        open_deal(stage=stage)
    client = api_as(admin_user)
    small = _queries(client, "/api/v1/board/")

    for stage in OPEN_STAGES * 4:
        open_deal(stage=stage)

    assert _queries(client, "/api/v1/board/") == small <= BOARD_API_QUERIES


def test_moving_a_card_re_renders_the_two_columns_it_touched(client):
    deal = open_deal(name="Moving deal")
    client.force_login(deal.owner)
    proposal = deal.pipeline.stages.get(name="Proposal")

    response = client.post(
        reverse("sales:opportunity_move", args=[deal.pk]),
        {"stage": proposal.pk, "from": "board", "pipeline": deal.pipeline_id},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('hx-swap-oob="outerHTML"') == 2
    assert f'id="column-{proposal.pk}"' in page
    assert "Moving deal moved to Proposal." in page
    assert Opportunity.objects.get(pk=deal.pk).stage == proposal


def test_a_refused_move_on_the_board_says_why(client):
    deal = open_deal()
    client.force_login(deal.owner)
    won = deal.pipeline.stages.get(name="Won")

    response = client.post(
        reverse("sales:opportunity_move", args=[deal.pk]),
        {"stage": won.pk, "from": "board"},
        HTTP_HX_REQUEST="true",
    )

    assert "close the deal as won or lost" in response.content.decode()
    assert "is-error" in response.content.decode()
    assert Opportunity.objects.get(pk=deal.pk).stage.name == "Discovery"


def test_without_javascript_a_move_from_the_board_returns_to_the_board(client):
    deal = open_deal()
    client.force_login(deal.owner)

    response = client.post(
        reverse("sales:opportunity_move", args=[deal.pk]),
        {"stage": deal.pipeline.stages.get(name="Proposal").pk, "from": "board", "mine": "1"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sales:board"))


def test_the_board_api_returns_columns_with_counts_sums_and_cards(api_as, admin_user):
    open_deal(name="Fleet", amount=Decimal("10.00"), stage="Proposal")

    body = api_as(admin_user).get("/api/v1/board/").json()

    proposal = body["columns"][1]
    assert [c["stage"]["name"] for c in body["columns"]] == ["Discovery", "Proposal", "Negotiation"]
    assert (proposal["count"], proposal["totals"]) == (1, [{"currency": "EUR", "amount": "10.00"}])
    assert proposal["cards"][0]["name"] == "Fleet"


def test_without_a_pipeline_the_board_says_an_admin_sets_one_up(client, admin_user):
    client.force_login(admin_user)

    page = client.get(reverse("sales:board")).content.decode()

    assert "No pipeline yet" in page
