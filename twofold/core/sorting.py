"""How a list page sorts: one whitelisted ``sort`` query parameter, read and applied here.

``?sort=name`` sorts by the list's column "name" ascending, ``?sort=-name`` descending. A list
declares its columns (each bound to one indexed model field or annotation); any other value
falls back to the list's default, so a URL never reaches ``order_by`` unchecked. The API refuses
it instead (``strict``).

Lists page by keyset on (column, id), never by offset: ``Sort.order_by`` and ``Sort.after`` are
the two halves of that, written once for every list and both directions. A nullable column
keeps its empty values at one end (``nulls_first``) whichever way it is sorted.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Field, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.dateparse import parse_date, parse_datetime

# A count costs a read of every matching row; past this many the page says "10,000+".
COUNT_CAP = 10_000
# A search's rows are each checked against the term as they are counted, so its count stops
# sooner: "200+" says "add a word" as well as "10,000+", and costs 2 % of it ("harbor" over
# 500,000 deals: 290 ms counted to 10,000, 84 ms to 1,000).
SEARCH_COUNT_CAP = 200


@dataclass(frozen=True)
class SortColumn:
    """A column a list may sort by: ``key`` in the URL, ``field`` in the query."""

    key: str
    label: str
    field: str
    nullable: bool = False
    nulls_first: bool = False
    # The direction of a first click on the header: amounts and dates read best newest first.
    descending_first: bool = False


@dataclass(frozen=True)
class Sort:
    """One column, one direction: what ``?sort=`` asked for, once checked."""

    column: SortColumn
    descending: bool

    @property
    def key(self) -> str:
        return self.column.key

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def order_by(self, *, reverse: bool = False) -> list[OrderBy]:
        """The ordering, ties broken by id in the same direction (``reverse``: read backwards)."""
        descending = self.descending != reverse
        nulls_first = self.column.nulls_first != reverse
        column = F(self.column.field)
        tie = F("id")
        if not self.column.nullable:
            # No NULLS FIRST/LAST for a column that holds no NULL: PostgreSQL matches an index
            # only on the same NULLS order, and DESC NULLS LAST missed ``(created_at DESC, id
            # DESC)``, so every page sorted all matching rows (a search for "harbor": 180 ms).
            return [column.desc(), tie.desc()] if descending else [column.asc(), tie.asc()]
        if descending:
            first = column.desc(nulls_first=True) if nulls_first else column.desc(nulls_last=True)
            return [first, tie.desc()]
        first = column.asc(nulls_first=True) if nulls_first else column.asc(nulls_last=True)
        return [first, tie.asc()]

    def after(self, value: Any, pk: int, *, reverse: bool = False) -> Q:
        """The rows that come after the row (``value``, ``pk``) in this order."""
        descending = self.descending != reverse
        nulls_first = self.column.nulls_first != reverse
        name = self.column.field
        op = "lt" if descending else "gt"
        if value is None:
            later = Q(**{f"{name}__isnull": True, f"id__{op}": pk})
            return later | Q(**{f"{name}__isnull": False}) if nulls_first else later
        later = Q(**{f"{name}__{op}": value}) | Q(**{name: value, f"id__{op}": pk})
        if self.column.nullable and not nulls_first:
            later |= Q(**{f"{name}__isnull": True})
        return later

    # --- Cursors: the last row's (sort, value, id), opaque to the browser ------------------

    def cursor_for(self, row: Model) -> str:
        value = getattr(row, self.column.field)
        plain = value.isoformat() if isinstance(value, date | datetime) else value
        if isinstance(value, Decimal):
            plain = str(value)
        raw = json.dumps([self.param, plain, row.pk]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def read_cursor(self, cursor: str, model: type[Model]) -> tuple[Any, int] | None:
        """(value, id) from a cursor of this sort, or None for anything else (then: page one)."""
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            param, raw, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            return None
        if param != self.param or not isinstance(pk, int) or isinstance(pk, bool):
            return None
        if raw is None:
            return (None, pk) if self.column.nullable else None
        value = _parse(model, self.column.field, raw)
        return None if value is None else (value, pk)


def _parse(model: type[Model], name: str, raw: Any) -> Any:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation (``lower(name)``): a string
        model_field = None
    kind = model_field.get_internal_type() if isinstance(model_field, Field) else "CharField"
    if kind == "DateTimeField":
        return parse_datetime(str(raw)) if isinstance(raw, str) else None
    if kind == "DateField":
        try:
            return parse_date(str(raw)) if isinstance(raw, str) else None
        except ValueError:
            return None
    if kind == "DecimalField":
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            return None
    return raw if isinstance(raw, str) else None


@dataclass(frozen=True)
class Sorting:
    """The columns of one list and its default sort (a ``param``, e.g. ``"-created"``)."""

    columns: tuple[SortColumn, ...]
    default: str
    # Older spellings still in bookmarks, e.g. {"newest": "-created"}.
    aliases: dict[str, str] = field(default_factory=dict)

    def parse(self, raw: str | None, *, strict: bool = False) -> Sort:
        """The sort ``raw`` names, or the default for anything not on the list."""
        value = self.aliases.get(raw or "", raw or "")
        descending = value.startswith("-")
        by_key = {column.key: column for column in self.columns}
        column = by_key.get(value.removeprefix("-"))
        if column is None:
            if raw and strict:
                keys = ", ".join(sorted(by_key))
                raise ValidationError({"sort": f"Sort by one of: {keys} (a leading - reverses)."})
            return self.parse(self.default)
        return Sort(column, descending)

    def params(self) -> list[str]:
        """Every value ``?sort=`` accepts (for the API's schema)."""
        return [f"{sign}{column.key}" for column in self.columns for sign in ("", "-")]


def count_capped(queryset: QuerySet[Any], *, searching: bool = False) -> tuple[int, bool]:
    """How many rows match, read no further than the cap (``SEARCH_COUNT_CAP`` for a search),
    and whether there are more."""
    cap = SEARCH_COUNT_CAP if searching else COUNT_CAP
    count = queryset.select_related(None).order_by()[: cap + 1].count()
    return min(count, cap), count > cap
