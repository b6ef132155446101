"""A GiST trigram index on contacts' names, for the global search's closest-first order.

PostgreSQL only: the global search lists the contacts (and the accounts found through them)
whose name is closest to the term first, ``ORDER BY full_name <-> term LIMIT n``, which
PostgreSQL answers by walking this index in distance order and stopping after n rows
(``twofold/search/selectors.py``). The GIN indexes of ``search.0001`` find the rows but have
no order. SQLite keeps its name order and gets nothing.
"""

from django.db import migrations

INDEX = "search_parties_contact_full_name_knn"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON parties_contact "
            "USING gist (full_name gist_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
