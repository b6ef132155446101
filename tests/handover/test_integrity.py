"""Hand-over integrity (issue 12, point 1): a newer hand-over supersedes an older one still
open, and a stale hand-over never moves the owner back after an account executive's move."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import account_team
from tests.factories import user_with
from tests.handover.helpers import FILLED, manager_team, win, won_package
from tests.sales.factories import deal_for, sales_team
from twofold.accounts.choices import OwnershipKind
from twofold.accounts.models import Account, Goal, OwnershipEvent
from twofold.accounts.services.reassign import account_reassign
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage
from twofold.handover.services import handover_accept, handover_submit, handover_update
from twofold.people.choices import Role
from twofold.people.models import User

pytestmark = pytest.mark.django_db


def _submitted(package: HandoverPackage, **fields: str) -> HandoverPackage:
    package = handover_update(actor=package.seller, package=package, **{**FILLED, **fields})
    return handover_submit(actor=package.seller, package=package)


def _accepted(package: HandoverPackage) -> HandoverPackage:
    package = _submitted(package)
    assert package.receiver is not None
    return handover_accept(actor=package.receiver, package=package)


def _another_win(account: Account, name: str = "Second deal") -> HandoverPackage:
    seller = user_with(Role.BDM, full_name="Lee Later")
    sales_team(seller)
    deal = win(deal_for(seller, company=account.company, name=name))
    return HandoverPackage.objects.get(opportunity=deal)


def test_a_new_hand_over_supersedes_the_older_one_still_open_with_the_reason():
    manager_team()
    first = _submitted(won_package())

    second = _another_win(first.account)

    first.refresh_from_db()
    assert (first.status, first.superseded_by_id) == (HandoverStatus.SUPERSEDED, second.pk)
    assert first.closed_at is not None
    assert first.closed_reason.startswith("Superseded by the hand-over of Second deal")
    assert second.status == HandoverStatus.DRAFT


def test_an_accepted_hand_over_is_not_superseded_by_a_later_one():
    manager_team()
    first = _accepted(won_package())

    _another_win(first.account)

    first.refresh_from_db()
    assert first.status == HandoverStatus.ACCEPTED


def test_a_superseded_hand_over_cannot_be_accepted_so_its_goals_never_reach_the_account():
    manager_team()
    first = _submitted(won_package(), short_term_goals="Old goal")
    second = _accepted(_another_win(first.account))

    with pytest.raises(ValidationError) as caught:
        handover_accept(actor=first.receiver, package=first)

    assert caught.value.code == "superseded"
    titles = set(Goal.objects.filter(account_id=second.account_id).values_list("title", flat=True))
    assert "Old goal" not in titles
    assert titles == {"Roll out to the Berlin depot", "Train 40 drivers", FILLED["long_term_goals"]}


def test_reassigning_an_account_routes_its_open_hand_over_to_the_new_owner():
    _, manager, executive = manager_team()
    first = _accepted(won_package())
    newcomer = user_with(Role.ACCOUNT_MANAGER, full_name="Bob Newcomer")
    account_team(newcomer, lead=executive)
    second = _submitted(_another_win(first.account))
    assert second.receiver_id == manager.pk

    account_reassign(
        actor=executive, account=first.account, new_owner=newcomer, reason="Rebalancing"
    )

    second.refresh_from_db()
    assert (second.receiver_id, second.receiver_set_by_id) == (newcomer.pk, executive.pk)


def test_accepting_a_stale_hand_over_keeps_the_owner_and_supervisor_of_the_reassignment():
    _, manager, _ = manager_team()
    first = _accepted(won_package())
    other_executive = user_with(Role.ACCOUNT_EXECUTIVE, full_name="Oda Other")
    newcomer = user_with(Role.ACCOUNT_MANAGER, full_name="Bob Newcomer")
    account_team(newcomer, lead=other_executive)
    second = _submitted(_another_win(first.account))
    # The account moves while the package still names the old account manager (a race, or
    # data from before hand-overs followed reassignments).
    account_reassign(actor=None, account=first.account, new_owner=newcomer, reason="Rebalancing")
    HandoverPackage.objects.filter(pk=second.pk).update(receiver=manager)
    events = OwnershipEvent.objects.filter(account_id=first.account_id).count()

    with pytest.raises(ValidationError) as caught:
        handover_accept(actor=manager, package=second)

    assert caught.value.code == "stale"
    account = Account.objects.get(pk=first.account_id)
    assert account.relationship_owner_id == newcomer.pk
    assert OwnershipEvent.objects.filter(account=account).count() == events
    assert OwnershipEvent.objects.filter(
        account=account, kind=OwnershipKind.SUPERVISOR, new_id=other_executive.pk
    ).exists()


def test_the_new_owner_accepts_the_rerouted_hand_over_without_an_ownership_event():
    _, _, executive = manager_team()
    first = _accepted(won_package())
    newcomer = user_with(Role.ACCOUNT_MANAGER, full_name="Bob Newcomer")
    account_team(newcomer, lead=executive)
    second = _submitted(_another_win(first.account))
    account_reassign(
        actor=executive, account=first.account, new_owner=newcomer, reason="Rebalancing"
    )
    events = OwnershipEvent.objects.filter(account_id=first.account_id).count()

    handover_accept(actor=newcomer, package=HandoverPackage.objects.get(pk=second.pk))

    account = Account.objects.get(pk=first.account_id)
    assert account.relationship_owner_id == newcomer.pk
    assert OwnershipEvent.objects.filter(account=account).count() == events


def test_a_superseded_hand_over_page_shows_the_reason_and_links_to_the_newer_one(client):
    _, manager, _ = manager_team()
    first = _submitted(won_package())
    second = _another_win(first.account)
    client.force_login(manager)

    response = client.get(reverse("handover:detail", args=[first.pk]))

    body = response.content.decode()
    assert "Superseded by the hand-over of Second deal" in body
    assert f'href="{reverse("handover:detail", args=[second.pk])}"' in body
    assert "Open the newer hand-over of Second deal" in body
    assert response.context["may_route"] is False


def test_a_superseded_hand_over_names_but_does_not_link_a_newer_one_the_actor_cannot_see(client):
    manager_team()
    first = _submitted(won_package())
    second = _another_win(first.account)
    client.force_login(first.seller)

    response = client.get(reverse("handover:detail", args=[first.pk]))

    body = response.content.decode()
    assert "Superseded by the hand-over of Second deal" in body
    assert reverse("handover:detail", args=[second.pk]) not in body


def test_the_old_receiver_accepting_from_a_page_left_open_is_told_the_account_moved(client):
    _, manager, executive = manager_team()
    first = _accepted(won_package())
    newcomer = user_with(Role.ACCOUNT_MANAGER, full_name="Bob Newcomer")
    account_team(newcomer, lead=executive)
    second = _submitted(_another_win(first.account))
    account_reassign(
        actor=executive, account=first.account, new_owner=newcomer, reason="Rebalancing"
    )
    client.force_login(manager)

    response = client.post(reverse("handover:accept", args=[second.pk]), follow=True)

    assert response.redirect_chain == [(reverse("handover:list"), 302)]
    assert "now goes to Bob Newcomer: the account was reassigned" in response.content.decode()
    assert Account.objects.get(pk=first.account_id).relationship_owner_id == newcomer.pk
    assert HandoverPackage.objects.get(pk=second.pk).status == HandoverStatus.SUBMITTED


def test_accepting_a_hand_over_never_addressed_to_the_actor_is_still_not_found(client):
    manager_team()
    package = _submitted(won_package())
    client.force_login(user_with(Role.ACCOUNT_MANAGER, full_name="Olly Outsider"))

    response = client.post(reverse("handover:accept", args=[package.pk]))

    assert response.status_code == 404


def _other_team_manager() -> User:
    manager = user_with(Role.ACCOUNT_MANAGER, full_name="Otto Elsewhere")
    account_team(manager, lead=user_with(Role.ACCOUNT_EXECUTIVE, full_name="Ola Other"))
    return manager


def test_an_account_executive_routing_to_another_team_stays_on_the_hand_over(client):
    _, _, executive = manager_team()
    package = _submitted(won_package())
    elsewhere = _other_team_manager()
    client.force_login(executive)

    response = client.post(
        reverse("handover:route", args=[package.pk]), {"receiver": elsewhere.pk}, follow=True
    )

    assert response.redirect_chain == [(reverse("handover:detail", args=[package.pk]), 302)]
    assert response.status_code == 200
    assert "Routed to Otto Elsewhere." in response.content.decode()


def test_a_sales_lead_routing_their_seller_s_hand_over_stays_on_it(client):
    manager_team()
    lead = user_with(Role.SALES_LEAD, full_name="Lea Saleslead")
    seller = user_with(Role.BDM, full_name="Sam Seller")
    sales_team(seller, lead=lead)
    package = _submitted(won_package(seller))
    elsewhere = _other_team_manager()
    client.force_login(lead)

    response = client.post(
        reverse("handover:route", args=[package.pk]), {"receiver": elsewhere.pk}, follow=True
    )

    assert response.redirect_chain == [(reverse("handover:detail", args=[package.pk]), 302)]
    assert "Routed to Otto Elsewhere." in response.content.decode()
