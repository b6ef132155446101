"""The menus. Each item names the permission it needs; the policy layer decides who sees it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from twofold import policies
from twofold.policies import Perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm | None  # None: every signed-in user
    # "main" (the top bar), "more" (sales lists used less often), "user" and "settings"
    # (admins' configuration): the last three live in the user menu.
    section: str


ITEMS = [
    NavItem("My work", "home", None, "main"),
    NavItem("Leads", "sales:lead_list", Perm.LEAD_LIST, "main"),
    NavItem("Board", "sales:board", Perm.OPPORTUNITY_LIST, "main"),
    NavItem("Deals", "sales:opportunity_list", Perm.OPPORTUNITY_LIST, "main"),
    NavItem("Approvals", "sales:approval_list", Perm.TERMS_APPROVE, "main"),
    NavItem("Meetings", "sales:meeting_list", Perm.SALES_MEETINGS, "main"),
    NavItem("Reports", "sales:reports", Perm.SALES_REPORTS, "main"),
    NavItem("Partners", "sales:partner_list", Perm.PARTNER_VIEW, "main"),
    NavItem("People", "people:user_list", Perm.USER_LIST, "main"),
    NavItem("Teams", "people:team_list", Perm.TEAM_LIST, "main"),
    NavItem("Pipelines", "sales:pipeline_list", Perm.SALES_CONFIGURE, "settings"),
    NavItem("Lead routing", "sales:rule_list", Perm.SALES_CONFIGURE, "settings"),
    NavItem("Web forms", "sales:webform_list", Perm.SALES_CONFIGURE, "settings"),
    NavItem("Sales policy", "sales:policy_edit", Perm.SALES_CONFIGURE, "settings"),
    NavItem("Lost reasons", "sales:lost_reasons", Perm.SALES_CONFIGURE, "settings"),
    NavItem("Complaints", "sales:complaint_list", Perm.OPPORTUNITY_LIST, "more"),
    NavItem("Catalog", "sales:product_list", Perm.CATALOG_VIEW, "more"),
    NavItem("Role handbook", "handbook:index", Perm.HANDBOOK_VIEW, "user"),
    NavItem("Sales vs account management", "handbook:compare", Perm.HANDBOOK_VIEW, "user"),
    NavItem("API tokens", "people:token_list", Perm.TOKEN_MANAGE_OWN, "user"),
    NavItem("API docs", "api:docs", Perm.API_DOCS, "user"),
    NavItem("Change password", "password_change", None, "user"),
]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


def menu_for(user: Any, path: str) -> dict[str, list[Link]]:
    menu: dict[str, list[Link]] = {"main": [], "more": [], "user": [], "settings": []}
    for item in ITEMS:
        if item.perm is not None and not policies.can(user, item.perm):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        menu[item.section].append(Link(item.label, url, current))
    return menu
