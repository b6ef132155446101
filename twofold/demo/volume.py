"""The sizes of the synthetic volume (``twofold demo --scale``) and the bulk writer that both
of its generators use: the sales volume (``scale``) and the customer accounts made of it
(``scale_accounts``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min, Model

BATCH = 5_000


@dataclass(frozen=True)
class Scale:
    companies: int
    contacts: int
    leads: int
    opportunities: int
    activities: int
    # Customer accounts (issue 4), made of the generated companies: 0 makes none.
    accounts: int = 0
    interactions: int = 0
    handovers: int = 0  # the most recent accounts, each with its won deal and hand-over
    requests: int = 0


SCALES = {
    "large": Scale(
        200_000, 300_000, 1_000_000, 500_000, 5_000_000, 200_000, 5_000_000, 20_000, 100_000
    ),
    "medium": Scale(20_000, 30_000, 100_000, 50_000, 500_000, 20_000, 500_000, 2_000, 10_000),
    "small": Scale(200, 300, 1_000, 500, 5_000, 200, 5_000, 20, 100),
}

FIRST = [
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Elif",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Luca",
    "Maya",
    "Nils",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
]
LAST = [
    "Adler",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Hansen",
    "Ivanova",
    "Jensen",
    "Keller",
    "Larsen",
    "Moreau",
    "Novak",
    "Olsen",
    "Petit",
]
Progress = Callable[[str, int, int], None]


def insert(
    label: str,
    model: type[Model],
    total: int,
    make: Callable[[int], dict[str, Any]],
    progress: Progress,
) -> None:
    """Insert ``total`` rows made by ``make`` (attribute name -> value)."""
    insert_rows(label, model, total, (make(i) for i in range(total)), progress)


def insert_rows(
    label: str,
    model: type[Model],
    total: int,
    rows: Iterable[dict[str, Any]],
    progress: Progress,
) -> None:
    """Insert ``total`` rows (attribute name -> value) in batches: with COPY on PostgreSQL,
    with one prepared statement per batch elsewhere (the ORM's bulk_create compiles a
    statement per ~40 rows on SQLite, which made a million leads take many minutes)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    copy = connection.vendor == "postgresql"
    if copy:
        sql = f"COPY {table} ({columns}) FROM STDIN"
    else:
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from our own models
            table, columns, ", ".join(["%s"] * len(fields))
        )
    defaults = {f.attname: f.get_default() for f in fields}
    done = 0
    progress(label, done, total)
    source = iter(rows)
    while done < total:
        batch = []
        for values in source:
            batch.append(
                tuple(
                    f.get_db_prep_save(
                        values[f.attname] if f.attname in values else defaults[f.attname],
                        connection,
                    )
                    for f in fields
                )
            )
            if len(batch) == BATCH or done + len(batch) == total:
                break
        if not batch:
            raise RuntimeError(f"{label}: only {done} of {total} rows were made.")
        with transaction.atomic(), connection.cursor() as cursor:
            if copy:
                with cursor.cursor.copy(sql) as stream:
                    for row in batch:
                        stream.write_row(row)
            else:
                cursor.executemany(sql, batch)
        done += len(batch)
        progress(label, done, total)


def id_range(model: type[Model], before: int) -> tuple[int, int]:
    """The ids the last insert gave (one writer, so they are one contiguous run)."""
    bounds = model.objects.filter(pk__gt=before).aggregate(  # type: ignore[attr-defined]
        first=Min("pk"), last=Max("pk")
    )
    return int(bounds["first"]), int(bounds["last"])


def max_pk(model: type[Model]) -> int:
    return int(model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)  # type: ignore[attr-defined]
