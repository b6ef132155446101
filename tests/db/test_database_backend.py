"""The suite runs twice (SQLite, then PostgreSQL): prove each run is on the database it claims."""

from __future__ import annotations

import copy
import os

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

DATABASE_URL = os.environ.get("TWOFOLD_DATABASE_URL", "")


@pytest.mark.django_db
def test_suite_runs_on_the_database_named_by_twofold_database_url():
    expected_engine = (
        dj_database_url.parse(DATABASE_URL)["ENGINE"]
        if DATABASE_URL
        else "django.db.backends.sqlite3"
    )
    expected_vendor = "postgresql" if DATABASE_URL else "sqlite"

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if DATABASE_URL else "SELECT sqlite_version()")
        (server_version,) = cursor.fetchone()

    assert settings.DATABASES["default"]["ENGINE"] == expected_engine
    assert connection.vendor == expected_vendor
    if DATABASE_URL:
        assert server_version.startswith("PostgreSQL ")


@pytest.mark.skipif(bool(DATABASE_URL), reason="the SQLite options only apply without a URL")
def test_sqlite_file_database_uses_wal_and_foreign_keys(tmp_path, django_db_blocker):
    # The test database is in memory (no WAL there), so open a file database with the same
    # OPTIONS the project's settings give the embedded database.
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict["NAME"] = str(tmp_path / "probe.sqlite3")
    probe = SQLiteDatabaseWrapper(settings_dict, alias="probe")

    with django_db_blocker.unblock():
        try:
            with probe.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                (journal_mode,) = cursor.fetchone()
                cursor.execute("PRAGMA foreign_keys")
                (foreign_keys,) = cursor.fetchone()
        finally:
            probe.close()

    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert journal_mode == "wal"
    assert foreign_keys == 1
