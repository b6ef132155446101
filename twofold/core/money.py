"""Money is a Decimal with a currency; never a float (DESIGN invariant 7)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models

CENT = Decimal("0.01")
DEFAULT_CURRENCY = "EUR"
CURRENCIES = [
    ("EUR", "EUR"),
    ("USD", "USD"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("SEK", "SEK"),
    ("DKK", "DKK"),
    ("NOK", "NOK"),
    ("PLN", "PLN"),
]


def quantize(amount: Decimal, exponent: Decimal = CENT) -> Decimal:
    """Round to cents (or to ``exponent``: ``Decimal("0.1")`` for a percentage shown with one
    decimal), halves away from zero, as invoices round. The one rounding rule for every amount
    and percentage Twofold shows; round once, at the end, never a rounded figure again
    (docs/decisions/0016)."""
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str = "") -> str:
    """ "39,000.00 EUR": thousands separated, cents, then the currency; how every page, e-mail,
    CSV note and PDF writes an amount."""
    text = f"{quantize(amount):,.2f}"
    return f"{text} {currency}" if currency else text


def percent_text(value: Decimal | int | str) -> str:
    """A percentage as prose: "10 %", "12.5 %" (no trailing zeros, never "1E+1 %")."""
    number = quantize(Decimal(value)).normalize()
    return f"{number:f} %"


MONEY_DIGITS = 14
MONEY_MAX = Decimal(10 ** (MONEY_DIGITS - 2)) - CENT  # 999,999,999,999.99: the largest amount
# A stored sum of amounts (an account's yearly value, its budget and sold this year): room for a
# million of the largest amounts, so adding accepted amounts never overflows the column.
TOTAL_DIGITS = 20
TOTAL_MAX = Decimal(10 ** (TOTAL_DIGITS - 2)) - CENT


def MoneyField(**kwargs: object) -> models.DecimalField:  # noqa: N802 - reads like a field class
    """An amount with two decimals and up to 14 digits (``MONEY_MAX``, a trillion less a cent)."""
    return models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def TotalField(**kwargs: object) -> models.DecimalField:  # noqa: N802
    """A stored sum of amounts, with two decimals and up to 20 digits (see ``TOTAL_MAX``)."""
    return models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def check_total(total: Decimal, field: str = "amount") -> Decimal:
    """``total`` if a stored total can hold it; a ValidationError naming ``field`` otherwise."""
    if abs(total) > TOTAL_MAX:
        limit = format_money(TOTAL_MAX)
        raise ValidationError(
            {field: f"This would bring a total past {limit}, more than is stored."}
        )
    return total


def CurrencyField(**kwargs: object) -> models.CharField:  # noqa: N802
    kwargs.setdefault("default", DEFAULT_CURRENCY)
    return models.CharField(max_length=3, choices=CURRENCIES, **kwargs)  # type: ignore[arg-type]
