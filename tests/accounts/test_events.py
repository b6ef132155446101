"""Ownership events: every ownership kind has exactly one typed constructor, which records who
changed the owner, from whom to whom and why, and nothing when the owner stays."""

from __future__ import annotations

import inspect

import pytest

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from tests.sales.factories import deal_for
from twofold.accounts import events
from twofold.accounts.choices import OwnershipKind
from twofold.accounts.models import OwnershipEvent
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def test_every_ownership_kind_has_a_constructor():
    assert set(events.OWNERSHIP_EVENTS) == set(OwnershipKind)


def test_every_public_constructor_records_one_kind():
    public = {
        name
        for name, value in vars(events).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }
    assert sorted(c.__name__ for c in events.OWNERSHIP_EVENTS.values()) == sorted(public)


def test_a_plan_owner_change_records_both_owners_the_actor_and_the_reason():
    account = AccountFactory()
    admin, before, after = (
        user_with(Role.ADMIN),
        user_with(Role.KEY_ACCOUNT_MANAGER),
        user_with(Role.KEY_ACCOUNT_MANAGER),
    )

    events.plan_owner_changed(
        account, actor=admin, previous_id=before.pk, new_id=after.pk, reason="Key account"
    )

    event = OwnershipEvent.objects.get()
    assert (event.kind, event.account, event.opportunity) == (OwnershipKind.PLAN, account, None)
    assert (event.previous, event.new, event.changed_by) == (before, after, admin)
    assert event.reason == "Key account"


def test_a_deal_owner_change_belongs_to_the_deal():
    deal = deal_for()
    before, after = deal.owner, user_with(Role.BDM)

    event = events.deal_owner_changed(
        deal, actor=None, previous_id=before.pk, new_id=after.pk, reason="Holiday"
    )

    assert event is not None
    assert (event.kind, event.opportunity, event.account) == (OwnershipKind.DEAL, deal, None)


def test_handing_an_owner_to_themselves_records_nothing():
    owner = user_with(Role.ACCOUNT_MANAGER)

    event = events.relationship_owner_changed(
        AccountFactory(), actor=None, previous_id=owner.pk, new_id=owner.pk, reason="Same"
    )

    assert event is None
    assert not OwnershipEvent.objects.exists()
