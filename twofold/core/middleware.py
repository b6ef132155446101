from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from twofold.core.audit import ChangeSource, change_source


class ChangeSourceMiddleware:
    """Records whether changes made by a request came through the web UI or the REST API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = ChangeSource.API if request.path.startswith("/api/") else ChangeSource.WEB
        with change_source(source):
            return self.get_response(request)


class RejectNulBytesMiddleware:
    """Answers 400 to a NUL byte in the query string or a form field.

    PostgreSQL refuses NUL in text, so a filter like ``?q=%00`` would otherwise surface as a
    server error deep in a query; no legitimate input contains one. (Form and serializer fields
    already refuse NUL; this covers the raw GET filters of lists and the API.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            return HttpResponseBadRequest("Requests may not contain NUL characters.")
        return self.get_response(request)
