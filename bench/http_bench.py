"""Measure page latency against a running Twofold, signed in as one user.

    python bench/http_bench.py --base-url http://127.0.0.1:8500 \
        --email saleslead@demo.twofold.test --password handover-2026 \
        --requests 200 /sales/leads/ "/sales/leads/?status=new" /sales/board/

Each path gets 5 warm-up requests, then ``--requests`` timed ones, one after another (one
client, so the figures are per-request latency, not throughput). Prints a Markdown table with
p50, p95 and max in milliseconds. Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

WARM_UP = 5


def _opener() -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def sign_in(opener: urllib.request.OpenerDirector, base: str, email: str, password: str) -> None:
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("No CSRF token on the sign-in page.")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    ).encode()
    request = urllib.request.Request(
        base + "/login/", data=data, headers={"Referer": base + "/login/"}
    )
    response = opener.open(request)
    if response.geturl().rstrip("/").endswith("/login"):
        raise SystemExit(f"Sign-in as {email} failed.")


def measure(opener: urllib.request.OpenerDirector, url: str, count: int) -> list[float]:
    for _ in range(WARM_UP):
        opener.open(url).read()
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        response = opener.open(url)
        response.read()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--label", default="", help="Written in the table's first column.")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base_url).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise SystemExit("Benchmarks only run against this machine (loopback).")
    opener = _opener()
    base = args.base_url.rstrip("/")
    sign_in(opener, base, args.email, args.password)
    print("| run | path | requests | p50 ms | p95 ms | max ms | mean ms |")
    print("|---|---|---|---|---|---|---|")
    for path in args.paths:
        timings = measure(opener, base + path, args.requests)
        print(
            f"| {args.label} | `{path}` | {len(timings)} | {percentile(timings, 0.5):.1f} | "
            f"{percentile(timings, 0.95):.1f} | {max(timings):.1f} | "
            f"{statistics.fmean(timings):.1f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
