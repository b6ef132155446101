"""A customer already managed wins again, key-account routing, and the sellers' access after."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.accounts.factories import account_team
from tests.factories import user_with
from tests.handover.helpers import FILLED, manager_team, win, won_package
from tests.sales.factories import deal_for, sales_team
from twofold import policies
from twofold.accounts.choices import OwnershipKind
from twofold.accounts.models import Account, AccountPolicy, OwnershipEvent
from twofold.handover.models import HandoverPackage, RoutingRule
from twofold.handover.services import handover_accept, handover_submit, handover_update
from twofold.people.choices import Role
from twofold.policies import Perm
from twofold.sales.choices import OpportunityKind

pytestmark = pytest.mark.django_db


def _accepted(package: HandoverPackage) -> HandoverPackage:
    package = handover_update(actor=package.seller, package=package, **FILLED)
    package = handover_submit(actor=package.seller, package=package)
    assert package.receiver is not None
    return handover_accept(actor=package.receiver, package=package)


def _second_win(account: Account) -> HandoverPackage:
    """Another BDM wins a new-business deal for the same, already managed, company."""
    seller = user_with(Role.BDM, full_name="Lee Later")
    sales_team(seller)
    deal = win(deal_for(seller, company=account.company, name="Second deal"))
    return HandoverPackage.objects.select_related("account").get(opportunity=deal)


def test_a_managed_customer_s_new_deal_goes_to_its_account_manager():
    _, manager, _ = manager_team()
    first = _accepted(won_package())
    manager_team(manager="Bob Newcomer")  # emptier: the rules alone would pick Bob

    second = _second_win(first.account)

    assert second.receiver_id == manager.pk
    assert second.routing_rule is None


def test_accepting_the_second_hand_over_leaves_the_owner_and_the_first_window_alone():
    _, manager, _ = manager_team()
    first = _accepted(won_package())
    account = Account.objects.get(pk=first.account_id)
    second = _second_win(account)

    _accepted(second)

    after = Account.objects.get(pk=account.pk)
    assert after.relationship_owner_id == manager.pk
    assert (after.accepted_at, after.shared_until) == (account.accepted_at, account.shared_until)
    assert (
        OwnershipEvent.objects.filter(account=account, kind=OwnershipKind.RELATIONSHIP).count() == 1
    )


def test_the_later_seller_sees_the_account_read_only_and_may_add_notes_in_their_window():
    manager_team()
    first = _accepted(won_package())
    second = _accepted(_second_win(first.account))
    account = Account.objects.get(pk=first.account_id)
    later = second.seller

    assert policies.can(later, Perm.ACCOUNT_VIEW, account)
    assert not policies.can(later, Perm.ACCOUNT_EDIT, account)
    assert policies.can(later, Perm.ACCOUNT_NOTE, account)


def test_the_later_seller_may_not_add_notes_after_their_window():
    manager_team()
    first = _accepted(won_package())
    second = _accepted(_second_win(first.account))
    window = AccountPolicy.current().shared_window_days
    HandoverPackage.objects.filter(pk=second.pk).update(
        accepted_at=timezone.now() - timedelta(days=window + 1)
    )
    Account.objects.filter(pk=first.account_id).update(shared_until=timezone.now())

    account = Account.objects.get(pk=first.account_id)
    assert policies.can(second.seller, Perm.ACCOUNT_VIEW, account)
    assert not policies.can(second.seller, Perm.ACCOUNT_NOTE, account)


def test_an_agent_who_sold_an_account_in_hand_over_can_neither_see_nor_work_it():
    manager_team()
    agent = user_with(Role.AGENT)
    package = won_package(seller=agent)
    account = package.account

    assert not policies.can(agent, Perm.ACCOUNT_VIEW, account)
    assert not policies.can(agent, Perm.ACCOUNT_EDIT, account)
    assert not policies.can(agent, Perm.ACCOUNT_NOTE, account)
    assert not policies.can(agent, Perm.REQUEST_RAISE, account)


def test_a_key_account_goes_to_a_key_account_manager_elsewhere_before_an_account_manager():
    policy = AccountPolicy.current()
    policy.key_account_min_value = Decimal("1000.00")
    policy.save()
    team, _, _ = manager_team()  # an ordinary account manager only
    RoutingRule.objects.create(name="Everyone", team=team)
    kam = user_with(Role.KEY_ACCOUNT_MANAGER, full_name="Kim Key")
    account_team(kam)

    package = won_package(amount=Decimal("5000.00"))

    assert package.account.is_key
    assert package.receiver_id == kam.pk


def test_an_upsell_won_for_a_customer_counts_in_what_it_bought_this_year():
    _, manager, _ = manager_team()
    first = _accepted(won_package(amount=Decimal("12000.00")))
    account = Account.objects.get(pk=first.account_id)
    upsell = deal_for(
        manager, company=account.company, amount=Decimal("3000.00"), kind=OpportunityKind.UPSELL
    )

    win(upsell)

    account.refresh_from_db()
    assert account.sold_total == Decimal("14250.00")  # both at the 5 % discount win() agrees


def test_a_contract_in_another_currency_does_not_add_to_the_yearly_value():
    manager_team()
    first = _accepted(won_package(amount=Decimal("12000.00")))
    seller = user_with(Role.BDM)
    sales_team(seller)

    win(deal_for(seller, company=first.account.company, currency="USD", name="Dollar deal"))

    # 12,000 at the 5 % discount win() agrees; the dollar contract stays out.
    assert Account.objects.get(pk=first.account_id).annual_value == Decimal("11400.00")


def test_two_wins_in_a_row_go_to_two_account_managers_of_the_team():
    team, first_manager, _ = manager_team()
    second_manager = user_with(Role.ACCOUNT_MANAGER, full_name="Bo Second")
    team.memberships.create(user=second_manager)
    RoutingRule.objects.create(name="Everyone", team=team)

    receivers = {won_package().receiver_id, won_package().receiver_id}

    assert receivers == {first_manager.pk, second_manager.pk}
