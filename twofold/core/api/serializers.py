"""Serializers every area shares."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


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
