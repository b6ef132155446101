"""Query-string values read within bounds.

A filter value past what ``datetime`` or the database can hold (``?end=9999-12-31`` plus a day,
an id of 30 digits) must not reach date arithmetic or SQL, where it fails as a 500. Pages
ignore a value they cannot read, like an unknown filter; the API refuses it with a 400 naming
the parameter (``raise_errors``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date

EARLIEST_DAY = date(1900, 1, 1)
# A day short of date.max, so that "the day after the period" still exists.
LATEST_DAY = date(9998, 12, 31)
MAX_DAYS = 3650
MAX_ID = 2**63 - 1  # a BigAutoField


def whole_number(raw: str | None) -> int | None:
    """A plain decimal number (ASCII digits, at most 18 of them), otherwise None.

    ``str.isdigit`` alone accepts "²", which ``int`` refuses; the length bound keeps ``int``
    far from its digit limit and the value inside a 64-bit column.
    """
    if raw and len(raw) <= 18 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


class Params:
    """Reads named values of a query string; what it could not read is kept in ``errors``."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self.params = params
        self.errors: dict[str, str] = {}

    def _raw(self, name: str) -> str:
        return str(self.params.get(name) or "").strip()

    def _number(self, name: str, low: int, high: int, message: str) -> int | None:
        raw = self._raw(name)
        if not raw:
            return None
        value = whole_number(raw)
        if value is None or not low <= value <= high:
            self.errors[name] = message
            return None
        return value

    def id(self, name: str) -> int | None:
        """A row's id, or None when absent or unreadable."""
        return self._number(name, 1, MAX_ID, "Use an id: a whole number from 1.")

    def days(self, name: str) -> int | None:
        """A number of days from 0 to MAX_DAYS, or None when absent or unreadable."""
        return self._number(name, 0, MAX_DAYS, f"Use a whole number of days from 0 to {MAX_DAYS}.")

    def day(self, name: str) -> date | None:
        """A YYYY-MM-DD date from EARLIEST_DAY to LATEST_DAY, or None when absent or unreadable."""
        raw = self._raw(name)
        if not raw:
            return None
        try:
            value = parse_date(raw)
        except ValueError:
            value = None
        if value is None or not EARLIEST_DAY <= value <= LATEST_DAY:
            self.errors[name] = f"Use a date (YYYY-MM-DD) from {EARLIEST_DAY} to {LATEST_DAY}."
            return None
        return value

    def raise_errors(self) -> None:
        """For the API: refuse the request naming each parameter that could not be read."""
        if self.errors:
            raise ValidationError(dict(self.errors))
