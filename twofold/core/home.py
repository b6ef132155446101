"""The home page ("my work"): each app contributes its sections; core only puts them in order.

Core sits below the apps whose work the page gathers, so it cannot import them. Each app
registers its sections when it is ready (``AppConfig.ready``): a name, a place in the page,
a builder that reads what the section shows for one user (``None``: nothing for this user),
and the template that shows it (and decides whether to show anything). A section without a
template is read by another one: the hand-overs and the account manager's care share a grid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twofold.people.models import User


@dataclass(frozen=True)
class HomeSection:
    name: str
    order: int
    build: Callable[[User], Any]
    template: str = ""


_SECTIONS: dict[str, HomeSection] = {}


def register_home_section(
    name: str, *, order: int, build: Callable[[User], Any], template: str = ""
) -> None:
    """Add a section to every home page; each name is registered once."""
    if name in _SECTIONS:
        raise RuntimeError(f"Two home sections named {name!r}")
    _SECTIONS[name] = HomeSection(name=name, order=order, build=build, template=template)


@dataclass(frozen=True)
class Home:
    """What one user's home page shows: each section's data reads as an attribute
    (``home.selling``), and ``templates`` lists the section templates in page order."""

    user: User
    data: dict[str, Any]
    templates: list[str]

    def __getattr__(self, name: str) -> Any:
        if name in _SECTIONS:
            return self.data.get(name)
        raise AttributeError(name)


def home_for(user: User) -> Home:
    """Everything the home page shows; each section pins its own queries."""
    sections = sorted(_SECTIONS.values(), key=lambda section: section.order)
    data = {section.name: section.build(user) for section in sections}
    return Home(
        user=user,
        data=data,
        templates=[section.template for section in sections if section.template],
    )
