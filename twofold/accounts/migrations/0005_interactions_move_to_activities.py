"""The account's interactions become activities on the account (one client history), then
their table goes. The rows move in one set-based statement each way, not row by row."""

from django.db import migrations

FORWARD = """
INSERT INTO activities_activity
    (kind, subject, body, account_id, owner_id, contact_id, occurred_at, created_at)
SELECT kind, subject, body, account_id, author_id, contact_id, occurred_at, created_at
FROM accounts_interaction
ORDER BY id
"""

# Back to interactions: the account's entries except tasks (interactions had none).
BACKWARD = [
    """
    INSERT INTO accounts_interaction
        (account_id, kind, subject, body, occurred_at, author_id, contact_id, created_at)
    SELECT account_id, kind, subject, body, occurred_at, owner_id, contact_id, created_at
    FROM activities_activity
    WHERE account_id IS NOT NULL AND kind <> 'task'
    ORDER BY id
    """,
    "DELETE FROM activities_activity WHERE account_id IS NOT NULL",
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_amendment_instalment_schedule"),
        ("activities", "0004_activity_on_accounts"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD, elidable=False),
        migrations.DeleteModel(name="Interaction"),
    ]
