"""The database cache's table, so `migrate` alone prepares a database (the API throttle counts
there). Creating it is idempotent: `createcachetable` skips a table that exists, and does nothing
when the cache is Redis or Memcached."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
