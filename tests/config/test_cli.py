"""The ``twofold`` command line: what ``serve`` hands to the server processes it starts."""

import os

import pytest

from twofold import cli

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(monkeypatch):
    """Run ``twofold serve`` up to the point where it replaces itself with the server."""
    monkeypatch.delenv("TWOFOLD_BASE_URL", raising=False)
    calls = []

    def record(executable, argv):
        calls.append({"argv": argv, "base_url": os.environ.get("TWOFOLD_BASE_URL")})

    monkeypatch.setattr(cli.os, "execv", record)
    # Django is set up already; the real set-up would also mark this process's changes as the
    # command line's for every later test.
    monkeypatch.setattr(cli, "_setup", lambda: None)
    return calls


def test_serving_on_another_port_points_e_mail_links_at_that_port(started):
    cli.main(["serve", "--port", "9123", "--no-demo"])

    assert started[0]["base_url"] == "http://127.0.0.1:9123"
    assert "127.0.0.1:9123" in started[0]["argv"]


def test_a_configured_base_url_wins_over_the_served_address(started, monkeypatch):
    monkeypatch.setenv("TWOFOLD_BASE_URL", "https://crm.example.test")

    cli.main(["serve", "--port", "9123", "--no-demo"])

    assert started[0]["base_url"] == "https://crm.example.test"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("0.0.0.0", "http://127.0.0.1:8080"),  # noqa: S104
        ("::", "http://127.0.0.1:8080"),
        ("10.0.0.5", "http://10.0.0.5:8080"),
        ("::1", "http://[::1]:8080"),
    ],
)
def test_links_use_an_address_a_browser_can_open(host, expected):
    assert cli.link_base_url(host, 8080) == expected
