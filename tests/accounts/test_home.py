"""The account side of "My work": hand-overs to complete or decide, next steps, renewals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import AccountFactory, cared_account
from tests.handover.helpers import FILLED, manager_team, won_package
from twofold.accounts.services.amendments import amendment_propose
from twofold.handover.services import handover_send_back, handover_submit, handover_update
from twofold.sales.models import SalesPolicy

pytestmark = pytest.mark.django_db


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["home"], response.content.decode()


def _submitted_to(manager):
    package = won_package()
    package = handover_update(actor=package.seller, package=package, **FILLED)
    package = handover_submit(actor=package.seller, package=package)
    assert package.receiver_id == manager.pk
    return package


def test_the_receiving_account_manager_sees_a_submitted_hand_over_to_decide(client):
    _, manager, _ = manager_team()
    package = _submitted_to(manager)

    home, page = _home(client, manager)

    assert [p.pk for p in home.handovers.to_decide] == [package.pk]
    assert "to accept or send back" in page


def test_the_seller_is_asked_to_answer_a_hand_over_sent_back(client):
    _, manager, _ = manager_team()
    package = _submitted_to(manager)
    handover_send_back(actor=manager, package=package, questions="Who signs the renewal?")

    home, page = _home(client, package.seller)

    assert [p.pk for p in home.handovers.to_complete] == [package.pk]
    assert "sent back with questions" in page


def test_a_seller_with_nothing_in_hand_over_gets_no_hand_over_section(client):
    _, manager, _ = manager_team()
    package = _submitted_to(manager)

    home, _ = _home(client, package.seller)

    assert home.handovers is None


def test_next_steps_due_this_week_or_missing_are_listed_and_later_ones_are_not(client):
    today = timezone.localdate()
    overdue, manager, _ = cared_account(next_step="Call", next_step_due=today - timedelta(days=2))
    AccountFactory(relationship_owner=manager, next_step="QBR", next_step_due=today + timedelta(30))
    unplanned = AccountFactory(relationship_owner=manager)

    home, page = _home(client, manager)

    assert [a.pk for a in home.caring.next_steps] == [overdue.pk, unplanned.pk]
    assert "no next step planned" in page


def test_contracts_ending_within_ninety_days_are_listed(client):
    today = timezone.localdate()
    soon, manager, _ = cared_account(contract_end=today + timedelta(days=60))
    AccountFactory(relationship_owner=manager, contract_end=today + timedelta(days=200))
    AccountFactory(relationship_owner=manager, contract_end=today - timedelta(days=1))

    home, _ = _home(client, manager)

    assert [a.pk for a in home.caring.renewals] == [soon.pk]


def test_the_account_executive_sees_how_many_amendments_wait_for_them(client):
    SalesPolicy.current()
    account, manager, executive = cared_account()
    amendment_propose(
        actor=manager, account=account, total=Decimal(900), discount_percent=Decimal(15)
    )

    home, page = _home(client, executive)

    assert home.caring.amendments_waiting == 1
    assert "1 amendment waiting for your approval" in page


def test_an_account_manager_is_not_shown_the_approvals_count(client):
    _, manager, _ = cared_account()

    home, _ = _home(client, manager)

    assert home.caring.amendments_waiting is None


def test_the_account_section_costs_the_same_with_more_accounts(client):
    _, manager, _ = cared_account()
    client.force_login(manager)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for _ in range(15):
        AccountFactory(relationship_owner=manager, contract_end=timezone.localdate())

    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))

    assert len(many) == len(few)
