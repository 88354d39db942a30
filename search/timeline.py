"""The distribution of a whole result set over publication time, in buckets chosen from its span.

    >>> tl = timeline(state.dates, final_mask)
    >>> tl.unit, tl.buckets[0].start, tl.buckets[0].count, tl.undated

Counted with numpy like the facets (one `bincount` over the matching documents' dates). The bucket
is a day, a week (Monday to Sunday), a month or a year: the smallest that keeps the chart at most
MAX_BUCKETS bars. Empty buckets between the first and the last date are kept (a gap in coverage is
information). Articles without a date are counted apart (`undated`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from .dateranges import MISSING_DATE

MAX_BUCKETS = 60
UNITS = ("day", "week", "month", "year")
_MONDAY = np.datetime64("1970-01-05", "D")  # weeks start on Monday (ISO 8601)
_US_PER_DAY = 86_400_000_000
_EPOCH_DAYS = date(1970, 1, 1).toordinal() - 1  # 1970-01-01 in days since 0001-01-01
_MAX_LOOKUP_DAYS = 200_000


@dataclass
class Bucket:
    start: str  # first day, YYYY-MM-DD
    end: str  # last day, YYYY-MM-DD (included)
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "count": self.count}


@dataclass
class Timeline:
    unit: str  # "day", "week", "month" or "year"; "" when nothing matched has a date
    buckets: list[Bucket] = field(default_factory=list)
    undated: int = 0

    @property
    def peak(self) -> int:
        return max((b.count for b in self.buckets), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "buckets": [b.to_dict() for b in self.buckets], "undated": self.undated}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        buckets = [Bucket(b["start"], b["end"], int(b["count"])) for b in data.get("buckets", [])]
        return cls(data.get("unit", ""), buckets, int(data.get("undated", 0)))


def _floor(days: np.ndarray, unit: str) -> np.ndarray:
    """The first day of each day's bucket (datetime64[D])."""
    if unit == "day":
        return days
    if unit == "week":
        return days - (days - _MONDAY) % np.timedelta64(7, "D")
    return days.astype(f"datetime64[{unit[0].upper()}]").astype("datetime64[D]")


def _next(start: date, unit: str) -> date:
    """The first day of the bucket after the one starting at `start`."""
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def choose_unit(first: date, last: date, max_buckets: int = MAX_BUCKETS) -> str:
    """The smallest bucket that draws the span in at most `max_buckets` bars."""
    days = (last - first).days + 1
    if days <= max_buckets:
        return "day"
    if days <= max_buckets * 7 - 6:
        return "week"
    if (last.year - first.year) * 12 + last.month - first.month < max_buckets:
        return "month"
    return "year"


def timeline(dates: np.ndarray, mask: np.ndarray, max_buckets: int = MAX_BUCKETS) -> Timeline:
    """Counts per bucket of the documents in `mask` (dates: Whoosh's raw `published` column)."""
    chosen = dates[mask]
    dated = chosen[chosen != MISSING_DATE]
    undated = len(chosen) - len(dated)
    if not len(dated):
        return Timeline("", [], undated)
    # Days since 0001-01-01 by integer division: calendar arithmetic (weeks, months) is done once
    # per day of the span below, not once per article.
    days = (dated // np.uint64(_US_PER_DAY)).astype(np.int64)
    low, high = int(days.min()), int(days.max())
    first, last = date.fromordinal(low + 1), date.fromordinal(high + 1)
    unit = choose_unit(first, last, max_buckets)
    if high - low > _MAX_LOOKUP_DAYS:  # a bogus date centuries away: convert per article instead
        span = (days - _EPOCH_DAYS).astype("datetime64[D]")
        bucket_of = _bucket_numbers(span, unit)
        index = bucket_of
    else:
        span = np.arange(low - _EPOCH_DAYS, high - _EPOCH_DAYS + 1).astype("datetime64[D]")
        index = _bucket_numbers(span, unit)[days - low]
    counts = np.bincount(index)
    buckets = []
    start = _floor(np.array([first], dtype="datetime64[D]"), unit)[0].item()
    for count in counts.tolist():
        following = _next(start, unit)
        buckets.append(Bucket(start.isoformat(), (following - timedelta(days=1)).isoformat(), count))
        start = following
    return Timeline(unit, buckets, undated)


def _bucket_numbers(days: np.ndarray, unit: str) -> np.ndarray:
    """Bucket number of each day (datetime64[D]), 0 for the bucket of the earliest day."""
    starts = _floor(days, unit)
    origin = starts.min()
    if unit in ("day", "week"):
        return (starts - origin).astype(np.int64) // (1 if unit == "day" else 7)
    code = "M" if unit == "month" else "Y"
    return (starts.astype(f"datetime64[{code}]") - origin.astype(f"datetime64[{code}]")).astype(np.int64)
