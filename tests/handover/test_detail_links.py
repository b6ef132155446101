"""The hand-over page links to the account and to the deal only for who may open them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import user_with
from tests.handover.helpers import manager_team, won_package
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def _links(client, user, package):
    client.force_login(user)
    response = client.get(reverse("handover:detail", args=[package.pk]))
    assert response.status_code == 200
    return response.context["account_url"], response.context["deal_url"]


def test_the_seller_gets_both_links(client):
    manager_team()
    package = won_package()

    account_url, deal_url = _links(client, package.seller, package)

    assert account_url == reverse("accounts:detail", args=[package.account_id])
    assert deal_url == reverse("sales:opportunity_detail", args=[package.opportunity_id])


def test_an_agent_gets_no_account_link(client):
    manager_team()
    package = won_package(seller=user_with(Role.AGENT))

    account_url, deal_url = _links(client, package.seller, package)

    assert account_url is None
    assert deal_url is not None


def test_the_receiving_account_manager_gets_no_link_to_the_new_business_deal(client):
    _, manager, _ = manager_team()
    package = won_package()
    assert package.receiver_id == manager.pk

    _, deal_url = _links(client, manager, package)

    assert deal_url is None
