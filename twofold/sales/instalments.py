"""Schedule maths for negotiated terms: pure functions on Decimals and dates, no database.

An amount is split into cents that add up *exactly* to the total: every part is the equal
share rounded down to the cent and the remainder goes on the last part (instalments) or, for
percentages, on the parts that lost the most to rounding (credit splits).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from twofold.core.money import CENT


@dataclass(frozen=True)
class ScheduledPayment:
    number: int
    due_date: date
    amount: Decimal


def split_evenly(total: Decimal, count: int) -> list[Decimal]:
    """``count`` amounts in cents adding up exactly to ``total``; the remainder on the last.

    Every part is more than zero, so ``total`` must hold at least one cent per part.
    """
    if count < 1:
        raise ValueError("There is at least one payment.")
    if total != total.quantize(CENT):
        raise ValueError("The total is in whole cents.")
    if total < CENT * count:
        raise ValueError("The total is too small to pay in this many instalments.")
    share = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    return [share] * (count - 1) + [total - share * (count - 1)]


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the last day of a shorter month."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def instalment_schedule(total: Decimal, count: int, first_due: date) -> list[ScheduledPayment]:
    """Monthly payments from ``first_due``, numbered from 1, adding up exactly to ``total``."""
    return [
        ScheduledPayment(number=i + 1, due_date=add_months(first_due, i), amount=amount)
        for i, amount in enumerate(split_evenly(total, count))
    ]


def split_by_percent(total: Decimal, percents: list[Decimal]) -> list[Decimal]:
    """Shares of ``total`` by ``percents`` (which add up to 100), in cents, adding up exactly.

    Each share is rounded down to the cent; the cents left over go one each to the shares
    that lost the most to rounding (largest remainder), earlier shares first on a tie.
    """
    if sum(percents, Decimal(0)) != 100:
        raise ValueError("The percentages add up to 100.")
    if total != total.quantize(CENT):
        raise ValueError("The total is in whole cents.")
    exact = [total * p / 100 for p in percents]
    shares = [amount.quantize(CENT, rounding=ROUND_DOWN) for amount in exact]
    left_over = int((total - sum(shares, Decimal(0))) / CENT)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left_over]:
        shares[i] += CENT
    return shares
