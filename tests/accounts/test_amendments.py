"""Renegotiated terms: new versions after sales', approval beyond the policy, final decisions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.accounts.factories import account_team, cared_account
from tests.factories import user_with
from tests.sales.factories import won_deal
from twofold.accounts.models import TermAmendment
from twofold.accounts.selectors.amendments import approvals_for
from twofold.accounts.services.amendments import amendment_decide, amendment_propose
from twofold.people.choices import Role
from twofold.sales.instalments import add_months
from twofold.sales.models import SalesPolicy, TermSheet

pytestmark = pytest.mark.django_db


def _sales_terms(account, version=1):
    deal = won_deal(user_with(Role.BDM), amount=Decimal(1000), closed_on=date(2025, 1, 1))
    return TermSheet.objects.create(
        company=account.company,
        opportunity=deal,
        version=version,
        status="approved",
        total=Decimal(1000),
        currency="EUR",
        proposed_by=deal.owner,
    )


def _propose(manager, account, **kwargs):
    return amendment_propose(actor=manager, account=account, total=Decimal(900), **kwargs)


def test_an_amendment_continues_the_versions_sales_started():
    account, manager, _ = cared_account()
    sales = _sales_terms(account, version=2)

    first = _propose(manager, account)
    second = _propose(manager, account)

    assert (first.version, second.version, first.sales_terms_id) == (3, 4, sales.pk)


def test_within_policy_the_amendment_is_approved_at_once():
    account, manager, _ = cared_account()

    amendment = _propose(manager, account, discount_percent=Decimal(5))

    assert (amendment.status, amendment.reasons, amendment.version) == ("approved", [], 1)


def test_beyond_policy_it_waits_for_approval_with_the_reasons():
    SalesPolicy.current()
    account, manager, _ = cared_account()

    amendment = _propose(manager, account, discount_percent=Decimal(15), net_days=90)

    assert amendment.status == "pending_approval"
    assert amendment.reasons == [
        "Discount 15 % is above the policy's 10 %.",
        "Net 90 days is longer than the policy's 60.",
    ]


def test_the_account_executive_approves_and_deciding_twice_is_refused():
    account, manager, executive = cared_account()
    amendment = _propose(manager, account, instalment_count=12)

    amendment_decide(actor=executive, amendment=amendment, approve=True)
    with pytest.raises(ValidationError) as raised:
        amendment_decide(actor=executive, amendment=amendment, approve=False, comment="No")

    amendment.refresh_from_db()
    assert (amendment.status, amendment.decided_by) == ("approved", executive)
    assert raised.value.messages == [
        "Version 1 was approved already. Propose a new version to change the terms."
    ]


def test_an_account_executive_of_another_team_may_not_decide():
    account, manager, _ = cared_account()
    other = user_with(Role.ACCOUNT_EXECUTIVE)
    account_team(user_with(Role.ACCOUNT_MANAGER), lead=other)
    amendment = _propose(manager, account, instalment_count=12)

    with pytest.raises(PermissionDenied):
        amendment_decide(actor=other, amendment=amendment, approve=True)

    amendment.refresh_from_db()
    assert amendment.status == "pending_approval"


def test_the_proposer_may_not_decide_their_own_unless_admin():
    executive = user_with(Role.ACCOUNT_EXECUTIVE)
    account, _, _ = cared_account(relationship_owner=executive)
    account_team(executive, lead=executive)
    amendment = _propose(executive, account, instalment_count=12)

    with pytest.raises(ValidationError) as raised:
        amendment_decide(actor=executive, amendment=amendment, approve=True)

    assert raised.value.code == "own_proposal"


def test_rejecting_needs_a_comment():
    account, manager, executive = cared_account()
    amendment = _propose(manager, account, instalment_count=12)

    with pytest.raises(ValidationError) as raised:
        amendment_decide(actor=executive, amendment=amendment, approve=False)

    assert raised.value.message_dict == {"comment": ["Say why the terms are rejected."]}


def test_the_approvals_list_shows_the_executives_waiting_amendments_in_constant_queries(
    django_assert_num_queries,
):
    account, manager, executive = cared_account()
    for _ in range(3):
        _propose(manager, account, instalment_count=12)
    other, other_manager, _ = cared_account()
    _propose(other_manager, other, instalment_count=12)

    # The actor's roles, their team's members (the account scope), the rows, their schedules.
    with django_assert_num_queries(4):
        rows = approvals_for(actor=executive)
        names = [(a.account.name, a.proposed_by.full_name) for a in rows]

    assert len(names) == 3
    assert TermAmendment.objects.count() == 4


def test_an_amendment_keeps_its_instalment_schedule_adding_up_to_its_total(api_as):
    account, manager, _ = cared_account()
    today = timezone.localdate()

    amendment = amendment_propose(
        actor=manager,
        account=account,
        total=Decimal("1000.00"),
        net_days=30,
        instalment_count=3,
    )
    body = api_as(manager).get(f"/api/v1/accounts/{account.pk}/terms/").json()

    first = today + timedelta(days=30)
    schedule = [(p.number, p.due_date, p.amount) for p in amendment.instalments.all()]
    assert schedule == [
        (1, first, Decimal("333.33")),
        (2, add_months(first, 1), Decimal("333.33")),
        (3, add_months(first, 2), Decimal("333.34")),
    ]
    assert [p["amount"] for p in body["amendments"][0]["instalments"]] == [
        "333.33",
        "333.33",
        "333.34",
    ]


def test_an_amendment_too_small_for_its_instalments_is_refused():
    account, manager, _ = cared_account()

    with pytest.raises(ValidationError) as raised:
        amendment_propose(actor=manager, account=account, total=Decimal("0.02"), instalment_count=3)

    assert raised.value.message_dict == {
        "instalment_count": ["The total is too small for this many instalments."]
    }
