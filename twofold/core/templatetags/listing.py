"""The parts every list page shares: sortable column headers and the result count."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from twofold.core.sorting import Sort, SortColumn

register = template.Library()

# Paging and the htmx "rows only" switch belong to one sort; a new sort starts on page one.
_RESET = ("after", "before", "page", "partial")


@register.simple_tag(takes_context=True)
def sort_header(context: dict[str, Any], sort: Sort, key: str, label: str = "") -> str:
    """A ``<th>`` whose link sorts by ``key``, or reverses the sort when it already does;
    the filters in the query string stay."""
    columns: dict[str, SortColumn] = {c.key: c for c in context.get("sort_columns", ())}
    column = columns.get(key)
    label = label or (column.label if column else key)
    if column is None:
        return format_html('<th scope="col">{}</th>', label)
    request = context["request"]
    query = request.GET.copy()
    for name in _RESET:
        query.pop(name, None)
    current = sort.key == key
    descending = not sort.descending if current else column.descending_first
    query["sort"] = f"-{key}" if descending else key
    if not current:
        return format_html(
            '<th scope="col"><a class="sort-link" href="?{}">{}</a></th>',
            query.urlencode(),
            label,
        )
    arrow, state = ("↓", "descending") if sort.descending else ("↑", "ascending")
    return format_html(
        '<th scope="col" aria-sort="{}"><a class="sort-link is-sorted" href="?{}">{}'
        ' <span aria-hidden="true">{}</span></a></th>',
        state,
        query.urlencode(),
        label,
        arrow,
    )


@register.simple_tag
def result_count(count: int, more: bool, singular: str, plural: str = "") -> str:
    """ "1,234 leads", "1 lead", "10,000+ leads"."""
    noun = singular if count == 1 and not more else (plural or f"{singular}s")
    return format_html(
        '<p class="result-count muted small" role="status">{}{} {}</p>',
        f"{count:,}",
        "+" if more else "",
        noun,
    )
