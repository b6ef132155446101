"""The limits hold across worker processes: a real gunicorn with two workers, over HTTP.

Starts processes (``migrate``, ``createuser``, ``token`` and the server) against a database of
its own in a temporary data directory; bounded to about a minute.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
FORM_KEY = "shared-limit-form-0123456789abcdef"
STARTUP_SECONDS = 40
REQUEST_SECONDS = 20


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _twofold(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own command line, fixed arguments
        [sys.executable, "-m", "twofold.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def _request(url: str, **options: object) -> urllib.request.Request:
    assert url.startswith("http://127.0.0.1:")
    return urllib.request.Request(url, **options)  # type: ignore[arg-type]  # noqa: S310


def _status(request: urllib.request.Request) -> int:
    try:
        with OPENER.open(request, timeout=REQUEST_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _answers(url: str) -> bool:
    try:
        return _status(_request(url)) == 200
    except urllib.error.URLError:  # not listening yet
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    data_dir = tmp_path_factory.mktemp("twofold-data")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TWOFOLD_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env |= {
        "TWOFOLD_DATA_DIR": str(data_dir),
        "TWOFOLD_API_USER_RATE": "5/minute",
        "PYTHONPATH": str(ROOT),
    }
    _twofold(env, "manage", "migrate", "--verbosity", "0")
    _twofold(
        env,
        "manage",
        "shell",
        "-c",
        f"from twofold.sales.models import WebForm; WebForm.objects.create("
        f"name='Contact', key='{FORM_KEY}', thank_you_message='Thanks.')",
    )
    _twofold(
        env,
        "createuser",
        "--email",
        "bo@example.test",
        "--name",
        "Bo",
        "--role",
        "bdm",
        "--password",
        "a long and fine password 42",
    )
    token = _twofold(env, "token", "--email", "bo@example.test").strip().splitlines()[-1]
    port = _free_port()
    log = data_dir / "access.log"
    process = subprocess.Popen(  # noqa: S603 - the app server, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "twofold.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(f"{base}/login/"):
            assert process.poll() is None, "the server stopped while starting"
            assert time.monotonic() < deadline, "the server did not answer in time"
            time.sleep(0.2)
        yield {"base": base, "token": token, "log": log}
    finally:
        process.terminate()
        process.wait(timeout=15)


def _post_form(base: str) -> int:
    body = urllib.parse.urlencode(
        {"full_name": "Nina Buyer", "email": "nina@acme.com", "company_name": "Acme GmbH"}
    ).encode()
    return _status(_request(f"{base}/forms/{FORM_KEY}/", data=body, method="POST"))


def _workers_that_answered(log: Path, path_prefix: str) -> set[str]:
    lines = log.read_text().splitlines()
    return {line.split()[0] for line in lines if re.search(rf" {re.escape(path_prefix)}", line)}


def test_the_web_form_accepts_ten_posts_from_an_address_whichever_worker_answers(server):
    base = str(server["base"])
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _: _post_form(base), range(20)))

    assert sorted(statuses) == [302] * 10 + [429] * 10
    assert len(_workers_that_answered(server["log"], f"/forms/{FORM_KEY}/")) == 2  # type: ignore[arg-type]


def test_the_api_throttles_a_user_at_the_same_rate_whichever_worker_answers(server):
    request = _request(
        f"{server['base']}/api/v1/me/", headers={"Authorization": f"Token {server['token']}"}
    )

    statuses = [_status(request) for _ in range(12)]

    assert statuses == [200] * 5 + [429] * 7
