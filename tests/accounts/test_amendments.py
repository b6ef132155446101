"""Renegotiated terms: new versions after sales', approval beyond the policy, final decisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.accounts.factories import account_team, cared_account
from tests.factories import user_with
from tests.sales.factories import won_deal
from twofold.accounts.models import TermAmendment
from twofold.accounts.selectors.amendments import approvals_for
from twofold.accounts.services.amendments import amendment_decide, amendment_propose
from twofold.people.choices import Role
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

    # The actor's roles, their team's members (the account scope), the rows.
    with django_assert_num_queries(3):
        rows = approvals_for(actor=executive)
        names = [(a.account.name, a.proposed_by.full_name) for a in rows]

    assert len(names) == 3
    assert TermAmendment.objects.count() == 4
