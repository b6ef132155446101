"""Where a change came from: the web, the API, the CLI or a background task.

Services take the acting user explicitly (``actor``); the *channel* is a property of the entry
point, so each entry point declares it once (middleware for web and API, the CLI's ``main``,
the task runner) and every historical record written inside carries it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.db import models


class ChangeSource(models.TextChoices):
    WEB = "web", "Web"
    API = "api", "API"
    CLI = "cli", "CLI"
    TASK = "task", "Task"
    SYSTEM = "system", "System"


_current_source: ContextVar[str] = ContextVar("twofold_change_source", default=ChangeSource.SYSTEM)


def current_source() -> str:
    return _current_source.get()


@contextlib.contextmanager
def change_source(source: ChangeSource) -> Iterator[None]:
    """Mark every change made inside the block as coming from ``source``."""
    token = _current_source.set(source)
    try:
        yield
    finally:
        _current_source.reset(token)


def set_change_source(source: ChangeSource) -> None:
    """For process entry points (the CLI) that stay in one channel until they exit."""
    _current_source.set(source)


class HistorySource(models.Model):
    """Base of every historical model: records the channel beside simple-history's who/when."""

    history_source = models.CharField(
        max_length=10, choices=ChangeSource.choices, default=ChangeSource.SYSTEM
    )

    class Meta:
        abstract = True


def _stamp_source(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    history_instance.history_source = current_source()


def connect() -> None:
    from simple_history.signals import pre_create_historical_record

    pre_create_historical_record.connect(_stamp_source, dispatch_uid="twofold-history-source")


def attribute(instance: models.Model, actor: Any, reason: str = "") -> None:
    """Tell simple-history who makes the next save or delete of ``instance``, and why."""
    instance._history_user = actor  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
