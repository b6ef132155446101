"""Input and output shapes of the hand-over endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from twofold.core.text_limits import LONG, NOTE
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage, HandoverRound


def _text() -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=LONG)


class HandoverPersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class HandoverRoundSerializer(serializers.ModelSerializer[HandoverRound]):
    asked_by = HandoverPersonSerializer()
    answered_by = HandoverPersonSerializer(allow_null=True)

    class Meta:
        model = HandoverRound
        fields = [
            "number",
            "questions",
            "asked_by",
            "asked_at",
            "answer",
            "answered_by",
            "answered_at",
        ]


class HandoverOutputSerializer(serializers.ModelSerializer[HandoverPackage]):
    account_name = serializers.CharField(source="account.name")
    seller = HandoverPersonSerializer()
    receiver = HandoverPersonSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=HandoverStatus.choices)
    is_overdue = serializers.BooleanField()

    class Meta:
        model = HandoverPackage
        fields = [
            "id",
            "opportunity",
            "account",
            "account_name",
            "seller",
            "receiver",
            "status",
            "is_overdue",
            "created_at",
            "first_submitted_at",
            "submitted_at",
            "due_at",
            "accepted_at",
            "send_backs",
        ]


class HandoverDetailSerializer(HandoverOutputSerializer):
    rounds = HandoverRoundSerializer(many=True)

    class Meta(HandoverOutputSerializer.Meta):
        fields = [
            *HandoverOutputSerializer.Meta.fields,
            "short_term_goals",
            "long_term_goals",
            "expectations",
            "success_criteria",
            "budget",
            "negotiated_terms",
            "stakeholders",
            "promises",
            "risks",
            "open_complaints",
            "rounds",
        ]


class HandoverUpdateSerializer(serializers.Serializer[Any]):
    short_term_goals = _text()
    long_term_goals = _text()
    expectations = _text()
    success_criteria = _text()
    budget = _text()
    negotiated_terms = _text()
    stakeholders = _text()
    promises = _text()
    risks = _text()
    open_complaints = _text()


class HandoverRouteSerializer(serializers.Serializer[Any]):
    receiver_id = serializers.IntegerField()


class HandoverSendBackSerializer(serializers.Serializer[Any]):
    questions = serializers.CharField(allow_blank=True, max_length=NOTE)


class HandoverAnswerSerializer(serializers.Serializer[Any]):
    answer = serializers.CharField(allow_blank=True, max_length=NOTE)


class HandoverPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HandoverOutputSerializer(many=True)


class HandoverStatsSerializer(serializers.Serializer[Any]):
    person_id = serializers.IntegerField()
    person = serializers.CharField()
    handovers = serializers.IntegerField()
    accepted = serializers.IntegerField()
    median_hours = serializers.FloatField(allow_null=True)
    average_hours = serializers.FloatField(allow_null=True)
    send_backs_per_handover = serializers.FloatField()


class HandoverReportSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    by_seller = HandoverStatsSerializer(many=True)
    by_receiver = HandoverStatsSerializer(many=True)
    overdue_now = serializers.IntegerField()
