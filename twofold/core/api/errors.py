"""One error shape for the whole API: ``{"message", "code", "fields"}``.

Services raise Django's ``ValidationError`` and ``PermissionDenied``; DRF raises its own
exceptions. Both end here, so a client parses every failure the same way.

A service names the objects it was given (``new_owner``) while the client sent their ids
(``new_owner_id``); a view lists such names in ``service_error_fields`` so that ``fields``
names what the client sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from twofold.core import text_limits


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


def _from_django_validation(
    exc: DjangoValidationError, renamed: Mapping[str, str]
) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        names = {**renamed, "__all__": "non_field_errors"}
        return exceptions.ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()})
    code = getattr(exc, "code", None) or "invalid"
    return exceptions.ValidationError({"non_field_errors": exc.messages}, code=code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    code = "invalid"
    if isinstance(exc, DjangoValidationError):
        code = getattr(exc, "code", None) or "invalid"
        renamed = getattr(context.get("view"), "service_error_fields", {})
        exc = _from_django_validation(exc, renamed)
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
        if set(_flatten(exc.get_codes())) == {text_limits.CODE}:
            code = text_limits.CODE  # only texts too long: the code the services answer
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
