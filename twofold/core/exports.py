"""The one CSV writer behind every export (sales reports, the ownership report).

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so a company named ``=HYPERLINK(...)`` would become a link to wherever it
points. Every text cell that starts so is written with a leading apostrophe, which spreadsheets
show as text and hide; numbers, dates and empty cells are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_cell(value: Any) -> str:
    """``value`` as it is written into a cell: text that could run as a formula is escaped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


class _Line:
    """A file whose ``write`` hands the line back, so the writer can stream row by row."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV file as lines, the header first; rows are read lazily, one at a time."""
    writer = csv.writer(_Line(), quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The whole CSV file as one string."""
    buffer = io.StringIO()
    buffer.writelines(csv_lines(header, rows))
    return buffer.getvalue()


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def csv_download(filename: str, text: str) -> HttpResponse:
    """A response that downloads ``text`` (from ``csv_text``) as ``filename``."""
    response = HttpResponse(text, content_type=CONTENT_TYPE)
    _attachment(response, filename)
    return response


def csv_stream(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A response that streams the rows as they are read: for exports without a size limit."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CONTENT_TYPE)
    _attachment(response, filename)
    return response
