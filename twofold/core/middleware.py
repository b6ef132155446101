from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from twofold.core.audit import ChangeSource, change_source


class ChangeSourceMiddleware:
    """Records whether changes made by a request came through the web UI or the REST API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = ChangeSource.API if request.path.startswith("/api/") else ChangeSource.WEB
        with change_source(source):
            return self.get_response(request)
