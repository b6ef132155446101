"""Schedule maths: amounts in cents that add up exactly, over many totals and counts."""

from __future__ import annotations

import itertools
import random
from datetime import date
from decimal import Decimal

import pytest

from twofold.sales.instalments import (
    add_months,
    instalment_schedule,
    split_by_percent,
    split_evenly,
)

RNG = random.Random(20260101)  # noqa: S311 - reproducible cases, not secrets
CASES = [(Decimal(RNG.randint(1, 10**9)) / 100, RNG.randint(1, 60)) for _ in range(2000)]


@pytest.mark.parametrize(("total", "count"), [(Decimal("100.00"), 3), (Decimal("0.05"), 5)])
def test_an_even_split_puts_the_remainder_on_the_last_instalment(total, count):
    parts = split_evenly(total, count)

    share = (total / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    assert parts[:-1] == [share] * (count - 1)
    assert parts[-1] == total - share * (count - 1)


def test_one_hundred_in_three_is_33_33_33_33_33_34():
    assert split_evenly(Decimal("100.00"), 3) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]


def test_instalments_add_up_exactly_to_the_total_for_many_totals_and_counts():
    for total, count in CASES:
        if total < Decimal("0.01") * count:
            continue
        parts = split_evenly(total, count)
        assert sum(parts) == total, (total, count)
        assert len(parts) == count
        assert all(p > 0 and p == p.quantize(Decimal("0.01")) for p in parts)
        assert max(parts) - min(parts) < Decimal("0.01") * count


def test_a_total_too_small_for_the_count_is_refused():
    with pytest.raises(ValueError, match="too small"):
        split_evenly(Decimal("0.02"), 3)


def test_zero_instalments_are_refused():
    with pytest.raises(ValueError, match="at least one"):
        split_evenly(Decimal("10.00"), 0)


def test_due_dates_are_monthly_and_the_31st_stays_at_the_end_of_short_months():
    schedule = instalment_schedule(Decimal("400.00"), 4, date(2027, 1, 31))

    assert [p.due_date for p in schedule] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    assert [p.number for p in schedule] == [1, 2, 3, 4]


def test_months_roll_over_the_year():
    assert add_months(date(2027, 11, 15), 3) == date(2028, 2, 15)
    assert add_months(date(2028, 1, 29), 1) == date(2028, 2, 29)


def test_credit_shares_add_up_exactly_for_many_splits():
    for total, count in CASES[:500]:
        cuts = sorted(RNG.sample(range(1, 10000), k=min(count, 20) - 1))
        bounds = [0, *cuts, 10000]
        percents = [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]
        percents = [p for p in percents if p > 0]
        percents[-1] += 100 - sum(percents)
        shares = split_by_percent(total, percents)
        assert sum(shares) == total
        assert all(s >= 0 for s in shares)
        for share, percent in zip(shares, percents, strict=True):
            assert abs(share - total * percent / 100) < Decimal("0.01")


def test_a_third_each_of_one_hundred_gives_the_extra_cent_to_the_first():
    thirds = [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]

    assert split_by_percent(Decimal("100.00"), thirds) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]
    assert split_by_percent(Decimal("0.10"), [Decimal(50), Decimal(50)]) == [
        Decimal("0.05"),
        Decimal("0.05"),
    ]


def test_percentages_that_do_not_add_up_to_100_are_refused():
    with pytest.raises(ValueError, match="100"):
        split_by_percent(Decimal("10.00"), [Decimal(60), Decimal(30)])
