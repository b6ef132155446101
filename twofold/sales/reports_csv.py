"""The sales reports as CSV files, one per report, written by the shared export writer
(``core.exports``), which keeps a seller named ``=HYPERLINK(...)`` a name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from twofold.core.exports import csv_text as _write
from twofold.sales.selectors.reports import (
    FunnelRow,
    MoneyTable,
    RevenueRow,
    StageRow,
    StageTime,
    WinRate,
)


def _revenue(tables: Sequence[MoneyTable[RevenueRow]], key_name: str, label_name: str) -> str:
    return _write(
        [key_name, label_name, "currency", "amount", "sales"],
        (
            [row.key, row.label, row.currency, row.amount, row.sales]
            for table in tables
            for row in table.rows
        ),
    )


def _pipeline(tables: Sequence[MoneyTable[StageRow]]) -> str:
    return _write(
        ["pipeline", "stage", "probability", "currency", "deals", "amount", "weighted_amount"],
        (
            [r.pipeline, r.stage, r.probability, r.currency, r.count, r.amount, r.weighted]
            for table in tables
            for r in table.rows
        ),
    )


def _win_rate(rate: WinRate) -> str:
    return _write(
        ["won", "lost", "win_rate_percent", "average_cycle_days"],
        [[rate.won, rate.lost, rate.percent, rate.average_cycle_days]],
    )


def _funnel(rows: Sequence[FunnelRow]) -> str:
    return _write(
        ["source", "label", "captured", "qualified", "won"],
        ([r.source, r.label, r.captured, r.qualified, r.won] for r in rows),
    )


def _stage_times(rows: Sequence[StageTime]) -> str:
    return _write(
        ["pipeline", "stage", "stays", "average_days"],
        ([r.pipeline, r.stage, r.stays, r.average_days] for r in rows),
    )


def report_csv(name: str, data: Any) -> str:
    """The CSV text of report ``name`` (a key of ``selectors.reports.REPORTS``)."""
    if name == "revenue-by-seller":
        return _revenue(data, "seller_id", "seller")
    if name == "revenue-by-team":
        return _revenue(data, "team_id", "team")
    if name == "revenue-by-month":
        return _revenue(data, "month", "label")
    if name == "revenue-by-source":
        return _revenue(data, "source", "label")
    if name == "pipeline":
        return _pipeline(data)
    if name == "win-rate":
        return _win_rate(data)
    if name == "funnel":
        return _funnel(data)
    if name == "time-in-stage":
        return _stage_times(data)
    raise KeyError(name)
