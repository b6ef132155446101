"""Who sees and works leads and deals.

* Admins see everything.
* A sales lead sees the leads and deals of the sales teams they lead or belong to, reassigns
  them, writes deal strategy, approves terms beyond policy, sees the sales reports.
* Lead generators and business development managers see their sales teams' leads and deals
  (colleagues' as read-only) and unassigned leads; they edit their own.
* Agents are self-employed: their own leads and deals only, no reports (DESIGN: agents).
* Account-management roles see the deals they own (upsell, cross-sell, renewal); they do not
  work prospects. Department members see no pipeline at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES, Role, TeamKind
from twofold.policies.base import Perm, rule
from twofold.policies.people import is_admin
from twofold.policies.roles import DEAL_OWNER_ROLES, SALES_STAFF, SELLER_ROLES, has_role

if TYPE_CHECKING:
    from twofold.people.models import Team, User
    from twofold.sales.models import AssignmentRule, Complaint, Lead, Opportunity, SalesMeeting


def _sales_colleagues(actor: User) -> QuerySet[Any]:
    """Ids of everyone in a sales team the actor belongs to or leads (one indexed subquery)."""

    return (
        apps.get_model("people", "TeamMembership")
        .objects.filter(
            Q(team__memberships__user=actor) | Q(team__lead=actor),
            team__kind=TeamKind.SALES,
            team__is_active=True,
        )
        .values("user_id")
    )


def is_sales_staff(actor: User) -> bool:
    return bool(actor.roles & SALES_STAFF)


def leads_visible_to(actor: User) -> QuerySet[Lead]:
    if is_admin(actor):
        return apps.get_model("sales", "Lead").objects.all()
    if is_sales_staff(actor):
        return apps.get_model("sales", "Lead").objects.filter(
            Q(owner=actor) | Q(owner__isnull=True) | Q(owner_id__in=_sales_colleagues(actor))
        )
    if has_role(actor, Role.AGENT):
        return apps.get_model("sales", "Lead").objects.filter(owner=actor)
    return apps.get_model("sales", "Lead").objects.none()


def opportunities_visible_to(actor: User) -> QuerySet[Opportunity]:
    if is_admin(actor):
        return apps.get_model("sales", "Opportunity").objects.all()
    visible = Q(owner=actor)
    if is_sales_staff(actor):
        visible |= Q(owner_id__in=_sales_colleagues(actor))
    return apps.get_model("sales", "Opportunity").objects.filter(visible)


def opportunity_owner_ids_visible_to(actor: User) -> list[int] | None:
    """The owners whose deals ``actor`` sees (``None``: everyone's): the same rows as
    :func:`opportunities_visible_to`, resolved up front so totals can use a covering index."""
    if is_admin(actor):
        return None
    owners = {actor.pk}
    if is_sales_staff(actor):
        owners.update(row["user_id"] for row in _sales_colleagues(actor))
    return sorted(owners)


def deal_assignees_visible_to(actor: User) -> QuerySet[User]:
    """Whom the actor may hand deals to: for an admin any active seller or account manager,
    for anyone else themselves and the members of the sales teams they lead. The reassigning
    service decides each hand-over again."""

    users = get_user_model().objects.filter(
        is_active=True, role_assignments__role__in=DEAL_OWNER_ROLES
    )
    if not is_admin(actor):
        users = users.filter(
            Q(pk=actor.pk)
            | Q(
                memberships__team__lead=actor,
                memberships__team__kind=TeamKind.SALES,
                memberships__team__is_active=True,
            )
        )
    return users.distinct().order_by("full_name", "id")


def sells_as_agent(user: User) -> bool:
    """Is ``user`` an agent and not also a business development manager? Such an agent's
    qualified leads stay theirs instead of going to a BDM."""
    return has_role(user, Role.AGENT) and not has_role(user, Role.BDM)


def leads_team_of(actor: User, owner_id: int | None) -> bool:
    """Is ``owner_id`` in one of the sales teams ``actor`` leads?"""

    if owner_id is None:
        return False
    return (
        apps.get_model("people", "TeamMembership")
        .objects.filter(
            team__lead=actor, team__kind=TeamKind.SALES, team__is_active=True, user_id=owner_id
        )
        .exists()
    )


def opportunities_supervised_by(actor: User) -> QuerySet[Opportunity]:
    """Deals whose owner the actor supervises as a sales lead (own ones included); all for
    admins. The approvals queue lists what these deals wait for."""

    if is_admin(actor):
        return apps.get_model("sales", "Opportunity").objects.all()
    if not has_role(actor, Role.SALES_LEAD):
        return apps.get_model("sales", "Opportunity").objects.none()
    led = (
        apps.get_model("people", "TeamMembership")
        .objects.filter(team__lead=actor, team__kind=TeamKind.SALES, team__is_active=True)
        .values("user_id")
    )
    return apps.get_model("sales", "Opportunity").objects.filter(
        Q(owner=actor) | Q(owner_id__in=led)
    )


def _supervises(actor: User, owner_id: int | None) -> bool:
    return has_role(actor, Role.SALES_LEAD) and (
        owner_id == actor.pk or leads_team_of(actor, owner_id)
    )


@rule(Perm.LEAD_KEEP_CAPTURED)
def _keeps_captured_leads(actor: User, obj: Any) -> bool:
    """Lead generators and agents keep what they capture; everyone else's leads are routed."""
    return has_role(actor, Role.LEAD_GENERATOR, Role.AGENT)


@rule(Perm.LEAD_LIST, Perm.LEAD_CREATE)
def _works_leads(actor: User, obj: Any) -> bool:
    return is_admin(actor) or bool(actor.roles & SALES_ROLES)


@rule(Perm.LEAD_VIEW)
def _lead_visible(actor: User, obj: Lead) -> bool:
    return leads_visible_to(actor).filter(pk=obj.pk).exists()


@rule(Perm.LEAD_EDIT)
def _lead_editable(actor: User, obj: Lead) -> bool:
    if is_admin(actor) or obj.owner_id == actor.pk:
        return True
    if obj.owner_id is None:
        return is_sales_staff(actor)
    return _supervises(actor, obj.owner_id)


@rule(Perm.LEAD_REASSIGN, Perm.OPPORTUNITY_REASSIGN, Perm.OPPORTUNITY_REOPEN)
def _sales_lead_of_owner(actor: User, obj: Any) -> bool:
    if is_admin(actor):
        return True
    if obj is None or obj.owner_id is None:
        # Nobody's lead yet (no rule matched): any sales lead may hand it out.
        return has_role(actor, Role.SALES_LEAD)
    return _supervises(actor, obj.owner_id)


@rule(Perm.OPPORTUNITY_LIST)
def _works_deals(actor: User, obj: Any) -> bool:
    return is_admin(actor) or bool(actor.roles & (SALES_ROLES | ACCOUNT_ROLES))


@rule(Perm.OPPORTUNITY_OWN)
def _owns_deals_of_kind(actor: User, obj: str) -> bool:
    """Invariant 1: new business is sales' work, the rest (upsell, cross-sell, renewal)
    account management's. ``obj`` is the deal's kind."""
    if obj == "new_business":  # OpportunityKind.NEW_BUSINESS: sales sits above policies
        return bool(actor.roles & SELLER_ROLES)
    return bool(actor.roles & ACCOUNT_ROLES)


@rule(Perm.OPPORTUNITY_CREATE)
def _creates_deals(actor: User, obj: str | None) -> bool:
    """Without a kind: may open any deal. With one (``obj``): may open a deal of that kind."""
    if is_admin(actor):
        return True
    if obj is None:
        return bool(actor.roles & DEAL_OWNER_ROLES)
    return _owns_deals_of_kind(actor, obj)


@rule(Perm.COMPLAINT_RESOLVE)
def _resolves_complaint(actor: User, obj: Complaint) -> bool:
    """The complaint's owner, or whoever may edit the lead or deal it is about."""
    if obj.owner_id == actor.pk:
        return True
    if obj.opportunity is not None:
        return _opportunity_editable(actor, obj.opportunity)
    return obj.lead is not None and _lead_editable(actor, obj.lead)


@rule(Perm.OPPORTUNITY_VIEW)
def _opportunity_visible(actor: User, obj: Opportunity) -> bool:
    return opportunities_visible_to(actor).filter(pk=obj.pk).exists()


@rule(Perm.OPPORTUNITY_EDIT)
def _opportunity_editable(actor: User, obj: Opportunity) -> bool:
    return is_admin(actor) or obj.owner_id == actor.pk or _supervises(actor, obj.owner_id)


@rule(Perm.STRATEGY_EDIT)
def _writes_strategy(actor: User, obj: Opportunity | None) -> bool:
    if is_admin(actor):
        return True
    if obj is None:
        return has_role(actor, Role.SALES_LEAD)
    return _supervises(actor, obj.owner_id)


@rule(Perm.SALES_REPORTS)
def _sales_lead(actor: User, obj: Any) -> bool:
    return is_admin(actor) or has_role(actor, Role.SALES_LEAD)


@rule(Perm.TERMS_APPROVE)
def _approves_terms(actor: User, obj: Opportunity | None) -> bool:
    """Any sales lead may open the approvals queue; a decision is for the deal owner's."""
    if is_admin(actor):
        return True
    if obj is None:
        return has_role(actor, Role.SALES_LEAD)
    return _supervises(actor, obj.owner_id)


@rule(Perm.PARTNER_VIEW, Perm.CATALOG_VIEW)
def _revenue_team(actor: User, obj: Any) -> bool:
    return is_admin(actor) or bool(actor.roles & (SALES_ROLES | ACCOUNT_ROLES))


@rule(Perm.PARTNER_MANAGE)
def _manages_partners(actor: User, obj: Any) -> bool:
    return is_admin(actor) or bool(actor.roles & SALES_STAFF)


@rule(Perm.PARTNER_LINK)
def _links_partners(actor: User, obj: Lead | Opportunity | None) -> bool:
    """Tying a partner to a lead or a deal, or removing it, is partner work: those who manage
    partners (admins and sales staff, not agents or account roles), on a record they may edit.
    One rule for leads and deals, whichever interface asks; ``None`` asks about the role only."""

    if not _manages_partners(actor, None):
        return False
    if obj is None:
        return True
    if isinstance(obj, apps.get_model("sales", "Lead")):
        return _lead_editable(actor, obj)
    return _opportunity_editable(actor, obj)


@rule(Perm.SALES_CONFIGURE, Perm.CATALOG_MANAGE)
def _configures(actor: User, obj: Any) -> bool:
    return is_admin(actor)


# --- Lead routing rules -----------------------------------------------------------------------


def routing_teams_of(actor: User) -> QuerySet[Team]:
    """The sales teams whose routing rules ``actor`` keeps: every active sales team for an
    admin, the active sales teams they lead for a sales lead, none for anyone else."""

    teams = apps.get_model("people", "Team").objects.filter(kind=TeamKind.SALES, is_active=True)
    if is_admin(actor):
        return teams
    if has_role(actor, Role.SALES_LEAD):
        return teams.filter(lead=actor)
    return teams.none()


def assignment_rules_visible_to(actor: User) -> QuerySet[AssignmentRule]:
    """Admins see every routing rule (archived teams' too); a sales lead the rules of the
    sales teams they lead; nobody else any."""

    if is_admin(actor):
        return apps.get_model("sales", "AssignmentRule").objects.all()
    if has_role(actor, Role.SALES_LEAD):
        return apps.get_model("sales", "AssignmentRule").objects.filter(
            team__in=routing_teams_of(actor).values("pk")
        )
    return apps.get_model("sales", "AssignmentRule").objects.none()


@rule(Perm.ROUTING_RULE_MANAGE)
def _keeps_routing_rules(actor: User, obj: AssignmentRule | Team | None) -> bool:
    """Without an object: may open the rules at all. With a rule or a team: may write the
    rules routing to that team (a rule is judged by its team)."""
    if is_admin(actor):
        return True
    if not has_role(actor, Role.SALES_LEAD):
        return False
    if obj is None:
        return True

    team_id = obj.team_id if isinstance(obj, apps.get_model("sales", "AssignmentRule")) else obj.pk
    return routing_teams_of(actor).filter(pk=team_id).exists()


# --- Sales reports and sales meetings ---------------------------------------------------------


def sales_teams_run_by(actor: User) -> QuerySet[Team]:
    """The sales teams whose reports and meetings the actor sees: every sales team for an
    admin, the active sales teams they lead for a sales lead, none for anyone else. Agents
    never see the company's reports, even holding another role beside (DESIGN: agents)."""

    teams = apps.get_model("people", "Team").objects.filter(kind=TeamKind.SALES)
    if is_admin(actor):
        return teams
    if has_role(actor, Role.SALES_LEAD) and not has_role(actor, Role.AGENT):
        return teams.filter(lead=actor, is_active=True)
    return teams.none()


def sales_teams_sat_in_by(actor: User) -> QuerySet[Team]:
    """The sales teams whose meetings the actor attends: every sales team for an admin; the
    active sales teams they lead or belong to for sales staff. Agents never: the agenda is the
    team's pipeline, and agents see no one's pipeline but their own (DESIGN: agents)."""

    teams = apps.get_model("people", "Team").objects.filter(kind=TeamKind.SALES)
    if is_admin(actor):
        return teams
    if is_sales_staff(actor) and not has_role(actor, Role.AGENT):
        return teams.filter(Q(lead=actor) | Q(memberships__user=actor), is_active=True).distinct()
    return teams.none()


def meetings_visible_to(actor: User) -> QuerySet[SalesMeeting]:
    """The sales meetings the actor may read: those of the teams they lead or sit in."""

    if is_admin(actor):
        return apps.get_model("sales", "SalesMeeting").objects.all()
    return apps.get_model("sales", "SalesMeeting").objects.filter(
        team__in=sales_teams_sat_in_by(actor).values("pk")
    )


@rule(Perm.SALES_MEETING_VIEW)
def _sits_in_meetings(actor: User, obj: SalesMeeting | None) -> bool:
    """Without a meeting: may open the meetings at all (by role, no query). With one: is it a
    meeting of a team the actor leads or belongs to?"""
    if obj is None:
        return is_admin(actor) or (is_sales_staff(actor) and not has_role(actor, Role.AGENT))
    return meetings_visible_to(actor).filter(pk=obj.pk).exists()


@rule(Perm.SALES_MEETINGS)
def _runs_meetings(actor: User, obj: Team | SalesMeeting | None) -> bool:
    """Scheduling, notes and decisions are the team's sales lead's (or an admin's). Without a
    team: may the actor run any meeting (by role)? With a team or one of its meetings: do they
    run that team?"""

    if obj is None:
        return is_admin(actor) or has_role(actor, Role.SALES_LEAD)
    team_id = obj.team_id if isinstance(obj, apps.get_model("sales", "SalesMeeting")) else obj.pk
    return sales_teams_run_by(actor).filter(pk=team_id).exists()
