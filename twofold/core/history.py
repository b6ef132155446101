"""Reading simple-history's tables as one timeline of "who changed what, when, from where".

A record's history is its own historical rows plus those of the rows that hang off it (a
user's role assignments and team memberships, say), merged newest first. Values are compared
in Python, per object, so a page costs one query per historical table plus one per kind of
referenced object — never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from twofold.core.money import format_money

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping stamps: the entry itself says when the change happened.
IGNORED_FIELDS = {"id", "updated_at"}
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor_id: int | None
    actor_name: str
    source: str
    action: str
    subject: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class HistorySource:
    """Which historical rows belong to the record: ``model``'s history filtered by ``filters``."""

    model: type[models.Model]
    filters: dict[str, Any]
    subject: str = ""
    hidden: tuple[str, ...] = ()  # fields the page already shows, e.g. the user of their roles


def _tracked_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    history_model = model.history.model  # type: ignore[attr-defined]
    names = {f.name for f in history_model._meta.fields}
    return [
        f for f in model._meta.concrete_fields if f.name in names and f.name not in IGNORED_FIELDS
    ]


def _resolve_references(
    rows: Sequence[Any], fields: Sequence[models.Field[Any, Any]]
) -> dict[tuple[str, Any], str]:
    """One query per referenced model: labels for the foreign keys that appear in ``rows``."""
    labels: dict[tuple[str, Any], str] = {}
    for f in fields:
        if not f.is_relation:
            continue
        ids = {getattr(r, f.attname) for r in rows} - {None}
        if not ids:
            continue
        related = f.related_model
        if related is None or isinstance(related, str):
            continue
        for obj in related._default_manager.filter(pk__in=ids):
            labels[(f.name, obj.pk)] = str(obj)
    return labels


def _display(row: Any, f: models.Field[Any, Any], labels: dict[tuple[str, Any], str]) -> str:
    value = getattr(row, f.attname)
    if value is None or value == "":
        return ""
    if f.is_relation:
        return labels.get((f.name, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{moment.day} {moment:%b %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, Decimal):
        # Amounts as on every page ("79,262.50"); other decimals without trailing zeros.
        if getattr(f, "decimal_places", None) == 2:
            return format_money(value)
        return f"{value.normalize():f}"
    return str(value)


def _entries_for(source: HistorySource, limit: int) -> list[HistoryEntry]:
    history = source.model.history  # type: ignore[attr-defined]
    # One row more than shown: the oldest is only the "before" of the first entry shown.
    rows = list(
        history.filter(**source.filters)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows.reverse()
    baseline = rows.pop(0) if len(rows) > limit else None
    fields = [f for f in _tracked_fields(source.model) if f.name not in source.hidden]
    labels = _resolve_references(rows + ([baseline] if baseline is not None else []), fields)
    previous: dict[Any, Any] = {baseline.id: baseline} if baseline is not None else {}
    entries: list[HistoryEntry] = []
    for row in rows:
        before = previous.get(row.id)
        changes = []
        if row.history_type != "-":
            for f in fields:
                old = _display(before, f, labels) if before is not None else ""
                new = _display(row, f, labels)
                if old != new and (before is not None or new not in ("", "no")):
                    changes.append(FieldChange(f.name, str(f.verbose_name), old, new))
        previous[row.id] = row
        if row.history_type == "~" and not changes:
            continue  # a save that changed nothing we show
        user = row.history_user
        entries.append(
            HistoryEntry(
                at=row.history_date,
                actor_id=row.history_user_id,
                actor_name=str(user) if user is not None else "System",
                source=getattr(row, "history_source", ""),
                action=ACTIONS.get(row.history_type, row.history_type),
                subject=source.subject or str(source.model._meta.verbose_name).capitalize(),
                reason=row.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def timeline(sources: Iterable[HistorySource], limit: int = DEFAULT_LIMIT) -> list[HistoryEntry]:
    """All changes from ``sources``, newest first, at most ``limit``."""
    entries: list[HistoryEntry] = []
    for source in sources:
        entries.extend(_entries_for(source, limit))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def grouped_by_day(entries: Iterable[HistoryEntry]) -> dict[str, list[HistoryEntry]]:
    days: dict[str, list[HistoryEntry]] = defaultdict(list)
    for entry in entries:
        days[entry.at.date().isoformat()].append(entry)
    return dict(days)
