"""Settings come from TWOFOLD_* variables; production mode is strict. Each case starts a fresh
interpreter, because settings are read once per process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import pytest

PRODUCTION = {
    "TWOFOLD_ENV": "production",
    "TWOFOLD_SECRET_KEY": "k3y-" + "x7Yq2" * 12,
    "TWOFOLD_ALLOWED_HOSTS": "crm.example.com",
    "TWOFOLD_DATABASE_URL": "postgres://twofold:secret@db.example.com:5432/twofold",
}


def django(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``python -m django ARGS`` with only the given TWOFOLD_* settings."""
    # The test run's own switches (TWOFOLD_*, Playwright's async escape hatch) stay out.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TWOFOLD_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean["TWOFOLD_DATA_DIR"] = os.environ.get("TWOFOLD_DATA_DIR") or tempfile.mkdtemp()
    clean["DJANGO_SETTINGS_MODULE"] = "twofold.config.settings"
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, "-m", "django", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks_without_warnings():
    result = django("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("TWOFOLD_SECRET_KEY", "TWOFOLD_SECRET_KEY is required in production mode."),
        ("TWOFOLD_ALLOWED_HOSTS", "TWOFOLD_ALLOWED_HOSTS is required in production mode."),
        ("TWOFOLD_DATABASE_URL", "TWOFOLD_DATABASE_URL is required in production mode."),
    ],
)
def test_production_refuses_to_start_without_a_required_setting(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = django("check", env=env)

    assert result.returncode != 0
    assert message in result.stderr


def test_debug_cannot_be_switched_on_in_production():
    result = django("check", env={**PRODUCTION, "TWOFOLD_DEBUG": "1"})

    assert "TWOFOLD_DEBUG cannot be on in production mode." in result.stderr


def test_a_malformed_boolean_names_the_variable():
    result = django("check", env={"TWOFOLD_DEBUG": "perhaps"})

    assert "TWOFOLD_DEBUG must be a boolean" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = django("shell", "-v", "0", "-c", code, env=PRODUCTION)

    assert result.stdout.split() == ["True", "True", "True", "True", "False"]


def test_embedded_mode_uses_sqlite_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])"
    )
    result = django("shell", "-v", "0", "-c", code, env={"TWOFOLD_DATA_DIR": str(tmp_path)})

    assert result.stdout.split() == ["wal", "20000"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_processes_starting_at_once_share_one_generated_secret_key(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    from twofold.config.env import embedded_secret_key

    with ProcessPoolExecutor(max_workers=4) as pool:
        keys = set(pool.map(embedded_secret_key, [tmp_path] * 8))

    assert len(keys) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]
