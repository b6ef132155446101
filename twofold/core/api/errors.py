"""One error shape for the whole API: ``{"message", "code", "fields"}``.

Services raise Django's ``ValidationError`` and ``PermissionDenied``; DRF raises its own
exceptions. Both end here, so a client parses every failure the same way.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every 4xx answer (for the OpenAPI schema)."""

    message = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [msg for value in detail.values() for msg in _flatten(value)]
    if isinstance(detail, list):
        return [msg for item in detail for msg in _flatten(item)]
    return [str(detail)]


def _fields(detail: Any) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    fields: dict[str, list[str]] = {}
    for name, value in detail.items():
        if name in ("non_field_errors", "__all__"):
            continue
        fields[name] = _flatten(value)
    return fields


def _from_django_validation(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    code = getattr(exc, "code", None) or "invalid"
    return exceptions.ValidationError({"non_field_errors": exc.messages}, code=code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    code = "invalid"
    if isinstance(exc, DjangoValidationError):
        code = getattr(exc, "code", None) or "invalid"
        exc = _from_django_validation(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    detail = exc.detail
    fields = _fields(detail)
    if isinstance(exc, exceptions.ValidationError):
        general = detail.get("non_field_errors", []) if isinstance(detail, dict) else detail
        message = " ".join(_flatten(general))
        if not message:
            message = "Please correct: " + ", ".join(sorted(fields)) + "."
    else:
        message = " ".join(_flatten(detail))
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else str(exc.default_code)
    response.data = {"message": message, "code": code, "fields": fields}
    return response
