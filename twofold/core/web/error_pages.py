"""Django's 404 and 500 pages, except under ``/api/``: a client there gets the API's one error
shape (``{"message", "code", "fields"}``) as JSON for a path no endpoint answers, never HTML."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _error(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message, "code": code, "fields": {}}, status=status)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _error("Not found.", "not_found", 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _error("A server error occurred.", "server_error", 500)
    return defaults.server_error(request)
