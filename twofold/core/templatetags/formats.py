"""Amounts, percentages and dates written one way on every page: "39,000.00 EUR", "12.5 %"
and "3 Dec 2026"."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from twofold.core.money import format_money, percent_text

register = template.Library()


@register.filter
def money(amount: Decimal | int | str | None, currency: str = "") -> str:
    """``{{ deal.amount|money:deal.currency }}``: thousands separated, two decimals, then the
    currency. Nothing for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)
    return format_money(value, currency)


@register.filter
def percent(value: Decimal | int | str | None) -> str:
    """``{{ terms.discount_percent|percent }}``: "10 %", "12.5 %". Nothing for no value."""
    if value is None or value == "":
        return ""
    try:
        return percent_text(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


@register.filter
def month(value: datetime.date | str | None) -> str:
    """``{{ agenda.month|month }}``: "December 2026" (an ISO text is read first)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    return f"{value:%B %Y}"


@register.filter
def day(value: datetime.date | datetime.datetime | str | None) -> str:
    """``{{ deal.expected_close_date|day }}``: "3 Dec 2026"; a moment in the local time zone.

    An ISO text (a date kept in a JSON snapshot) is read first; other text is left as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%b %Y}"
