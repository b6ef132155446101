"""Each app adds its sections to the home page; core only orders them."""

import pytest

from twofold.core import home
from twofold.core.home import register_home_section


def test_every_app_has_registered_its_sections_in_page_order():
    names = [s.name for s in sorted(home._SECTIONS.values(), key=lambda s: s.order)]

    assert names == [
        "roles",
        "profiles",
        "handovers",
        "caring",
        "requests",
        "selling",
        "organisation",
        "teams",
    ]


def test_a_second_section_with_a_taken_name_is_refused():
    with pytest.raises(RuntimeError, match="selling"):
        register_home_section("selling", order=99, build=lambda user: None)


def test_an_unknown_attribute_of_the_home_is_still_an_error():
    page = home.Home(user=None, data={}, templates=[])  # type: ignore[arg-type]

    with pytest.raises(AttributeError):
        _ = page.nothing_registered_by_this_name
