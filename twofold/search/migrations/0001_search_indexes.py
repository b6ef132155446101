"""Indexes for substring search (twofold/search/text.py), built for the database in use.

PostgreSQL: the pg_trgm extension and one GIN trigram index on UPPER(column) per searched
column. SQLite: one FTS5 trigram table per searched table, filled from the rows already there
and kept in step by triggers. Other databases get nothing and search by scanning.
"""

from django.db import migrations

# A copy of twofold.search.text.TABLES as of this migration (migrations do not import app code).
TABLES = {
    "sales_lead": ("full_name", "company_name", "email"),
    "sales_opportunity": ("name",),
    "parties_company": ("name", "domain"),
    "parties_contact": ("full_name", "email"),
    "accounts_account": ("name",),
}


def _postgresql(table, columns, create):
    if not create:
        return [f"DROP INDEX IF EXISTS search_{table}_{c}_trgm" for c in columns]
    return [
        f"CREATE INDEX IF NOT EXISTS search_{table}_{c}_trgm ON {table} "
        f"USING gin (UPPER({c}::text) gin_trgm_ops)"
        for c in columns
    ]


def _sqlite(table, columns, create):
    fts = f"search_{table}_fts"
    if not create:
        return [f"DROP TRIGGER IF EXISTS {fts}_{t}" for t in ("ai", "ad", "au")] + [
            f"DROP TABLE IF EXISTS {fts}"
        ]
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        "content_rowid='id', tokenize='trigram')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN {delete} {insert} END",
    ]


def _run(schema_editor, create):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] if create else []
        build = _postgresql
    elif vendor == "sqlite":
        statements, build = [], _sqlite
    else:
        return
    for table, columns in TABLES.items():
        statements += build(table, columns, create)
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, create=True)


def backwards(apps, schema_editor):
    _run(schema_editor, create=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("parties", "0001_initial"),
        ("sales", "0005_opportunity_closed_totals_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
