"""The versions of a deal's strategy, read from its history: each save is one version, and a
version compares with the one before it field by field (a line diff)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from twofold.sales.models import DealStrategy, Opportunity

FIELDS = (
    ("approach", "Approach"),
    ("key_messages", "Key messages"),
    ("risks", "Risks"),
    ("next_steps", "Next steps"),
)


@dataclass(frozen=True)
class StrategyVersion:
    number: int
    at: datetime
    author: str
    source: str
    texts: dict[str, str]

    @property
    def sections(self) -> list[tuple[str, str]]:
        return [(label, self.texts[name]) for name, label in FIELDS if self.texts[name]]


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    label: str
    changed: bool
    lines: list[DiffLine]


def strategy_versions(*, opportunity: Opportunity) -> list[StrategyVersion]:
    """Every saved version of the deal's strategy, oldest first (version 1 is the first)."""
    rows = (
        DealStrategy.history.filter(opportunity_id=opportunity.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    versions = []
    for number, row in enumerate(rows, start=1):
        user = row.history_user
        versions.append(
            StrategyVersion(
                number=number,
                at=row.history_date,
                author=user.full_name if user is not None else "Twofold",
                source=row.get_history_source_display(),
                texts={name: getattr(row, name) for name, _ in FIELDS},
            )
        )
    return versions


def strategy_version(
    versions: list[StrategyVersion], number: int
) -> tuple[StrategyVersion, StrategyVersion | None]:
    """Version ``number`` of ``versions`` and the one before it (None for the first); 404 if
    there is none."""
    if not 1 <= number <= len(versions):
        raise Http404("No such version of the strategy.")
    return versions[number - 1], versions[number - 2] if number > 1 else None


def strategy_diff(version: StrategyVersion, previous: StrategyVersion | None) -> list[FieldDiff]:
    """Per field, the lines removed from and added to ``previous`` (all added for the first)."""
    diffs = []
    for name, label in FIELDS:
        before = previous.texts[name].splitlines() if previous is not None else []
        after = version.texts[name].splitlines()
        lines = []
        for line in difflib.ndiff(before, after):
            tag, text = line[:2], line[2:]
            if tag == "  ":
                lines.append(DiffLine("same", text))
            elif tag == "- ":
                lines.append(DiffLine("removed", text))
            elif tag == "+ ":
                lines.append(DiffLine("added", text))
        diffs.append(FieldDiff(label=label, changed=before != after, lines=lines))
    return diffs
