"""What "contains this word" means for a table, answered by an index on each database.

A search term matches a record when it appears anywhere in one of the record's searched
columns, ignoring case (``Sandström`` inside "Erik Sandström", ``logistics`` inside "Nordic
Logistics AB", ``example.com`` inside an e-mail address). Substring, not prefix: people
search by a surname or a word of a company name as often as by how the text starts.

* PostgreSQL: ``UPPER(column) LIKE '%TERM%'`` (Django's ``icontains``), answered by a
  ``pg_trgm`` GIN index on ``UPPER(column)`` per column (migration ``search.0001``).
* SQLite: an FTS5 table with the ``trigram`` tokenizer per searched table, kept in step by
  triggers, matched as a phrase; FTS5 folds Unicode case, so ``SANDSTRÖM`` finds
  ``Sandström`` (SQLite's own ``LIKE`` folds ASCII only).

Terms shorter than three characters have no trigram: they fall back to ``icontains``, which
reads the table; the search boxes ask for three characters before searching everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

MIN_LENGTH = 3
MAX_LENGTH = 100


@dataclass(frozen=True)
class SearchedTable:
    table: str
    columns: tuple[str, ...]

    @property
    def fts(self) -> str:
        return f"search_{self.table}_fts"


# Every searched table and column; the migration builds the indexes from this list.
TABLES = {
    "lead": SearchedTable("sales_lead", ("full_name", "company_name", "email")),
    "opportunity": SearchedTable("sales_opportunity", ("name",)),
    "company": SearchedTable("parties_company", ("name", "domain")),
    "contact": SearchedTable("parties_contact", ("full_name", "email")),
    "account": SearchedTable("accounts_account", ("name",)),
}


def clean_term(term: str) -> str:
    """The term as searched: trimmed, inner whitespace collapsed, at most 100 characters."""
    return " ".join(term.split())[:MAX_LENGTH]


def contains_q(kind: str, term: str, *, field_prefix: str = "") -> Q:
    """Rows of ``TABLES[kind]`` with ``term`` inside one of the searched columns.

    ``field_prefix`` (``"company__"``) matches through a relation instead of on the row itself.
    """
    searched = TABLES[kind]
    term = clean_term(term)
    if connection.vendor == "sqlite" and len(term) >= MIN_LENGTH:
        # A phrase: the term's own double quotes doubled, so no FTS5 syntax gets through.
        phrase = '"' + term.replace('"', '""') + '"'
        # Table names come from TABLES, never from input; the term is a bound parameter.
        sql = f"SELECT rowid FROM {searched.fts} WHERE {searched.fts} MATCH %s"  # noqa: S608
        ids = RawSQL(sql, (phrase,))  # noqa: S611
        return Q(**{f"{field_prefix}pk__in": ids})
    condition = Q()
    for column in searched.columns:
        condition |= Q(**{f"{field_prefix}{column}__icontains": term})
    return condition


# Related rows matched first and passed as a list, at most this many (see ``matching_ids``).
RELATED_IDS_MAX = 10_000
# A relation is matched by a list of its ids while the term matches at most this many rows.
RELATED_LIST_MAX = 1_000


def matching_ids(
    kind: str, term: str, *, column: str = "pk", limit: int = RELATED_IDS_MAX
) -> list[int]:
    """The ids (or ``column``) of ``TABLES[kind]`` rows containing ``term``, at most ``limit``
    (any of them beyond it).

    For matching a row through a relation (a deal by its company's name): an OR of the row's
    own match and ``company_id IN (subquery)`` is a hashed sub-plan, which PostgreSQL cannot
    combine with index scans, so it walked all 500,000 deals (1.8 s); ``company_id IN (list)``
    is a bitmap index scan OR'd with the trigram one.
    """
    from django.apps import apps

    model = apps.get_model(MODELS[kind])
    rows = model.objects.filter(contains_q(kind, term)).order_by()
    return list(rows.values_list(column, flat=True)[:limit])


def related_q(kind: str, term: str, *, relation: str) -> Q:
    """Rows whose ``relation`` (a foreign key to ``TABLES[kind]``) contains ``term``.

    A rare term (at most ``RELATED_LIST_MAX`` related rows) matches by the list of their ids,
    which the relation's index answers. A broad one ("harbor": 11,000 of 200,000 companies)
    matches through the join instead: a list that long made PostgreSQL fetch and sort every
    matching deal (1 s); the join lets it walk the list's sort order and check each row's
    related one, stopping at the page's end (a matching company every ~20 deals).
    """
    ids = matching_ids(kind, term, limit=RELATED_LIST_MAX + 1)
    if len(ids) <= RELATED_LIST_MAX:
        return Q(**{f"{relation}_id__in": ids})
    return contains_q(kind, term, field_prefix=f"{relation}__")


MODELS = {
    "lead": "sales.Lead",
    "opportunity": "sales.Opportunity",
    "company": "parties.Company",
    "contact": "parties.Contact",
    "account": "accounts.Account",
}
