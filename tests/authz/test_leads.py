"""The authorization matrix for leads, routing rules and web forms: every role x every lead
endpoint and page, allowed or refused.

Reuses the harness's ``Endpoint``, ``build_world`` and request helpers, and extends the world
with a sales team whose lead generator owns the target lead, and a partner. The lead's partner
and complaint forms and the global search (which finds the lead for those who see it) are rows
here too. An allowed call answers with its success status; a refused one answers 403, 404 or
405, shows nothing of the target lead and writes nothing (row and history counts of people,
leads and the commercial tables compared before and after).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.authz.harness import (
    ADMIN,
    ALL,
    NOBODY,
    Endpoint,
    Matrix,
    World,
    api,
    build_world,
    call,
    web,
)
from tests.conftest import people_snapshot
from tests.factories import TeamFactory, user_with
from tests.sales.factories import (
    LeadFactory,
    PartnerFactory,
    WebFormFactory,
    commercial_pipeline,
    commercial_snapshot,
    lead_snapshot,
)
from twofold.people.choices import Role
from twofold.sales.models import AssignmentRule

pytestmark = pytest.mark.django_db

LEAD_NAME = "Tara Target"
LEAD_EMAIL = "tara@target-co.example"
# Who works leads at all, who sees the target (the owner's team), who may change it.
WORKS_LEADS = frozenset({Role.ADMIN, Role.LEAD_GENERATOR, Role.BDM, Role.AGENT, Role.SALES_LEAD})
SEES_TARGET = frozenset({Role.ADMIN, Role.LEAD_GENERATOR, Role.BDM, Role.SALES_LEAD})
EDITS_TARGET = frozenset({Role.ADMIN, Role.SALES_LEAD})
# The sales lead in the world leads the rule's team; admins keep every team's rules.
KEEPS_RULES = frozenset({Role.ADMIN, Role.SALES_LEAD})


@dataclass
class LeadWorld:
    """The people matrix's world plus a sales team, its lead and the configuration."""

    base: World
    lead_id: int
    colleague_id: int
    team_id: int
    rule_id: int
    form_id: int
    partner_id: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


def build_lead_world(role: Role) -> LeadWorld:
    base = build_world(role)
    actor = base.actor
    owner = user_with(Role.LEAD_GENERATOR, full_name="Lara Leadgen")
    colleague = user_with(Role.LEAD_GENERATOR, full_name="Otis Other")
    members = [owner, colleague, user_with(Role.BDM, full_name="Bruno Bdm")]
    if role in (Role.LEAD_GENERATOR, Role.BDM):
        members.append(actor)
    boss = actor if role == Role.SALES_LEAD else user_with(Role.SALES_LEAD)
    team = TeamFactory(name="Lead Squad", lead=boss, members=members)
    commercial_pipeline()
    lead = LeadFactory(full_name=LEAD_NAME, email=LEAD_EMAIL, company_name="Target Co", owner=owner)
    rule = AssignmentRule.objects.create(name="Squad rule", team=team)
    form = WebFormFactory(name="Squad form")
    partner = PartnerFactory(name="Squad Partner")
    return LeadWorld(
        base=base,
        lead_id=lead.pk,
        colleague_id=colleague.pk,
        team_id=team.pk,
        rule_id=rule.pk,
        form_id=form.pk,
        partner_id=partner.pk,
    )


def snapshot() -> dict[str, int]:
    return people_snapshot() | lead_snapshot() | commercial_snapshot()


def lead_url(suffix=""):
    return lambda w: f"/api/v1/leads/{w.lead_id}/{suffix}"


def page(suffix=""):
    return lambda w: f"/sales/leads/{w.lead_id}/{suffix}"


NEW_LEAD = {"full_name": "Fresh Prospect", "source": "cold_call", "budget_currency": "EUR"}

API_ENDPOINTS = [
    api("lead list", "get", lambda w: "/api/v1/leads/", WORKS_LEADS, shows_target=SEES_TARGET),
    api(
        "lead search",
        "get",
        lambda w: "/api/v1/leads/?search=tara",
        WORKS_LEADS,
        shows_target=SEES_TARGET,
    ),
    api(
        "lead create",
        "post",
        lambda w: "/api/v1/leads/",
        WORKS_LEADS,
        success=201,
        payload=lambda w: {"full_name": "Fresh Prospect"},
    ),
    api("lead retrieve", "get", lead_url(), SEES_TARGET, shows_target=SEES_TARGET),
    api("lead history", "get", lead_url("history/"), SEES_TARGET, shows_target=SEES_TARGET),
    api(
        "lead patch",
        "patch",
        lead_url(),
        EDITS_TARGET,
        payload=lambda w: {"need": "Changed"},
        shows_target=EDITS_TARGET,
    ),
    api("lead put", "put", lead_url(), NOBODY, payload=lambda w: {"full_name": "Put"}),
    api("lead delete", "delete", lead_url(), NOBODY),
    api(
        "lead qualify",
        "post",
        lead_url("qualify/"),
        EDITS_TARGET,
        payload=lambda w: {},
        shows_target=EDITS_TARGET,
    ),
    api(
        "lead disqualify",
        "post",
        lead_url("disqualify/"),
        EDITS_TARGET,
        payload=lambda w: {"reason": "No budget"},
        shows_target=EDITS_TARGET,
    ),
    api(
        "lead reassign",
        "post",
        lead_url("reassign/"),
        EDITS_TARGET,
        payload=lambda w: {"owner_id": w.colleague_id, "reason": "Holiday"},
        shows_target=EDITS_TARGET,
    ),
    api("lead activities", "get", lead_url("activities/"), SEES_TARGET),
    api(
        "lead log activity",
        "post",
        lead_url("activities/"),
        EDITS_TARGET,
        success=201,
        payload=lambda w: {"kind": "call", "subject": "Intro"},
    ),
    api("lead events", "get", lead_url("events/"), SEES_TARGET),
    api("rule list", "get", lambda w: "/api/v1/assignment-rules/", KEEPS_RULES),
    api("rule retrieve", "get", lambda w: f"/api/v1/assignment-rules/{w.rule_id}/", KEEPS_RULES),
    api(
        "rule create",
        "post",
        lambda w: "/api/v1/assignment-rules/",
        KEEPS_RULES,
        success=201,
        payload=lambda w: {"name": "New rule", "team_id": w.team_id},
    ),
    api(
        "rule patch",
        "patch",
        lambda w: f"/api/v1/assignment-rules/{w.rule_id}/",
        KEEPS_RULES,
        payload=lambda w: {"priority": 5},
    ),
    api(
        "rule delete",
        "delete",
        lambda w: f"/api/v1/assignment-rules/{w.rule_id}/",
        KEEPS_RULES,
        success=204,
    ),
    api(
        "rule move",
        "post",
        lambda w: f"/api/v1/assignment-rules/{w.rule_id}/move/",
        KEEPS_RULES,
        payload=lambda w: {"direction": "down"},
    ),
    api("web form list", "get", lambda w: "/api/v1/web-forms/", ADMIN),
    api("web form retrieve", "get", lambda w: f"/api/v1/web-forms/{w.form_id}/", ADMIN),
    api(
        "web form create",
        "post",
        lambda w: "/api/v1/web-forms/",
        ADMIN,
        success=201,
        payload=lambda w: {"name": "Another form"},
    ),
    api(
        "web form patch",
        "patch",
        lambda w: f"/api/v1/web-forms/{w.form_id}/",
        ADMIN,
        payload=lambda w: {"is_active": False},
    ),
]

WEB_ENDPOINTS = [
    web("leads", "get", lambda w: "/sales/leads/", WORKS_LEADS, shows_target=SEES_TARGET),
    web(
        "leads search",
        "get",
        lambda w: "/sales/leads/?q=tara",
        WORKS_LEADS,
        shows_target=SEES_TARGET,
    ),
    web("new lead form", "get", lambda w: "/sales/leads/new/", WORKS_LEADS),
    web(
        "new lead",
        "post",
        lambda w: "/sales/leads/new/",
        WORKS_LEADS,
        success=302,
        payload=lambda w: NEW_LEAD,
    ),
    web(
        "duplicate check",
        "get",
        lambda w: f"/sales/leads/duplicates/?email={LEAD_EMAIL}",
        WORKS_LEADS,
        shows_target=SEES_TARGET,
    ),
    web("lead page", "get", page(), SEES_TARGET, shows_target=SEES_TARGET),
    web("edit lead form", "get", page("edit/"), EDITS_TARGET, shows_target=EDITS_TARGET),
    web(
        "edit lead",
        "post",
        page("edit/"),
        EDITS_TARGET,
        success=302,
        payload=lambda w: {**NEW_LEAD, "full_name": LEAD_NAME, "status": "working"},
    ),
    web("qualify lead", "post", page("qualify/"), EDITS_TARGET, success=302),
    web(
        "disqualify lead",
        "post",
        page("disqualify/"),
        EDITS_TARGET,
        success=302,
        payload=lambda w: {"reason": "No budget"},
    ),
    web(
        "reassign lead",
        "post",
        page("reassign/"),
        EDITS_TARGET,
        success=302,
        payload=lambda w: {"owner": w.colleague_id, "reason": "Holiday"},
    ),
    web(
        "log activity",
        "post",
        page("activities/"),
        EDITS_TARGET,
        success=302,
        payload=lambda w: {"kind": "note", "subject": "Noted"},
    ),
    web("qualify by get", "get", page("qualify/"), NOBODY),
    web("lead partner form", "get", page("partner/"), EDITS_TARGET, shows_target=EDITS_TARGET),
    web(
        "set the lead's partner",
        "post",
        page("partner/"),
        EDITS_TARGET,
        success=302,
        payload=lambda w: {"partner": w.partner_id},
    ),
    web(
        "lead complaint form",
        "get",
        page("complaints/new/"),
        EDITS_TARGET,
        shows_target=EDITS_TARGET,
    ),
    web(
        "complaint on the lead",
        "post",
        page("complaints/new/"),
        EDITS_TARGET,
        success=302,
        payload=lambda w: {"summary": "Matrix complaint", "severity": "low"},
    ),
    web(
        "global search",
        "get",
        lambda w: "/search/?q=tara",
        ALL,
        shows_target=SEES_TARGET,
    ),
    web("routing rules", "get", lambda w: "/sales/settings/lead-routing/", KEEPS_RULES),
    web(
        "new routing rule",
        "post",
        lambda w: "/sales/settings/lead-routing/",
        KEEPS_RULES,
        success=302,
        payload=lambda w: {"name": "New", "priority": 1, "team": w.team_id, "is_active": "on"},
    ),
    web(
        "routing rule",
        "get",
        lambda w: f"/sales/settings/lead-routing/{w.rule_id}/",
        KEEPS_RULES,
    ),
    web(
        "edit routing rule",
        "post",
        lambda w: f"/sales/settings/lead-routing/{w.rule_id}/",
        KEEPS_RULES,
        success=302,
        payload=lambda w: {"name": "Renamed", "priority": 2, "team": w.team_id},
    ),
    web(
        "move routing rule",
        "post",
        lambda w: f"/sales/settings/lead-routing/{w.rule_id}/move/",
        KEEPS_RULES,
        success=302,
        payload=lambda w: {"direction": "up"},
    ),
    web(
        "delete routing rule",
        "post",
        lambda w: f"/sales/settings/lead-routing/{w.rule_id}/delete/",
        KEEPS_RULES,
        success=302,
    ),
    web("web forms", "get", lambda w: "/sales/settings/web-forms/", ADMIN),
    web(
        "new web form",
        "post",
        lambda w: "/sales/settings/web-forms/",
        ADMIN,
        success=302,
        payload=lambda w: {"name": "New form", "source": "web_form", "is_active": "on"},
    ),
    web("web form", "get", lambda w: f"/sales/settings/web-forms/{w.form_id}/", ADMIN),
    web(
        "edit web form",
        "post",
        lambda w: f"/sales/settings/web-forms/{w.form_id}/",
        ADMIN,
        success=302,
        payload=lambda w: {"name": "Renamed form", "source": "web_form"},
    ),
]


def check(endpoint: Endpoint, role: Role) -> None:
    # Given a user holding only ``role``, a sales team and its lead generator's lead
    world = build_lead_world(role)
    before = snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, a refused one is refused without a trace
    body = response.content.decode()
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body
        if role in endpoint.shows_target:
            assert LEAD_NAME in body
        else:
            assert LEAD_NAME not in body
            assert LEAD_EMAIL not in body
    else:
        assert response.status_code in (403, 404, 405), body
        assert LEAD_NAME not in body
        assert LEAD_EMAIL not in body
        assert snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


@pytest.mark.parametrize("endpoint", API_ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_leads_authorization_matrix(endpoint: Endpoint, role: Role):
    check(endpoint, role)


MATRIX = Matrix(build_lead_world, API_ENDPOINTS + WEB_ENDPOINTS)
