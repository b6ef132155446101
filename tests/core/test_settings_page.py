"""The Settings page: every area an admin configures, each with a line on what it is for."""

import pytest
from django.urls import reverse

from tests.factories import user_with
from twofold.core.navigation import ITEMS
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def test_an_admin_finds_each_settings_area_with_its_description(client):
    client.force_login(user_with(Role.ADMIN))

    response = client.get(reverse("settings"))

    assert response.status_code == 200
    areas = [item for item in ITEMS if item.section == "settings"]
    assert [area.label for area in response.context["areas"]] == [item.label for item in areas]
    for item in areas:
        assert f'href="{reverse(item.url_name)}"' in response.text
        assert item.description
        assert item.description in response.text


def test_a_seller_is_refused_the_settings_page(client):
    client.force_login(user_with(Role.BDM))

    response = client.get(reverse("settings"))

    assert response.status_code == 403


def test_every_settings_area_is_guarded_by_a_permission_that_opens_the_settings_page():
    from twofold.policies.general import SETTINGS_PERMS

    guards = {item.perm for item in ITEMS if item.section == "settings"}

    assert guards <= set(SETTINGS_PERMS)
