"""Weighted amounts (pipeline and forecast) start from what the customer pays: the amount less
the discount of the deal's current terms, never the list amount."""

from __future__ import annotations

from decimal import Decimal

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
