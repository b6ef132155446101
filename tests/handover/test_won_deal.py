"""The won-deal workflow: the sale, the customer's account and contract and the hand-over are
written together or not at all, whichever interface wins the deal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.factories import user_with
from tests.handover.helpers import manager_team, won_package
from tests.sales.factories import deal_for, sales_team
from twofold.accounts.models import Account, Contract
from twofold.handover import won_deal
from twofold.handover.models import HandoverPackage
from twofold.handover.services import handover_open
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityEventType, OpportunityKind, OpportunityStatus
from twofold.sales.models import OpportunityEvent, Sale, SaleCredit
from twofold.sales.services.closing import opportunity_close_won
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _seller():
    seller = user_with(Role.BDM, full_name="Sam Seller")
    sales_team(seller)
    return seller


def _agreed(deal):
    terms_propose(
        actor=deal.owner,
        opportunity=deal,
        discount_percent=Decimal("5"),
        net_days=30,
        instalment_count=2,
    )
    return deal


def _written():
    return (
        Sale.objects.count(),
        SaleCredit.objects.count(),
        Account.objects.count(),
        Contract.objects.count(),
        HandoverPackage.objects.count(),
        OpportunityEvent.objects.filter(type=OpportunityEventType.WON).count(),
    )


def test_winning_a_new_customer_returns_its_sale_account_contract_and_hand_over():
    manager_team()
    deal = _agreed(deal_for(_seller(), amount=Decimal("12000.00")))

    won = won_deal.deal_close_won(actor=deal.owner, opportunity=deal, closed_on=TODAY())

    assert won.sale == Sale.objects.get(opportunity=deal)
    assert won.account == Account.objects.get(company=deal.company)
    assert won.contract == Contract.objects.get(opportunity=deal, account=won.account)
    assert won.package == HandoverPackage.objects.get(opportunity=deal, account=won.account)


def test_a_hand_over_that_fails_leaves_no_sale_account_or_contract_behind(monkeypatch):
    manager_team()
    deal = _agreed(deal_for(_seller(), amount=Decimal("12000.00")))
    before = _written()

    def open_then_fail(**kwargs):
        handover_open(**kwargs)
        raise ValidationError("The hand-over cannot be opened.", code="handover_failed")

    monkeypatch.setattr(won_deal, "handover_open", open_then_fail)

    with pytest.raises(ValidationError):
        won_deal.deal_close_won(actor=deal.owner, opportunity=deal, closed_on=TODAY())

    assert _written() == before == (0, 0, 0, 0, 0, 0)
    deal.refresh_from_db()
    assert (deal.status, deal.closed_on) == (OpportunityStatus.OPEN, None)
    assert deal.term_sheets.get().version is None


def test_winning_again_returns_what_the_first_win_wrote_and_writes_nothing():
    manager_team()
    deal = _agreed(deal_for(_seller()))
    first = won_deal.deal_close_won(actor=deal.owner, opportunity=deal, closed_on=TODAY())
    before = _written()

    again = won_deal.deal_close_won(actor=deal.owner, opportunity=deal, closed_on=TODAY())

    assert again == first
    assert _written() == before


def test_an_upsell_returns_the_customer_s_account_and_opens_no_hand_over():
    _, manager, _ = manager_team()
    account = won_package().account
    upsell = _agreed(deal_for(manager, company=account.company, kind=OpportunityKind.UPSELL))

    won = won_deal.deal_close_won(actor=manager, opportunity=upsell, closed_on=TODAY())

    assert (won.account, won.contract, won.package) == (account, None, None)
    assert not HandoverPackage.objects.filter(opportunity=upsell).exists()


def test_the_sales_part_alone_records_the_sale_and_opens_nothing_above_sales():
    deal = _agreed(deal_for(_seller()))

    sale = opportunity_close_won(actor=deal.owner, opportunity=deal, closed_on=TODAY())

    assert sale.opportunity == deal
    assert (Account.objects.count(), HandoverPackage.objects.count()) == (0, 0)


def test_the_deal_s_win_form_runs_the_whole_workflow():
    manager_team()
    deal = _agreed(deal_for(_seller()))
    client = Client()
    client.force_login(deal.owner)

    response = client.post(f"/sales/deals/{deal.pk}/close-won/", {"closed_on": str(TODAY())})

    assert response.status_code == 302
    assert HandoverPackage.objects.filter(opportunity=deal, account__company=deal.company).exists()


def test_the_api_win_runs_the_whole_workflow(api_as):
    manager_team()
    deal = _agreed(deal_for(_seller()))

    response = api_as(deal.owner).post(
        f"/api/v1/opportunities/{deal.pk}/close-won/", {"closed_on": str(TODAY())}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["id"] == Sale.objects.get(opportunity=deal).pk
    assert HandoverPackage.objects.filter(opportunity=deal, account__company=deal.company).exists()
