"""Input and output shapes of the catalog API: products."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from twofold.catalog.models import OfferingKind, Product
from twofold.core.api.serializers import TextField
from twofold.core.money import CURRENCIES
from twofold.core.text_limits import limit_for

S = serializers
# Choices are plain strings here, as in every area's API (the services validate them), so that
# fields named "kind" in several areas do not collide in the schema's enums.
_CURRENCY_HELP = "One of: " + ", ".join(code for code, _ in CURRENCIES) + "."
_KIND_HELP = "One of: " + ", ".join(OfferingKind.values) + "."


class ProductOutputSerializer(S.ModelSerializer[Product]):
    kind = S.CharField(read_only=True)
    currency = S.CharField(read_only=True)

    class Meta:
        model = Product
        fields = [
            "id", "code", "name", "kind", "family", "tier", "list_price", "currency",
            "description", "is_active",
        ]  # fmt: skip


class ProductInputSerializer(S.Serializer[Any]):
    code = S.CharField(max_length=40)
    name = S.CharField(max_length=200)
    kind = S.CharField(default=OfferingKind.PRODUCT, help_text=_KIND_HELP)
    family = S.CharField(max_length=80)
    tier = S.IntegerField(min_value=1, default=1)
    list_price = S.DecimalField(max_digits=14, decimal_places=2)
    currency = S.CharField(default="EUR", max_length=3, help_text=_CURRENCY_HELP)
    description = TextField(
        required=False, allow_blank=True, default="", limit=limit_for(Product, "description")
    )
    is_active = S.BooleanField(default=True)
