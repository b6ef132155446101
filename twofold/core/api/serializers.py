"""Serializers every area shares."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from rest_framework import serializers

from twofold.core import text_limits


class HistoryChangeSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    before = serializers.CharField()
    after = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    actor_id = serializers.IntegerField(allow_null=True)
    actor_name = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    action = serializers.CharField()
    subject = serializers.CharField()
    reason = serializers.CharField()
    changes = HistoryChangeSerializer(many=True)


class _Within(MaxLengthValidator):
    """``limit_value`` characters at most (the schema reads it), refused as the services do."""

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            raise text_limits.too_long(self.limit_value, len(value))


class TextField(serializers.CharField):
    """Free text up to ``limit`` characters (from ``text_limits``): the schema documents it as
    ``maxLength``, and a longer text is refused with the services' message and code."""

    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        super().__init__(max_length=limit, **kwargs)
        self.validators = [
            *(v for v in self.validators if not isinstance(v, MaxLengthValidator)),
            _Within(limit),
        ]
