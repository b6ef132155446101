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
    # "main" (the top bar), "more" (lists used less often), "user" and "settings"
    # (admins' configuration, gathered on the Settings page): "more" and "user" live in the user
    # menu.
    section: str
    description: str = ""  # one line on the Settings page


ITEMS = [
    NavItem("My work", "home", None, "main"),
    NavItem("Leads", "sales:lead_list", Perm.LEAD_LIST, "main"),
    NavItem("Board", "sales:board", Perm.OPPORTUNITY_LIST, "main"),
    NavItem("Deals", "sales:opportunity_list", Perm.OPPORTUNITY_LIST, "main"),
    NavItem("Approvals", "sales:approval_list", Perm.TERMS_APPROVE, "main"),
    NavItem("Meetings", "sales:meeting_list", Perm.SALES_MEETING_VIEW, "main"),
    NavItem("Reports", "sales:reports", Perm.SALES_REPORTS, "main"),
    NavItem("Hand-overs", "handover:list", Perm.HANDOVER_LIST, "main"),
    NavItem("Portfolio", "accounts:portfolio", Perm.ACCOUNT_LIST, "main"),
    NavItem("Amendments", "accounts:amendment_approvals", Perm.AMENDMENT_APPROVE, "main"),
    NavItem("Requests", "departments:queue", Perm.REQUEST_QUEUE, "main"),
    NavItem("Client voice", "accounts:client_voice", Perm.CLIENT_VOICE_VIEW, "main"),
    NavItem(
        "Pipelines",
        "sales:pipeline_list",
        Perm.SALES_CONFIGURE,
        "settings",
        "The stages a deal moves through and the probability of each.",
    ),
    NavItem(
        "Lead routing",
        "sales:rule_list",
        Perm.ROUTING_RULE_MANAGE,
        "settings",
        "Which team and lead generator each new lead goes to.",
    ),
    NavItem(
        "Web forms",
        "sales:webform_list",
        Perm.SALES_CONFIGURE,
        "settings",
        "Forms on your website that create leads.",
    ),
    NavItem(
        "Sales policy",
        "sales:policy_edit",
        Perm.SALES_CONFIGURE,
        "settings",
        "The limits on terms beyond which a sales lead approves.",
    ),
    NavItem(
        "Lost reasons",
        "sales:lost_reasons",
        Perm.SALES_CONFIGURE,
        "settings",
        "What sellers choose from when they close a deal as lost.",
    ),
    NavItem(
        "Organisation on quotes",
        "sales:organisation_edit",
        Perm.SALES_CONFIGURE,
        "settings",
        "The name, address, tax and validity printed on quotes.",
    ),
    NavItem(
        "Hand-over settings",
        "handover:settings",
        Perm.ACCOUNTS_CONFIGURE,
        "settings",
        "How long an account manager has to accept, and who receives new customers.",
    ),
    NavItem(
        "Request SLA",
        "departments:sla",
        Perm.ACCOUNTS_CONFIGURE,
        "settings",
        "How long each department has to answer an internal request.",
    ),
    NavItem("Partners", "sales:partner_list", Perm.PARTNER_VIEW, "more"),
    NavItem("Complaints", "sales:complaint_list", Perm.OPPORTUNITY_LIST, "more"),
    NavItem("Catalog", "sales:product_list", Perm.CATALOG_VIEW, "more"),
    NavItem("Hand-over report", "handover:report", Perm.HANDOVER_REPORT, "more"),
    NavItem("Ownership changes", "accounts:ownership_report", Perm.OWNERSHIP_REPORT, "more"),
    NavItem("People", "people:user_list", Perm.USER_LIST, "more"),
    NavItem("Teams", "people:team_list", Perm.TEAM_LIST, "more"),
    NavItem("Role handbook", "handbook:index", Perm.HANDBOOK_VIEW, "user"),
    NavItem("Sales vs account management", "handbook:compare", Perm.HANDBOOK_VIEW, "user"),
    NavItem("Sessions and tokens", "people:security", Perm.SESSION_MANAGE_OWN, "user"),
    NavItem("API tokens", "people:token_list", Perm.TOKEN_MANAGE_OWN, "user"),
    NavItem("API docs", "api:docs", Perm.API_DOCS, "user"),
    NavItem("Change password", "password_change", None, "user"),
]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


SETTINGS_URL_NAME = "settings"
# The top bar stays on one line at 1280 px with room for the search box: links beyond these lead
# the user menu instead, in the same order.
TOP_BAR_LINKS = 10


def menu_for(user: Any, path: str) -> dict[str, list[Link]]:
    """The links the user may follow, by section; the one the path falls under is current.

    Only the longest matching prefix is current: /accounts/client-voice/ is "Client voice",
    not also "Portfolio" (/accounts/). The settings areas are gathered under one "Settings"
    link at the end of the top bar, current on the Settings page and on each area's pages. The
    top bar holds at most ``TOP_BAR_LINKS``; the main links past them lead the user menu.
    """
    allowed = [
        (item, reverse(item.url_name))
        for item in ITEMS
        if item.perm is None or policies.can(user, item.perm)
    ]
    settings_url = reverse(SETTINGS_URL_NAME)
    urls = [url for _, url in allowed]
    if any(item.section == "settings" for item, _ in allowed):
        urls.append(settings_url)
    matches = [url for url in urls if (path == url if url == "/" else path.startswith(url))]
    current_url = max(matches, key=len, default=None)
    menu: dict[str, list[Link]] = {"main": [], "more": [], "user": [], "settings": []}
    for item, url in allowed:
        menu[item.section].append(Link(item.label, url, url == current_url))
    top = menu["main"]
    if menu["settings"]:
        in_settings = current_url == settings_url or any(link.current for link in menu["settings"])
        top = [*top[: TOP_BAR_LINKS - 1], Link("Settings", settings_url, in_settings)]
        overflow = menu["main"][TOP_BAR_LINKS - 1 :]
    else:
        top, overflow = top[:TOP_BAR_LINKS], top[TOP_BAR_LINKS:]
    menu["main"] = top
    menu["more"] = [*overflow, *menu["more"]]
    return menu


@dataclass(frozen=True)
class SettingsArea:
    label: str
    url: str
    description: str


def settings_areas_for(user: Any) -> list[SettingsArea]:
    """The settings areas the user may change, in menu order, each with its one-line purpose."""
    return [
        SettingsArea(item.label, reverse(item.url_name), item.description)
        for item in ITEMS
        if item.section == "settings" and item.perm is not None and policies.can(user, item.perm)
    ]
