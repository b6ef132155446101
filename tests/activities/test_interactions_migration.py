"""The migration that moves the accounts' interactions into the activity table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("accounts", "0004_amendment_instalment_schedule"),
    ("activities", "0003_activity_meeting_task"),
]
AFTER = [
    ("accounts", "0005_interactions_move_to_activities"),
    ("activities", "0004_activity_on_accounts"),
]


def _migrate(targets):
    """Migrate accounts and activities to ``targets``; the state of every other app as it is."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    apps = {app for app, _name in targets}
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in apps]
    return executor.loader.project_state([*others, *targets]).apps


@pytest.mark.django_db(transaction=True)
def test_the_interactions_become_activities_on_their_account_with_author_and_contact():
    old = _migrate(BEFORE)
    company = old.get_model("parties", "Company").objects.create(name="Acme Ltd")
    account = old.get_model("accounts", "Account").objects.create(company=company, name="Acme Ltd")
    author = old.get_model("people", "User").objects.create(
        email="ada@example.com", full_name="Ada"
    )
    contact = old.get_model("parties", "Contact").objects.create(
        full_name="Connie", company=company
    )
    when = timezone.now()
    interaction = old.get_model("accounts", "Interaction")
    interaction.objects.create(
        account=account,
        kind="call",
        subject="Check-in",
        body="Fine.",
        occurred_at=when,
        author=author,
        contact=contact,
    )
    interaction.objects.create(account=account, kind="handover", subject="Accepted")

    new = _migrate(AFTER)

    moved = new.get_model("activities", "Activity").objects.order_by("id")
    assert [(a.account_id, a.kind, a.subject, a.body, a.owner_id, a.contact_id) for a in moved] == [
        (account.pk, "call", "Check-in", "Fine.", author.pk, contact.pk),
        (account.pk, "handover", "Accepted", "", None, None),
    ]
    assert moved[0].occurred_at == when
    assert "accounts_interaction" not in connection.introspection.table_names()
