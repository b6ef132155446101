"""The windows a date typed by a person must fall in.

A date like 9999-12-31 reaches date arithmetic (an instalment a month later) and fails there as
a server error; a date like 1900-01-01 is a slip nobody meant. Each date a person gives is
checked against a named window: services check it (the rule lives once, for web, API and CLI
alike), and forms and serializers pass the same window as a field validator, so that the error
shows on the field before the service is called.

An edit judges only the dates it changes (``changed``): a deal whose expected close date is two
years old can still be renamed. Edit forms say so with ``keep_current_dates``; the API's update
serializers leave the window to the service, which names the same field.

- ``PLANNED``: what is yet to come, with a year of slack for catching up on the past: due dates,
  instalments, expected close dates, reviews, project dates.
- ``MEETING``: when a team meets: up to a year back (minutes written late) and a year ahead.
- ``HAPPENED``: what already took place: wins, interactions, survey answers. Tomorrow is still
  inside, as a person a few time zones east may already live in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import formats, timezone

CODE = "date_out_of_range"
MESSAGE = "Use a date from %(earliest)s to %(latest)s."
EARLIEST_HAPPENED = date(2000, 1, 1)


def years_from(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def as_day(value: date | datetime) -> date | None:
    """The local calendar day of a date or a date-time; None when it cannot be placed in time."""
    if not isinstance(value, datetime):
        return value
    if timezone.is_naive(value):
        return value.date()
    try:
        return timezone.localdate(value)
    except (OverflowError, ValueError):
        return None


Day = date | datetime | None


def changed(instance: object, **values: Day) -> dict[str, Day]:
    """The values that differ from ``instance``'s: an edit keeps an old date it did not touch."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


@dataclass(frozen=True)
class DateWindow:
    """From ``earliest(today)`` to ``latest(today)``, both included.

    An instance is a validator: ``forms.DateField(validators=[PLANNED])`` and DRF's
    ``DateField(validators=[PLANNED])`` both report its error on their field.
    """

    name: str
    earliest: Callable[[date], date]
    latest: Callable[[date], date]

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        today = today or timezone.localdate()
        return self.earliest(today), self.latest(today)

    def contains(self, value: date | datetime, today: date | None = None) -> bool:
        day = as_day(value)
        low, high = self.bounds(today)
        return day is not None and low <= day <= high

    def error(self, today: date | None = None) -> ValidationError:
        low, high = self.bounds(today)
        return ValidationError(
            MESSAGE,
            code=CODE,
            params={
                "earliest": formats.date_format(low, "j M Y"),
                "latest": formats.date_format(high, "j M Y"),
            },
        )

    def __call__(self, value: date | datetime | None) -> None:
        if value is not None and not self.contains(value):
            raise self.error()

    def keeping(self, current: date | datetime) -> KeepingDate:
        """This window as an edit's validator: the date the record already has may stay."""
        return KeepingDate(window=self, current=current)

    def errors(self, **values: date | datetime | None) -> dict[str, str]:
        """The message for each named value outside the window (for a service's error dict)."""
        outside = {}
        for name, value in values.items():
            if value is not None and not self.contains(value):
                error = self.error()
                outside[name] = str(error.message) % (error.params or {})
        return outside

    def check(self, **values: date | datetime | None) -> None:
        """Refuse, naming each field, the values outside the window."""
        if outside := self.errors(**values):
            raise ValidationError(outside)


@dataclass(frozen=True)
class KeepingDate:
    """A window that lets an edit keep the date a record has (a project started years ago)."""

    window: DateWindow
    current: date | datetime

    def __call__(self, value: date | datetime | None) -> None:
        if value != self.current:
            self.window(value)


PLANNED = DateWindow(
    name="planned",
    earliest=lambda today: years_from(today, -1),
    latest=lambda today: years_from(today, 10),
)
MEETING = DateWindow(
    name="meeting",
    earliest=lambda today: years_from(today, -1),
    latest=lambda today: years_from(today, 1),
)
HAPPENED = DateWindow(
    name="happened",
    earliest=lambda today: EARLIEST_HAPPENED,
    latest=lambda today: today + timedelta(days=1),
)
