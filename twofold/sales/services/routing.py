"""Who works a lead: assignment rules (round-robin within a sales team) and reassignment.

Every assignment, automatic or by hand, and every failure to assign, is a ``LeadEvent`` of type
``assigned`` with ``data={"from", "to", "reason", "rule"}``: who, when and why.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.people.choices import SALES_ROLES, Role, TeamKind
from twofold.people.models import Team, User
from twofold.policies import Perm
from twofold.sales.choices import LeadSource
from twofold.sales.events import lead_assigned
from twofold.sales.models import AssignmentRule, Lead, LeadEvent

NO_RULE_MATCHED = "No assignment rule matched; the lead waits for a sales lead."


def rule_matches(rule: AssignmentRule, lead: Lead) -> bool:
    """Every criterion the rule sets must match the lead (text compared without case)."""
    if rule.source and rule.source != lead.source:
        return False
    if rule.industry and rule.industry.strip().lower() != lead.industry.strip().lower():
        return False
    return not (rule.region and rule.region.strip().lower() != lead.region.strip().lower())


def team_lead_generators(team: Team) -> list[User]:
    """The team's active lead generators, in a fixed order (by id) for a fair rotation."""
    return list(
        User.objects.filter(
            memberships__team=team,
            is_active=True,
            role_assignments__role=Role.LEAD_GENERATOR,
        )
        .distinct()
        .order_by("id")
    )


def next_in_rotation(candidates: list[User], last_id: int | None) -> User:
    """The first candidate after ``last_id`` (by id), wrapping around: deterministic and fair
    even when people join or leave the team between two leads."""
    for candidate in candidates:
        if last_id is None or candidate.pk > last_id:
            return candidate
    return candidates[0]


def lead_assign_owner(
    *, actor: User | None, lead: Lead, owner: User | None, reason: str, rule: AssignmentRule | None
) -> LeadEvent:
    previous = lead.owner_id
    if owner is not None and previous != owner.pk:
        lead.owner = owner
        lead.updated_at = timezone.now()
        attribute(lead, actor, reason)
        lead.save(update_fields=["owner", "updated_at"])
    return lead_assigned(
        lead, actor=actor, from_owner_id=previous, to_owner=owner, reason=reason, rule=rule
    )


@transaction.atomic
def lead_route(*, actor: User | None, lead: Lead) -> LeadEvent:
    """Assign a new lead by the first matching active rule (lowest priority number first).

    The rule row is locked (``select_for_update``) while its round-robin pointer moves, so two
    leads arriving at once go to two different people. A rule whose team has no active lead
    generator is skipped. No rule matches: the lead stays unassigned and the event says so.
    """
    for rule in AssignmentRule.objects.filter(is_active=True).order_by("priority", "id"):
        if not rule_matches(rule, lead):
            continue
        locked = AssignmentRule.objects.select_for_update().get(pk=rule.pk)
        candidates = team_lead_generators(locked.team)
        if not candidates:
            continue
        chosen = next_in_rotation(candidates, locked.last_assigned_id)
        AssignmentRule.objects.filter(pk=locked.pk).update(last_assigned=chosen)
        return lead_assign_owner(
            actor=actor,
            lead=lead,
            owner=chosen,
            reason=f"Assignment rule “{locked.name}” (round-robin in {locked.team.name})",
            rule=locked,
        )
    return lead_assign_owner(actor=actor, lead=lead, owner=None, reason=NO_RULE_MATCHED, rule=None)


def check_lead_owner(owner: User, field: str = "owner") -> None:
    """Leads are worked by sales people (lead generators, BDMs, agents, sales leads)."""
    if not owner.is_active:
        raise ValidationError({field: f"{owner} is deactivated."})
    if not owner.roles & SALES_ROLES:
        raise ValidationError({field: f"{owner} does not work in sales."})


@transaction.atomic
def lead_reassign(*, actor: User | None, lead: Lead, owner: User, reason: str) -> LeadEvent | None:
    """Give the lead to ``owner``, saying why. A sales lead of the current owner's team (or of
    any team, for an unassigned lead: it has no team yet) or an admin may, and a sales lead
    only to someone in a team they lead (as with a deal). Giving it to its current owner
    changes nothing and returns ``None``."""
    if actor is not None:
        policies.require(actor, Perm.LEAD_REASSIGN, lead)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the lead changes hands."})
    if len(reason) > 200:
        raise ValidationError({"reason": "Keep the reason under 200 characters."})
    check_lead_owner(owner)
    if lead.owner_id == owner.pk:
        return None
    if actor is not None and not policies.can(actor, Perm.LEAD_REASSIGN, Lead(owner_id=owner.pk)):
        # The deal's rule: only whoever may reassign ``owner``'s leads may give them one.
        raise ValidationError(
            {"owner": f"You cannot give leads to {owner}: they are not in a team you lead."}
        )
    return lead_assign_owner(actor=actor, lead=lead, owner=owner, reason=reason, rule=None)


# --- Rules (admins: every team; a sales lead: the teams they lead) ----------------------------


def _check_rule(team: Team, source: str, priority: int) -> None:
    if team.kind != TeamKind.SALES:
        raise ValidationError({"team": "Leads are routed to a sales team."})
    if not team.is_active:
        raise ValidationError({"team": f"{team} is archived."})
    if source and source not in LeadSource.values:
        raise ValidationError({"source": "Choose one of the lead sources."})
    if not 0 <= priority <= 32767:
        raise ValidationError({"priority": "Priority is between 0 and 32767."})


@transaction.atomic
def assignment_rule_create(
    *,
    actor: User | None,
    name: str,
    team: Team,
    priority: int = 100,
    source: str = "",
    industry: str = "",
    region: str = "",
    is_active: bool = True,
) -> AssignmentRule:
    """A routing rule; empty criteria match every lead."""
    if actor is not None:
        policies.require(actor, Perm.ROUTING_RULE_MANAGE, team)
    _check_rule(team, source, priority)
    rule = AssignmentRule(
        name=(name or "").strip(),
        team=team,
        priority=priority,
        source=source,
        industry=industry.strip(),
        region=region.strip(),
        is_active=is_active,
    )
    rule.full_clean()
    attribute(rule, actor, "Created")
    rule.save()
    return rule


@transaction.atomic
def assignment_rule_update(
    *,
    actor: User | None,
    rule: AssignmentRule,
    name: str,
    team: Team,
    priority: int,
    source: str,
    industry: str,
    region: str,
    is_active: bool,
) -> AssignmentRule:
    """Change a rule; moving it to another team needs the right to both teams' rules."""
    if actor is not None:
        policies.require(actor, Perm.ROUTING_RULE_MANAGE, rule)
        policies.require(actor, Perm.ROUTING_RULE_MANAGE, team)
    _check_rule(team, source, priority)
    if team.pk != rule.team_id:
        rule.last_assigned = None  # a new team starts its own rotation
    rule.name = (name or "").strip()
    rule.team = team
    rule.priority = priority
    rule.source = source
    rule.industry = industry.strip()
    rule.region = region.strip()
    rule.is_active = is_active
    rule.full_clean()
    attribute(rule, actor, "Changed")
    rule.save()
    return rule


@transaction.atomic
def assignment_rule_delete(*, actor: User | None, rule: AssignmentRule) -> None:
    """Remove a rule; leads it routed keep their owner and their ``assigned`` events (which
    name the rule by id). The history table keeps the deleted row, attributed."""
    if actor is not None:
        policies.require(actor, Perm.ROUTING_RULE_MANAGE, rule)
    attribute(rule, actor, "Deleted")
    rule.delete()


class Direction:
    UP = "up"
    DOWN = "down"
    CHOICES = (UP, DOWN)


@transaction.atomic
def assignment_rule_move(
    *, actor: User | None, rule: AssignmentRule, direction: str
) -> AssignmentRule:
    """Move a rule one place up (runs earlier) or down among the rules ``actor`` keeps, by
    exchanging priorities with its neighbour there; rules of teams the actor does not keep are
    never changed. Equal priorities are split by one. At the top (or bottom): no change."""
    if actor is not None:
        policies.require(actor, Perm.ROUTING_RULE_MANAGE, rule)
    if direction not in Direction.CHOICES:
        raise ValidationError({"direction": "Move a rule up or down."})
    scope = (
        policies.assignment_rules_visible_to(actor)
        if actor is not None
        else AssignmentRule.objects.all()
    )
    ordered = list(scope.select_for_update().order_by("priority", "id"))
    index = next(i for i, r in enumerate(ordered) if r.pk == rule.pk)
    other_index = index - 1 if direction == Direction.UP else index + 1
    if not 0 <= other_index < len(ordered):
        return rule
    moving, other = ordered[index], ordered[other_index]
    first, second = (other, moving) if direction == Direction.UP else (moving, other)
    # ``first`` runs before ``second`` today; afterwards ``second`` must run first.
    if first.priority < second.priority:
        first.priority, second.priority = second.priority, first.priority
    elif first.priority > 0:
        second.priority = first.priority - 1
    else:
        first.priority = second.priority + 1
    reason = "Moved up" if direction == Direction.UP else "Moved down"
    for changed in (first, second):
        attribute(changed, actor, reason if changed.pk == rule.pk else "Reordered")
        changed.save(update_fields=["priority"])
    rule.priority = moving.priority
    return rule
