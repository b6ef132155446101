"""Core's one table: the counters behind the request limits (see ``twofold.core.limits``)."""

from __future__ import annotations

from django.db import models


class RateCount(models.Model):
    """How often ``key`` was hit in the window that ends at ``expires_at``. One row a key,
    shared by every worker and machine because it lives in the database."""

    key = models.CharField(max_length=300, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
