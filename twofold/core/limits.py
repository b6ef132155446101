"""Counting requests against a limit: the public web form, password resets.

Counts live in the database (``core.RateCount``), so every worker process and every machine
sees the same count. A hit is one atomic ``UPDATE … SET count = count + 1`` followed by a read
of the row in the same transaction, which holds the row's lock: two workers never both see the
tenth hit. A window is fixed: it starts with the first hit of a key and lasts ``window``
seconds. The API throttle keeps its counters in the ``limits`` cache instead (see
``twofold.core.api.throttling`` and docs/decisions/0018-shared-limits.md).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.http import HttpRequest
from django.utils import timezone

from twofold.core.models import RateCount

KEY_LENGTH = RateCount._meta.get_field("key").max_length or 300


def client_address(request: HttpRequest) -> str:
    """The address a limit counts. ``REMOTE_ADDR`` only: a forwarded header is set by the
    client and would let a bot pick a fresh address for every request. Behind a proxy, the
    app server must pass the real address (e.g. gunicorn's ``--forwarded-allow-ips``)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _stored_key(key: str) -> str:
    if len(key) <= KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _bump(key: str, now: datetime, ends: datetime) -> int:
    """Count one hit on the row of ``key``, opening a new window if its last one is over."""
    over = When(expires_at__lte=now, then=Value(1))
    return RateCount.objects.filter(key=key).update(
        count=Case(over, default=F("count") + 1),
        expires_at=Case(When(expires_at__lte=now, then=Value(ends)), default=F("expires_at")),
    )


def within_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit of ``key``; False once it has had more than ``limit`` in the window."""
    key = _stored_key(key)
    now = timezone.now()
    ends = now + timedelta(seconds=window)
    with transaction.atomic():
        if not _bump(key, now, ends):
            # A key's first hit (or its first since its row was forgotten): forget finished
            # windows, then open this one. Another worker may insert the same key meanwhile;
            # the insert then does nothing and the bump counts on that worker's row.
            RateCount.objects.filter(expires_at__lt=now).delete()
            RateCount.objects.bulk_create(
                [RateCount(key=key, count=0, expires_at=ends)], ignore_conflicts=True
            )
            _bump(key, now, ends)
        count = RateCount.objects.filter(key=key).values_list("count", flat=True).get()
    return count <= limit
