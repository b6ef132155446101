"""Routing: assignment rules, round-robin within a team, no match, reassignment with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TeamFactory, user_with
from tests.sales.factories import LeadFactory, lead_snapshot
from twofold import policies
from twofold.people.choices import Role, TeamKind
from twofold.sales.choices import LeadEventType, LeadSource
from twofold.sales.models import AssignmentRule
from twofold.sales.services import leads as services
from twofold.sales.services import routing

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    sdrs = [user_with(Role.LEAD_GENERATOR, full_name=f"North SDR {i}") for i in (1, 2, 3)]
    return TeamFactory(name="North", members=[*sdrs, user_with(Role.BDM, full_name="North BDM")])


@pytest.fixture
def south():
    return TeamFactory(
        name="South", members=[user_with(Role.LEAD_GENERATOR, full_name="South SDR")]
    )


def rule(admin, team, **kwargs):
    kwargs.setdefault("name", f"To {team.name}")
    return routing.assignment_rule_create(actor=admin, team=team, **kwargs)


def inbound(admin, **kwargs):
    """A lead created by an admin (who does not keep it): the rules route it."""
    kwargs.setdefault("full_name", "Nina Buyer")
    return services.lead_create(actor=admin, **kwargs).lead


def test_round_robin_gives_each_lead_generator_a_turn_in_order(admin_user, north):
    rule(admin_user, north)

    owners = [inbound(admin_user).owner.full_name for _ in range(4)]

    assert owners == ["North SDR 1", "North SDR 2", "North SDR 3", "North SDR 1"]


def test_bdms_and_deactivated_people_are_skipped_by_the_rotation(admin_user, north):
    north.members.filter(full_name="North SDR 2").update(is_active=False)
    rule(admin_user, north)

    owners = [inbound(admin_user).owner.full_name for _ in range(3)]

    assert owners == ["North SDR 1", "North SDR 3", "North SDR 1"]


def test_the_first_matching_rule_by_priority_wins(admin_user, north, south):
    rule(admin_user, north, priority=20)
    rule(admin_user, south, priority=10, source=LeadSource.EVENT)

    from_event = inbound(admin_user, source=LeadSource.EVENT)
    cold = inbound(admin_user, source=LeadSource.COLD_CALL)

    assert (from_event.owner.full_name, cold.owner.full_name) == ("South SDR", "North SDR 1")


def test_industry_and_region_match_without_case(admin_user, north, south):
    rule(admin_user, south, priority=1, industry="Retail", region="DACH")
    rule(admin_user, north, priority=2)

    match = inbound(admin_user, industry="retail", region="dach")
    other_region = inbound(admin_user, industry="Retail", region="Nordics")

    assert (match.owner.full_name, other_region.owner.full_name) == ("South SDR", "North SDR 1")


def test_inactive_rules_and_teams_without_lead_generators_are_passed_over(admin_user, north):
    empty = TeamFactory(name="Empty", members=[user_with(Role.BDM)])
    rule(admin_user, north, priority=1, is_active=False)
    rule(admin_user, empty, priority=2)
    rule(admin_user, north, priority=3, name="Fallback")

    lead = inbound(admin_user)

    assert lead.owner.full_name == "North SDR 1"
    assert lead.events.get(type=LeadEventType.ASSIGNED).data["rule"] == (
        AssignmentRule.objects.get(name="Fallback").pk
    )


def test_an_assignment_event_says_who_when_and_why(admin_user, north):
    the_rule = rule(admin_user, north, name="Everything north")

    lead = inbound(admin_user)

    event = lead.events.get(type=LeadEventType.ASSIGNED)
    assert event.actor == admin_user
    assert event.data == {
        "from": None,
        "to": lead.owner.pk,
        "reason": "Assignment rule “Everything north” (round-robin in North)",
        "rule": the_rule.pk,
    }


def test_without_a_matching_rule_the_lead_stays_unassigned_and_an_event_says_so(admin_user, north):
    rule(admin_user, north, source=LeadSource.PARTNER)

    lead = inbound(admin_user, source=LeadSource.COLD_CALL)

    assert lead.owner is None
    event = lead.events.get(type=LeadEventType.ASSIGNED)
    assert event.data == {"from": None, "to": None, "reason": routing.NO_RULE_MATCHED, "rule": None}


def test_the_rotation_pointer_moves_on_the_rule(admin_user, north):
    the_rule = rule(admin_user, north)

    lead = inbound(admin_user)

    the_rule.refresh_from_db()
    assert the_rule.last_assigned == lead.owner


def test_rules_route_only_to_sales_teams(admin_user):
    team = TeamFactory(kind=TeamKind.ACCOUNT_MANAGEMENT)

    with pytest.raises(ValidationError) as caught:
        rule(admin_user, team)

    assert list(caught.value.message_dict) == ["team"]


def test_a_sales_lead_writes_the_rules_of_the_team_they_lead(north):
    the_rule = rule(north.lead, north, priority=7)

    routing.assignment_rule_update(
        actor=north.lead,
        rule=the_rule,
        name="North, renamed",
        team=north,
        priority=8,
        source="",
        industry="Retail",
        region="",
        is_active=True,
    )

    the_rule.refresh_from_db()
    assert (the_rule.name, the_rule.priority, the_rule.industry) == ("North, renamed", 8, "Retail")


def test_a_sales_lead_may_not_write_rules_for_a_team_they_do_not_lead(north, south):
    with pytest.raises(PermissionDenied):
        rule(north.lead, south)


def test_a_sales_lead_may_not_hand_their_rule_to_a_team_they_do_not_lead(admin_user, north, south):
    the_rule = rule(admin_user, north)

    with pytest.raises(PermissionDenied):
        routing.assignment_rule_update(
            actor=north.lead,
            rule=the_rule,
            name=the_rule.name,
            team=south,
            priority=the_rule.priority,
            source="",
            industry="",
            region="",
            is_active=True,
        )

    the_rule.refresh_from_db()
    assert the_rule.team == north


@pytest.mark.parametrize("role", [Role.LEAD_GENERATOR, Role.BDM, Role.AGENT, Role.ACCOUNT_MANAGER])
def test_people_who_lead_no_team_write_no_rules(north, role):
    with pytest.raises(PermissionDenied):
        rule(user_with(role), north)


def test_a_sales_lead_sees_only_the_rules_of_the_teams_they_lead(admin_user, north, south):
    mine = rule(admin_user, north)
    rule(admin_user, south)

    assert list(policies.assignment_rules_visible_to(north.lead)) == [mine]
    assert policies.assignment_rules_visible_to(user_with(Role.BDM)).count() == 0
    assert policies.assignment_rules_visible_to(admin_user).count() == 2


# --- Deleting and reordering rules ------------------------------------------------------------


def test_deleting_a_rule_keeps_the_leads_it_routed_and_its_history(admin_user, north):
    the_rule = rule(admin_user, north)
    lead = inbound(admin_user)

    routing.assignment_rule_delete(actor=north.lead, rule=the_rule)

    lead.refresh_from_db()
    assert not AssignmentRule.objects.exists()
    assert lead.owner.full_name == "North SDR 1"
    deleted = AssignmentRule.history.filter(history_type="-").get()
    assert (deleted.history_user, deleted.history_change_reason) == (north.lead, "Deleted")


def test_a_sales_lead_may_not_delete_another_teams_rule(admin_user, north, south):
    the_rule = rule(admin_user, south)

    with pytest.raises(PermissionDenied):
        routing.assignment_rule_delete(actor=north.lead, rule=the_rule)

    assert AssignmentRule.objects.filter(pk=the_rule.pk).exists()


def priorities() -> list[tuple[str, int]]:
    return list(AssignmentRule.objects.order_by("priority", "id").values_list("name", "priority"))


def test_moving_a_rule_up_exchanges_priorities_with_the_one_before(admin_user, north):
    rule(admin_user, north, name="A", priority=10)
    b = rule(admin_user, north, name="B", priority=20)

    routing.assignment_rule_move(actor=north.lead, rule=b, direction="up")

    assert priorities() == [("B", 10), ("A", 20)]
    assert b.history.first().history_change_reason == "Moved up"


def test_moving_a_rule_down_past_an_equal_priority_splits_them(admin_user, north):
    a = rule(admin_user, north, name="A", priority=10)
    rule(admin_user, north, name="B", priority=10)

    routing.assignment_rule_move(actor=admin_user, rule=a, direction="down")

    assert priorities() == [("B", 9), ("A", 10)]


def test_moving_the_first_rule_up_changes_nothing(admin_user, north):
    a = rule(admin_user, north, name="A", priority=0)
    rule(admin_user, north, name="B", priority=0)

    routing.assignment_rule_move(actor=admin_user, rule=a, direction="up")

    assert priorities() == [("A", 0), ("B", 0)]


def test_moving_past_an_equal_priority_at_zero_lowers_the_other(admin_user, north):
    rule(admin_user, north, name="A", priority=0)
    b = rule(admin_user, north, name="B", priority=0)

    routing.assignment_rule_move(actor=admin_user, rule=b, direction="up")

    assert priorities() == [("B", 0), ("A", 1)]


def test_a_sales_lead_reorders_among_their_rules_without_touching_another_teams(
    admin_user, north, south
):
    rule(admin_user, north, name="North first", priority=10)
    rule(admin_user, south, name="South", priority=15)
    second = rule(admin_user, north, name="North second", priority=20)

    routing.assignment_rule_move(actor=north.lead, rule=second, direction="up")

    assert priorities() == [("North second", 10), ("South", 15), ("North first", 20)]


def test_a_move_needs_a_direction(admin_user, north):
    a = rule(admin_user, north)

    with pytest.raises(ValidationError) as caught:
        routing.assignment_rule_move(actor=admin_user, rule=a, direction="sideways")

    assert list(caught.value.message_dict) == ["direction"]


# --- Who keeps a captured lead ----------------------------------------------------------------


def test_a_lead_generator_who_asks_for_routing_gives_the_lead_to_the_rules(north, south):
    rule(north.lead, north)
    capturer = south.members.get()

    lead = services.lead_create(actor=capturer, full_name="Routed Rita", route=True).lead

    assert lead.owner.full_name == "North SDR 1"


def test_a_lead_generator_keeps_what_they_capture_by_default(north, south):
    rule(north.lead, north)
    capturer = south.members.get()

    lead = services.lead_create(actor=capturer, full_name="Kept Karl").lead

    assert lead.owner == capturer


# --- Reassignment ---------------------------------------------------------------------------


def test_the_sales_lead_of_the_owners_team_reassigns_with_a_reason(north):
    one, two = north.members.filter(full_name__in=["North SDR 1", "North SDR 2"]).order_by("id")
    lead = LeadFactory(owner=one)

    event = routing.lead_reassign(actor=north.lead, lead=lead, owner=two, reason="Holiday")

    lead.refresh_from_db()
    assert lead.owner == two
    assert (event.actor, event.data) == (
        north.lead,
        {"from": one.pk, "to": two.pk, "reason": "Holiday", "rule": None},
    )


def test_reassigning_needs_a_reason(north):
    one, two = north.members.filter(full_name__in=["North SDR 1", "North SDR 2"]).order_by("id")
    lead = LeadFactory(owner=one)
    before = lead_snapshot()

    with pytest.raises(ValidationError) as caught:
        routing.lead_reassign(actor=north.lead, lead=lead, owner=two, reason="")

    assert list(caught.value.message_dict) == ["reason"]
    assert lead_snapshot() == before


def test_a_sales_lead_of_another_team_may_not_reassign(north, south):
    lead = LeadFactory(owner=north.members.get(full_name="North SDR 1"))

    with pytest.raises(PermissionDenied):
        routing.lead_reassign(
            actor=south.lead,
            lead=lead,
            owner=south.members.get(full_name="South SDR"),
            reason="Mine now",
        )


def test_a_lead_generator_may_not_reassign_their_own_lead(north):
    one, two = north.members.filter(full_name__in=["North SDR 1", "North SDR 2"]).order_by("id")
    lead = LeadFactory(owner=one)

    with pytest.raises(PermissionDenied):
        routing.lead_reassign(actor=one, lead=lead, owner=two, reason="Too busy")


def test_any_sales_lead_may_assign_an_unassigned_lead(north, south):
    lead = LeadFactory(owner=None)

    routing.lead_reassign(
        actor=north.lead, lead=lead, owner=north.members.get(full_name="North SDR 3"), reason="Fit"
    )

    assert lead.owner.full_name == "North SDR 3"


def test_a_sales_lead_may_not_give_a_lead_to_someone_outside_their_teams(north, south):
    lead = LeadFactory(owner=north.members.get(full_name="North SDR 1"))
    before = lead_snapshot()

    with pytest.raises(ValidationError) as caught:
        routing.lead_reassign(
            actor=north.lead,
            lead=lead,
            owner=south.members.get(full_name="South SDR"),
            reason="They have time",
        )

    assert list(caught.value.message_dict) == ["owner"]
    assert lead_snapshot() == before


def test_an_unassigned_lead_goes_only_to_a_team_the_sales_lead_leads(north, south):
    lead = LeadFactory(owner=None)
    before = lead_snapshot()

    with pytest.raises(ValidationError) as caught:
        routing.lead_reassign(
            actor=south.lead,
            lead=lead,
            owner=north.members.get(full_name="North SDR 3"),
            reason="Fit",
        )

    assert list(caught.value.message_dict) == ["owner"]
    assert lead_snapshot() == before


def test_an_admin_gives_a_lead_to_anyone_in_sales(north, south, admin_user):
    lead = LeadFactory(owner=north.members.get(full_name="North SDR 1"))

    routing.lead_reassign(
        actor=admin_user, lead=lead, owner=south.members.get(full_name="South SDR"), reason="Load"
    )

    assert lead.owner.full_name == "South SDR"


def test_leads_go_only_to_active_sales_people(north, admin_user):
    lead = LeadFactory(owner=None)

    with pytest.raises(ValidationError) as caught:
        routing.lead_reassign(
            actor=admin_user, lead=lead, owner=user_with(Role.ACCOUNT_MANAGER), reason="Why not"
        )

    assert list(caught.value.message_dict) == ["owner"]


def test_reassigning_to_the_current_owner_changes_nothing(north):
    one = north.members.get(full_name="North SDR 1")
    lead = LeadFactory(owner=one)

    assert routing.lead_reassign(actor=north.lead, lead=lead, owner=one, reason="Same") is None
    assert lead.events.count() == 0
