"""Hits over time: how many matched articles per year, month or day.

Counts come from one search grouped by the `date` field, bucketed here, so
the bars add up to the dated hits exactly; articles without a date are
counted apart (`undated`). The unit adapts to the span of the dated hits:
years, months for spans up to `MONTHS_UP_TO` months, days up to
`DAYS_UP_TO` days. Empty periods between the first and last bar are kept,
so gaps show.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from baoku.errors import BadParameter
from searcher.searcher import Filters, Searcher

UNITS = ("auto", "year", "month", "day")
MONTHS_UP_TO = 36
DAYS_UP_TO = 62
MAX_BARS = 600


@dataclass(frozen=True)
class Bar:
    """One period: `label` as shown, `start`/`end` ISO dates (inclusive) to narrow a search to it."""

    label: str
    start: str
    end: str
    count: int

    def to_json(self) -> dict:
        return {"label": self.label, "start": self.start, "end": self.end, "count": self.count}


@dataclass(frozen=True)
class Timeline:
    unit: str
    total: int
    undated: int
    bars: tuple[Bar, ...]

    @property
    def peak(self) -> int:
        return max((b.count for b in self.bars), default=0)

    def to_json(self) -> dict:
        return {
            "unit": self.unit,
            "total": self.total,
            "undated": self.undated,
            "bars": [b.to_json() for b in self.bars],
        }


def _day(number: int) -> date:
    return date(number // 10000, number // 100 % 100, number % 100)


def choose_unit(first: date, last: date) -> str:
    """The finest unit that keeps the chart readable.

    >>> choose_unit(date(1998, 1, 1), date(1998, 1, 10))
    'day'
    >>> choose_unit(date(1998, 1, 1), date(1999, 6, 1))
    'month'
    >>> choose_unit(date(1949, 10, 1), date(2023, 3, 1))
    'year'
    """
    if (last - first).days < DAYS_UP_TO:
        return "day"
    if (last.year - first.year) * 12 + last.month - first.month < MONTHS_UP_TO:
        return "month"
    return "year"


def _period(d: date, unit: str) -> tuple[date, date, str]:
    if unit == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31), f"{d.year}"
    if unit == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return date(d.year, d.month, 1), date(d.year, d.month, last), f"{d.year}-{d.month:02d}"
    return d, d, d.isoformat()


def _next(d: date, unit: str) -> date:
    if unit == "year":
        return date(d.year + 1, 1, 1)
    if unit == "month":
        return date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return d + timedelta(days=1)


def bucket(counts: dict[int, int], unit: str = "auto") -> tuple[str, tuple[Bar, ...]]:
    """Bars from per-day counts (`yyyymmdd -> n`), gaps included.

    >>> unit, bars = bucket({19980101: 2, 19980103: 1})
    >>> unit, [(b.label, b.count) for b in bars]
    ('day', [('1998-01-01', 2), ('1998-01-02', 0), ('1998-01-03', 1)])
    """
    if unit not in UNITS:
        raise BadParameter(f"unit must be one of {', '.join(UNITS)}", where="unit")
    days: dict[date, int] = {}
    for number, n in counts.items():
        try:
            days[_day(number)] = days.get(_day(number), 0) + n
        except ValueError:
            continue  # a date the calendar does not have: counted as undated by the caller
    if not days:
        return ("year" if unit == "auto" else unit), ()
    first, last = min(days), max(days)
    if unit == "auto":
        unit = choose_unit(first, last)
    sums: dict[date, int] = {}
    for d, n in days.items():
        start = _period(d, unit)[0]
        sums[start] = sums.get(start, 0) + n
    bars: list[Bar] = []
    at = _period(first, unit)[0]
    while at <= last and len(bars) < MAX_BARS:
        start, end, label = _period(at, unit)
        bars.append(Bar(label, start.isoformat(), end.isoformat(), sums.get(start, 0)))
        at = _next(at, unit)
    return unit, tuple(bars)


def timeline(
    searcher: Searcher,
    q: str,
    *,
    unit: str = "auto",
    filters: Filters | None = None,
    max_length: int | None = None,
) -> Timeline:
    """Hits of `q` per period."""
    if unit not in UNITS:
        raise BadParameter(f"unit must be one of {', '.join(UNITS)}", where="unit")
    total, counts = searcher.day_counts(q, filters=filters, max_length=max_length)
    unit, bars = bucket(counts, unit)
    undated = total - sum(b.count for b in bars)
    return Timeline(unit, total, undated, bars)
