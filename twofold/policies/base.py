from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from twofold.people.models import User


class Perm(StrEnum):
    """Everything an actor can be allowed to do. New capabilities add members here."""

    USER_LIST = "people.user.list"
    USER_VIEW = "people.user.view"
    USER_MANAGE = "people.user.manage"
    USER_HISTORY = "people.user.history"
    TEAM_LIST = "people.team.list"
    TEAM_VIEW = "people.team.view"
    TEAM_MANAGE = "people.team.manage"
    TEAM_HISTORY = "people.team.history"
    TOKEN_MANAGE_OWN = "people.token.manage_own"  # noqa: S105 - a permission name
    SESSION_MANAGE_OWN = "people.session.manage_own"  # see and end one's own sessions
    SESSION_MANAGE = "people.session.manage"  # end a user's sessions and revoke their tokens
    # Sales: leads
    LEAD_LIST = "sales.lead.list"
    LEAD_VIEW = "sales.lead.view"
    LEAD_CREATE = "sales.lead.create"
    LEAD_EDIT = "sales.lead.edit"
    LEAD_REASSIGN = "sales.lead.reassign"
    LEAD_KEEP_CAPTURED = "sales.lead.keep_captured"  # own the leads one captures
    ROUTING_RULE_MANAGE = "sales.routing_rule.manage"
    # Sales: deals
    OPPORTUNITY_LIST = "sales.opportunity.list"
    OPPORTUNITY_VIEW = "sales.opportunity.view"
    OPPORTUNITY_CREATE = "sales.opportunity.create"
    OPPORTUNITY_EDIT = "sales.opportunity.edit"
    OPPORTUNITY_REASSIGN = "sales.opportunity.reassign"
    OPPORTUNITY_REOPEN = "sales.opportunity.reopen"
    OPPORTUNITY_OWN = "sales.opportunity.own"  # be the owner of a deal of a kind
    COMPLAINT_RESOLVE = "sales.complaint.resolve"
    STRATEGY_EDIT = "sales.strategy.edit"
    TERMS_APPROVE = "sales.terms.approve"
    SALES_REPORTS = "sales.reports"
    SALES_MEETINGS = "sales.meetings"  # run them: schedule, write notes, record decisions
    SALES_MEETING_VIEW = "sales.meeting.view"  # read the meetings of one's own teams
    PARTNER_VIEW = "sales.partner.view"
    PARTNER_MANAGE = "sales.partner.manage"
    PARTNER_LINK = "sales.partner.link"
    CATALOG_VIEW = "catalog.view"
    # Customer accounts
    ACCOUNT_LIST = "accounts.account.list"
    ACCOUNT_VIEW = "accounts.account.view"
    ACCOUNT_EDIT = "accounts.account.edit"
    ACCOUNT_NOTE = "accounts.account.note"
    ACCOUNT_REASSIGN = "accounts.account.reassign"
    ACCOUNT_HAND_TO = "accounts.account.hand_to"  # make a given person the relationship owner
    ACCOUNT_SUPERVISE = "accounts.account.supervise"  # oversee account managers (an AE)
    AMENDMENT_APPROVE = "accounts.amendment.approve"
    AMENDMENT_DECIDE = "accounts.amendment.decide"  # decide this amendment (four eyes)
    CLIENT_VOICE_VIEW = "accounts.client_voice.view"
    CLIENT_VOICE_TRIAGE = "accounts.client_voice.triage"
    CLIENT_VOICE_REQUEST_VIEW = "accounts.client_voice.request_view"
    CLIENT_VOICE_MERGE = "accounts.client_voice.merge"
    OWNERSHIP_REPORT = "accounts.ownership.report"
    # Hand-over
    HANDOVER_LIST = "handover.list"
    HANDOVER_VIEW = "handover.view"
    HANDOVER_EDIT = "handover.edit"
    HANDOVER_DECIDE = "handover.decide"
    HANDOVER_RECEIVE = "handover.receive"  # be the account manager a hand-over goes to
    HANDOVER_ROUTE = "handover.route"
    HANDOVER_REPORT = "handover.report"
    # Internal requests to departments
    REQUEST_QUEUE = "departments.request.queue"
    REQUEST_VIEW = "departments.request.view"
    REQUEST_RAISE = "departments.request.raise"
    REQUEST_WORK = "departments.request.work"
    REQUEST_ASSIGN = "departments.request.assign"
    REQUEST_DECLINE = "departments.request.decline"
    REQUEST_HOME = "departments.request.home"  # one's departments' requests on the home
    # Configuration (admins)
    SALES_CONFIGURE = "sales.configure"
    CATALOG_MANAGE = "catalog.manage"
    ACCOUNTS_CONFIGURE = "accounts.configure"
    HANDBOOK_VIEW = "handbook.view"
    HANDBOOK_EDIT = "handbook.edit"
    API_DOCS = "core.api_docs"
    SETTINGS_VIEW = "core.settings.view"  # open the Settings page (some area to configure)


Rule = Callable[["User", Any], bool]
RULES: dict[Perm, Rule] = {}


def rule(*perms: Perm) -> Callable[[Rule], Rule]:
    """Register the function that decides ``perms``; each permission has exactly one rule."""

    def register(func: Rule) -> Rule:
        for perm in perms:
            if perm in RULES:
                raise RuntimeError(f"Two rules for {perm}")
            RULES[perm] = func
        return func

    return register


def can(actor: User | AnonymousUser | None, perm: Perm, obj: Any = None) -> bool:
    """May ``actor`` do ``perm`` (to ``obj``, when the permission is about one object)?"""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    decide = RULES.get(perm)
    if decide is None:
        return False
    return decide(actor, obj)


def signed_in(user: object) -> User:
    """The signed-in user making a request; refuses anyone else (``PermissionDenied``)."""

    if not isinstance(user, get_user_model()):
        raise PermissionDenied("Sign in first.")
    return user


def require(
    actor: User | AnonymousUser | None, perm: Perm, obj: Any = None, message: str = ""
) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may do ``perm``; ``message`` says why, for
    refusals that tell the person who may instead."""
    if not can(actor, perm, obj):
        raise PermissionDenied(message or "You are not allowed to do this.")
