"""Weighted amounts (pipeline and forecast) start from what the customer pays: the amount less
the discount of the deal's current terms, never the list amount."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import user_with
from tests.sales.factories import open_deal
from twofold.people.choices import Role
from twofold.sales.models import Opportunity
from twofold.sales.selectors import reports
from twofold.sales.selectors.deals import opportunity_get_for_actor
from twofold.sales.selectors.reports import ReportFilters
from twofold.sales.services.terms import approval_decide, terms_propose

pytestmark = pytest.mark.django_db


def discounted_deal(discount: str, *, amount: str = "10000.00") -> Opportunity:
    """An open deal in Proposal (30 %) with terms proposed at ``discount`` percent."""
    deal = open_deal(stage="Proposal", amount=Decimal(amount))
    terms_propose(
        actor=None,
        opportunity=deal,
        discount_percent=Decimal(discount),
        net_days=30,
        instalment_count=1,
    )
    return deal


def test_a_deals_weighted_amount_starts_from_its_discounted_amount():
    deal = discounted_deal("10")  # within policy: approved at once

    fresh = Opportunity.objects.select_related("stage").get(pk=deal.pk)

    assert fresh.agreed_amount == Decimal("9000.00")
    assert fresh.weighted_amount == Decimal("2700.00")  # 30 % of 9,000, not of 10,000


def test_the_deal_page_reads_the_agreed_amount_with_the_deal():
    deal = discounted_deal("10")
    admin = user_with(Role.ADMIN)

    page_deal = opportunity_get_for_actor(actor=admin, pk=deal.pk)

    with CaptureQueriesContext(connection) as queries:
        weighted = page_deal.weighted_amount

    assert weighted == Decimal("2700.00")
    assert len(queries) == 0


def test_terms_awaiting_approval_already_weigh_with_their_discount():
    deal = discounted_deal("25")  # beyond the 10 % policy: waits for a sales lead

    assert Opportunity.objects.get(pk=deal.pk).weighted_amount == Decimal("2250.00")


def test_rejected_terms_no_longer_discount_the_weighted_amount():
    deal = discounted_deal("25")
    approval = deal.term_sheets.get().approvals.get()
    approval_decide(actor=None, approval=approval, approve=False, comment="Too deep")

    assert Opportunity.objects.get(pk=deal.pk).weighted_amount == Decimal("3000.00")


def test_a_deal_without_terms_weighs_its_amount():
    deal = open_deal(stage="Proposal", amount=Decimal("10000.00"))

    assert Opportunity.objects.get(pk=deal.pk).weighted_amount == Decimal("3000.00")


def test_the_pipeline_report_weights_the_discounted_amounts():
    discounted_deal("10")
    discounted_deal("20", amount="5000.00")
    report = reports.sales_report(actor=user_with(Role.ADMIN), filters=ReportFilters.this_year())

    [row] = [r for t in report.pipeline for r in t.rows if r.stage == "Proposal"]
    assert (row.amount, row.weighted) == (Decimal("15000.00"), Decimal("3900.00"))


def test_the_api_lists_deals_weighted_on_their_discounted_amount(api_as):
    deal = discounted_deal("10")

    body = api_as(user_with(Role.ADMIN)).get("/api/v1/opportunities/").json()

    assert [(d["id"], d["amount"], d["weighted_amount"]) for d in body["results"]] == [
        (deal.pk, "10000.00", "2700.00")
    ]


# --- One rounding rule, applied once (docs/money.md) ----------------------------------------

CENT = Decimal("0.01")
PROBABILITY = {"Discovery": 10, "Proposal": 30, "Negotiation": 60}
# (amount, discount %, stage): whole amounts (SQLite once divided them as integers), half
# cents, and agreed amounts whose own rounding would tip the weighted amount.
DEALS = [
    ("1001.00", "0", "Proposal"),
    ("1001.00", "10", "Proposal"),
    ("0.75", "0", "Proposal"),
    ("10.05", "10", "Proposal"),
    ("333.33", "12.5", "Negotiation"),
    ("250.50", "0", "Negotiation"),
    ("7.25", "0", "Discovery"),
    ("19.99", "5", "Discovery"),
]


def exact_weighted(amount: str, discount: str, stage: str) -> Decimal:
    return Decimal(amount) * (100 - Decimal(discount)) / 100 * PROBABILITY[stage] / 100


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def open_deals() -> list[Opportunity]:
    deals = []
    for amount, discount, stage in DEALS:
        deal = open_deal(stage=stage, amount=Decimal(amount))
        if Decimal(discount):
            terms_propose(
                actor=None,
                opportunity=deal,
                discount_percent=Decimal(discount),
                net_days=30,
                instalment_count=1,
            )
        deals.append(deal)
    return deals


def test_a_whole_amount_weighs_to_the_cent_on_the_deal_and_in_the_report():
    deal = open_deal(stage="Proposal", amount=Decimal("1001.00"))

    fresh = Opportunity.objects.select_related("stage").get(pk=deal.pk)
    report = reports.sales_report(actor=user_with(Role.ADMIN), filters=ReportFilters.this_year())

    # 30 % of 1,001, not 300.00
    assert fresh.weighted_amount == Decimal("300.30")
    assert [r.weighted for t in report.pipeline for r in t.rows] == [Decimal("300.30")]


def test_each_deal_s_weighted_amount_rounds_its_exact_figure_once_halves_away_from_zero():
    deals = open_deals()
    admin = user_with(Role.ADMIN)

    weighted = [
        opportunity_get_for_actor(actor=admin, pk=deal.pk).weighted_amount for deal in deals
    ]

    assert weighted == [half_up(exact_weighted(*deal)) for deal in DEALS]


def test_the_api_weighs_each_deal_as_its_page_does(api_as):
    deals = open_deals()

    body = api_as(user_with(Role.ADMIN)).get("/api/v1/opportunities/?limit=50").json()

    by_id = {d["id"]: Decimal(d["weighted_amount"]) for d in body["results"]}
    assert [by_id[deal.pk] for deal in deals] == [half_up(exact_weighted(*deal)) for deal in DEALS]


def test_the_pipeline_report_sums_the_exact_weighted_amounts_and_rounds_once_per_stage():
    open_deals()
    report = reports.sales_report(actor=user_with(Role.ADMIN), filters=ReportFilters.this_year())

    expected = {
        stage: (
            sum((Decimal(a) for a, _, s in DEALS if s == stage), Decimal(0)),
            half_up(sum((exact_weighted(*d) for d in DEALS if d[2] == stage), Decimal(0))),
        )
        for stage in PROBABILITY
    }
    assert {r.stage: (r.amount, r.weighted) for t in report.pipeline for r in t.rows} == expected


def test_a_half_cent_in_the_pipeline_report_rounds_away_from_zero():
    open_deal(stage="Proposal", amount=Decimal("0.75"))  # 30 % is 0.225

    report = reports.sales_report(actor=user_with(Role.ADMIN), filters=ReportFilters.this_year())

    assert [r.weighted for t in report.pipeline for r in t.rows] == [Decimal("0.23")]
