"""The history timeline: who changed what, when, from where, merged from several tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import TeamFactory, user_with
from twofold.accounts.models import Account
from twofold.core import history
from twofold.core.audit import ChangeSource, change_source, current_source
from twofold.core.history import _display
from twofold.people import services
from twofold.people.choices import Role
from twofold.people.models import RoleAssignment, Team, TeamMembership, User

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def user_sources(user: User) -> list[history.HistorySource]:
    return [
        history.HistorySource(User, {"id": user.pk}, "User"),
        history.HistorySource(RoleAssignment, {"user_id": user.pk}, "Role"),
        history.HistorySource(TeamMembership, {"user_id": user.pk}, "Team membership"),
    ]


def stamp(records, at: datetime) -> None:
    """Pin when historical records were written, so the order under test is unambiguous."""
    for record in records:
        type(record).objects.filter(pk=record.pk).update(history_date=at)


def test_the_timeline_merges_its_sources_newest_first(admin_user):
    # Given a user created, then given a role, then put in a team, at known times
    user = services.user_create(actor=admin_user, email="sam@example.test", full_name="Sam")
    stamp(User.history.filter(id=user.pk), T0)
    services.user_set_roles(actor=admin_user, user=user, roles=[Role.BDM])
    stamp(RoleAssignment.history.filter(user_id=user.pk), T0 + timedelta(hours=1))
    services.user_set_teams(actor=admin_user, user=user, teams=[TeamFactory(name="North")])
    stamp(TeamMembership.history.filter(user_id=user.pk), T0 + timedelta(hours=2))

    # When the timeline is read
    entries = history.timeline(user_sources(user))

    # Then it shows the three changes, newest first, each under its subject
    assert [(e.subject, e.action, e.reason, e.at) for e in entries] == [
        ("Team membership", "created", "Joined team", T0 + timedelta(hours=2)),
        ("Role", "created", "Role given", T0 + timedelta(hours=1)),
        ("User", "created", "Created", T0),
    ]


def test_a_change_shows_the_fields_before_and_after(admin_user):
    user = user_with(Role.BDM, full_name="Old Name", job_title="Seller")

    services.user_update(
        actor=admin_user, user=user, full_name="New Name", email=user.email, job_title="Seller"
    )

    latest = history.timeline(user_sources(user))[0]
    assert latest.action == "changed"
    assert latest.changes == [
        history.FieldChange(
            field="full_name", label="full name", before="Old Name", after="New Name"
        )
    ]


def test_a_creation_shows_each_filled_field_as_new(admin_user):
    user = services.user_create(
        actor=admin_user, email="sam@example.test", full_name="Sam", job_title="Seller"
    )

    created = history.timeline([history.HistorySource(User, {"id": user.pk})])[0]

    changes = {c.field: (c.before, c.after) for c in created.changes}
    assert changes["email"] == ("", "sam@example.test")
    assert changes["full_name"] == ("", "Sam")
    assert changes["job_title"] == ("", "Seller")
    assert changes["is_active"] == ("", "yes")
    assert "phone" not in changes  # empty before and after
    assert "id" not in changes
    assert "password" not in changes


def test_foreign_keys_are_labelled_by_their_str(admin_user):
    lead = user_with(Role.SALES_LEAD, full_name="Lena Lead")
    team = TeamFactory(name="Sales North", lead=lead)
    seller = user_with(Role.BDM, full_name="Sam Seller")

    services.team_set_members(actor=admin_user, team=team, members=[seller])

    entry = history.timeline([history.HistorySource(TeamMembership, {"team_id": team.pk})])[0]
    changes = {c.field: c.after for c in entry.changes}
    assert changes["team"] == "Sales North"
    assert changes["user"] == "Sam Seller"


def test_a_changed_foreign_key_shows_both_labels(admin_user):
    old_lead = user_with(Role.SALES_LEAD, full_name="Olga Old")
    new_lead = user_with(Role.SALES_LEAD, full_name="Nina New")
    team = TeamFactory(lead=old_lead)
    services.team_update(actor=admin_user, team=team, name=team.name, lead=old_lead)

    services.team_update(actor=admin_user, team=team, name=team.name, lead=new_lead)

    latest = history.timeline([history.HistorySource(Team, {"id": team.pk})])[0]
    assert latest.changes == [history.FieldChange("lead", "lead", "Olga Old", "Nina New")]


def test_choices_are_shown_by_their_label(admin_user):
    user = user_with()

    services.user_set_roles(actor=admin_user, user=user, roles=[Role.BDM])

    entry = history.timeline([history.HistorySource(RoleAssignment, {"user_id": user.pk})])[0]
    assert history.FieldChange("role", "role", "", "Business development manager") in entry.changes


def test_a_deletion_is_shown_with_its_reason_and_no_field_changes(admin_user):
    user = user_with(Role.BDM, Role.AGENT)

    services.user_set_roles(actor=admin_user, user=user, roles=[Role.BDM])

    deleted = [e for e in history.timeline(user_sources(user)) if e.action == "deleted"]
    assert [(e.subject, e.reason, e.changes, e.actor_name) for e in deleted] == [
        ("Role", "Role removed", [], "Ada Admin")
    ]


def test_an_entry_names_its_actor(admin_user):
    user = user_with(Role.BDM)

    services.user_deactivate(actor=admin_user, user=user, reason="Left")

    latest = history.timeline(user_sources(user))[0]
    assert (latest.actor_id, latest.actor_name, latest.reason) == (
        admin_user.pk,
        "Ada Admin",
        "Left",
    )
    assert history.FieldChange("is_active", "is active", "yes", "no") in latest.changes


def test_a_change_without_an_actor_is_shown_as_the_system():
    user = services.user_create(actor=None, email="sam@example.test", full_name="Sam")

    entry = history.timeline([history.HistorySource(User, {"id": user.pk})])[0]

    assert (entry.actor_id, entry.actor_name) == (None, "System")


def test_a_save_that_changes_nothing_shown_is_left_out(admin_user):
    user = user_with(Role.BDM, full_name="Same")
    services.user_update(actor=admin_user, user=user, full_name="Same", email=user.email)

    entries = history.timeline([history.HistorySource(User, {"id": user.pk})])

    assert [e.action for e in entries] == ["created"]


def test_the_change_source_is_recorded_from_the_context(admin_user):
    user = user_with(Role.BDM)

    with change_source(ChangeSource.CLI):
        services.user_update(actor=admin_user, user=user, full_name="From CLI", email=user.email)
    services.user_update(actor=admin_user, user=user, full_name="From Nowhere", email=user.email)

    entries = history.timeline([history.HistorySource(User, {"id": user.pk})])
    assert [(e.changes[0].after, e.source) for e in entries[:2]] == [
        ("From Nowhere", "system"),
        ("From CLI", "cli"),
    ]


@pytest.mark.parametrize("source", list(ChangeSource))
def test_every_change_source_is_stamped_on_the_record(source):
    with change_source(source):
        user = user_with(Role.BDM)

    assert user.history.get().history_source == source.value
    assert RoleAssignment.history.get(user_id=user.pk).history_source == source.value


def test_the_change_source_is_restored_after_the_block():
    with change_source(ChangeSource.TASK), change_source(ChangeSource.CLI):
        assert current_source() == ChangeSource.CLI

    assert current_source() == ChangeSource.SYSTEM


def test_the_change_source_is_restored_when_the_block_fails():
    with pytest.raises(RuntimeError), change_source(ChangeSource.TASK):
        raise RuntimeError

    assert current_source() == ChangeSource.SYSTEM


def test_a_web_request_records_its_changes_as_web(client, admin_user):
    from django.test import RequestFactory

    from twofold.core.middleware import ChangeSourceMiddleware

    seen: list[str] = []
    middleware = ChangeSourceMiddleware(lambda request: seen.append(current_source()))

    middleware(RequestFactory().post("/people/1/edit/"))
    middleware(RequestFactory().post("/api/v1/users/1/"))

    assert seen == ["web", "api"]
    assert current_source() == "system"


def test_the_timeline_keeps_the_newest_entries_up_to_the_limit(admin_user):
    user = user_with(Role.BDM, full_name="Name 0")
    for n in range(1, 6):
        services.user_update(actor=admin_user, user=user, full_name=f"Name {n}", email=user.email)

    entries = history.timeline([history.HistorySource(User, {"id": user.pk})], limit=3)

    assert [e.reason for e in entries] == ["Details changed"] * 3
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)


def test_the_oldest_entry_within_the_limit_still_shows_only_what_changed(admin_user):
    # Given six versions of a user, of which a limited timeline shows the newest three
    user = user_with(Role.BDM, full_name="Name 0")
    for n in range(1, 6):
        services.user_update(actor=admin_user, user=user, full_name=f"Name {n}", email=user.email)

    # When the timeline is cut at three entries
    oldest_shown = history.timeline([history.HistorySource(User, {"id": user.pk})], limit=3)[-1]

    # Then its changes are measured against the version before it, not against nothing
    assert oldest_shown.changes == [
        history.FieldChange("full_name", "full name", "Name 2", "Name 3")
    ]


def test_a_page_of_history_costs_one_query_per_table_and_referenced_model(
    admin_user, django_assert_num_queries
):
    team = TeamFactory()
    for _ in range(5):
        services.team_set_members(actor=admin_user, team=team, members=[user_with(Role.BDM)])

    # membership history, then the teams and the users it refers to
    with django_assert_num_queries(3):
        entries = history.timeline([history.HistorySource(TeamMembership, {"team_id": team.pk})])

    assert len(entries) == 9  # five joined, four left


def test_entries_are_grouped_by_day():
    first = history.HistoryEntry(T0, None, "System", "cli", "created", "User", "")
    second = history.HistoryEntry(
        T0 + timedelta(hours=1), None, "System", "cli", "changed", "User", ""
    )
    third = history.HistoryEntry(
        T0 + timedelta(days=1), None, "System", "cli", "changed", "User", ""
    )

    days = history.grouped_by_day([third, second, first])

    assert days == {"2026-01-06": [third], "2026-01-05": [second, first]}


def test_dates_moments_and_amounts_in_a_change_read_as_on_every_page():
    moment = datetime(2026, 12, 4, 19, 24, tzinfo=UTC)
    row = Account(
        annual_value=Decimal("79262.50"), shared_until=moment, contract_end=date(2027, 5, 18)
    )

    def shown(name):
        return _display(row, Account._meta.get_field(name), {})

    assert shown("annual_value") == "79,262.50"
    assert shown("contract_end") == "18 May 2027"
    assert shown("shared_until") == f"4 Dec 2026, {timezone.localtime(moment):%H:%M}"
