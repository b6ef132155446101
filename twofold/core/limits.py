"""Counting requests against a limit: the public web form, password resets.

Counts live in Django's cache, so every worker sees the same count when the cache is shared
(see ``CACHES`` in the settings). A window is fixed: it starts with the first hit of a key and
lasts ``window`` seconds.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address a limit counts. ``REMOTE_ADDR`` only: a forwarded header is set by the
    client and would let a bot pick a fresh address for every request. Behind a proxy, the
    app server must pass the real address (e.g. gunicorn's ``--forwarded-allow-ips``)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def within_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit of ``key``; False once it has had more than ``limit`` in the window."""
    key = f"twofold:limit:{key}"
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
