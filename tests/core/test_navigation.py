"""The menus: what each actor is offered, and which link marks the page they are on."""

import pytest

from tests.factories import TeamFactory, user_with
from twofold.core.navigation import TOP_BAR_LINKS, menu_for
from twofold.people.choices import Role, TeamKind

pytestmark = pytest.mark.django_db


def _current(menu: dict) -> list[str]:
    return [link.label for links in menu.values() for link in links if link.current]


def test_a_page_under_a_longer_menu_path_marks_only_that_link():
    admin = user_with(Role.ADMIN)

    menu = menu_for(admin, "/accounts/client-voice/")

    assert _current(menu) == ["Client voice"]


def test_an_account_page_marks_the_portfolio():
    admin = user_with(Role.ADMIN)

    menu = menu_for(admin, "/accounts/42/")

    assert _current(menu) == ["Portfolio"]


def test_the_home_page_is_current_only_on_itself():
    admin = user_with(Role.ADMIN)

    assert _current(menu_for(admin, "/")) == ["My work"]
    assert "My work" not in _current(menu_for(admin, "/leads/"))


def test_a_department_member_is_offered_their_queue_and_no_pipeline():
    member = user_with(Role.DEPARTMENT_MEMBER)
    TeamFactory(kind=TeamKind.DEPARTMENT, department="delivery", lead=None, members=[member])

    labels = [link.label for link in menu_for(member, "/")["main"]]

    assert labels == ["My work", "Requests"]


def test_an_admin_reaches_the_settings_through_one_top_bar_link():
    admin = user_with(Role.ADMIN)

    menu = menu_for(admin, "/")

    assert [link.label for link in menu["main"]][-1] == "Settings"
    assert [link.url for link in menu["main"]].count("/settings/") == 1
    assert "Pipelines" not in [link.label for link in menu["main"]]


def test_a_settings_area_marks_the_settings_link():
    admin = user_with(Role.ADMIN)

    menu = menu_for(admin, "/sales/settings/lead-routing/")

    assert [link.label for link in menu["main"] if link.current] == ["Settings"]


def test_the_top_bar_holds_ten_links_and_the_others_lead_the_user_menu():
    admin = user_with(Role.ADMIN)

    menu = menu_for(admin, "/")

    assert len(menu["main"]) == TOP_BAR_LINKS
    assert [link.label for link in menu["more"][:3]] == ["Amendments", "Requests", "Client voice"]


def test_a_bdm_has_no_settings_link():
    bdm = user_with(Role.BDM)

    menu = menu_for(bdm, "/")

    assert "Settings" not in [link.label for link in menu["main"]]
    assert menu["settings"] == []
