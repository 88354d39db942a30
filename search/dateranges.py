"""Publication-date ranges: parsed from the query (`date:2020-09-01..2020-09-15`) or the `from`/`to`
parameters, and applied as a mask over the index's cached dates array. Pure: nothing here opens an index.

    >>> r = DateRange.parse("2020-09..2020-10-15")      # 2020-09-01 up to 2020-10-15, both included
    >>> r.mask(dates)                                   # dates: Whoosh's raw `published` column values

A bound is a year (2020), a month (2020-09) or a day (2020-09-15), in Latin or Arabic-Indic digits.
A day past its month's end (2021-02-30) is the month's last day. A `from` bound starts at the
first day of its period, a `to` bound ends with its last day. Either end may be open
(`2020-09-01..`, `..2020-09-15`); a bare period (`2020-09`) is the whole period.
Articles without a date never match a date range.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from .analysis import normalize_arabic

MISSING_DATE = np.iinfo(np.uint64).max  # what Whoosh's column holds for "no date"
_EPOCH_US = 62_135_596_800_000_000  # 1970-01-01 in Whoosh's microseconds since datetime.min
_BOUND_RE = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$")
_RANGE_RE = re.compile(r"^(?P<low>[^.]*?)\s*(?:\.\.|–|\bto\b)\s*(?P<high>[^.]*)$")


class BadDate(ValueError):
    """A date bound that is not a year, a month or a day; `parameter` names where it came from."""

    def __init__(self, parameter: str, value: str):
        super().__init__(
            f"{parameter} must be a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2020-09-15), not {value[:40]!r}"
        )
        self.parameter = parameter


def _period(text: str, parameter: str) -> tuple[date, date]:
    """The first and last day of a year, month or day written as text."""
    value = normalize_arabic(text).strip()
    m = _BOUND_RE.match(value)
    if not m:
        raise BadDate(parameter, text)
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1), date(year, int(month), last)
        last = calendar.monthrange(year, int(month))[1]
        one = date(year, int(month), min(int(day), last))  # 2021-02-30: the month's last day
        return one, one
    except ValueError:  # month 13, 31 February, year 0
        raise BadDate(parameter, text) from None


def _to_raw(day: date) -> int:
    """Whoosh's raw column value of a day's midnight (microseconds since datetime.min)."""
    return (day.toordinal() - 1) * 86_400_000_000


def raw_to_datetime64(raw: np.ndarray) -> np.ndarray:
    """Whoosh's raw `published` values as numpy datetime64[us] (undated values must be removed first)."""
    return (raw.astype(np.int64) - _EPOCH_US).astype("datetime64[us]")


@dataclass(frozen=True)
class DateRange:
    """Days from `start` to `end`, both included; None is an open end."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def from_params(
        cls, low: str | None, high: str | None, names: tuple[str, str] = ("from", "to")
    ) -> DateRange:
        """A range from two optional bounds, each a year, month or day (`from_params("2020-09", None)`)."""
        start = _period(low, names[0])[0] if low and low.strip() else None
        end = _period(high, names[1])[1] if high and high.strip() else None
        return cls(start, end)

    @classmethod
    def parse(cls, text: str, parameter: str = "date") -> DateRange:
        """`2020-09-01..2020-09-15`, `2020-09-01..`, `..2020-09-15`, or one period `2020-09`."""
        value = normalize_arabic(text).strip()
        m = _RANGE_RE.match(value)
        if m is None:
            start, end = _period(value, parameter)
            return cls(start, end)
        low, high = m.group("low").strip(), m.group("high").strip()
        if not low and not high:
            raise BadDate(parameter, text)
        return cls.from_params(low or None, high or None, (parameter, parameter))

    @property
    def is_open(self) -> bool:
        """Both ends open: the range selects nothing out (every dated and undated article)."""
        return self.start is None and self.end is None

    @property
    def is_empty(self) -> bool:
        return self.start is not None and self.end is not None and self.start > self.end

    def intersect(self, other: DateRange) -> DateRange:
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        return DateRange(max(starts) if starts else None, min(ends) if ends else None)

    def mask(self, dates: np.ndarray) -> np.ndarray:
        """One bool per document: its date falls in the range (undated documents never do)."""
        if self.is_open:
            return np.ones(len(dates), dtype=bool)
        mask = dates != MISSING_DATE
        if self.start is not None:
            mask &= dates >= np.uint64(_to_raw(self.start))
        if self.end is not None:
            mask &= dates < np.uint64(_to_raw(self.end + timedelta(days=1)))
        return mask

    def params(self) -> tuple[str, str]:
        """The range as `from`/`to` URL values ("" for an open end)."""
        return (self.start.isoformat() if self.start else "", self.end.isoformat() if self.end else "")

    def __str__(self) -> str:
        low, high = self.params()
        return f"{low}..{high}"


def datetime_to_raw(moment: datetime) -> int:
    """Whoosh's raw column value of a datetime (for tests and the timeline)."""
    delta = moment.replace(tzinfo=None) - datetime.min
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def date_mask(
    dates: np.ndarray, wanted: DateRange, clauses: list[tuple[DateRange, bool]]
) -> np.ndarray | None:
    """The documents a request's dates allow: in `wanted` and every `date:` clause, in no `-date:`
    clause. None when nothing restricts the dates (the caller then skips the masking)."""
    required = wanted
    excluded = []
    for found, negated in clauses:
        if negated:
            excluded.append(found)
        else:
            required = required.intersect(found)
    if required.is_open and not excluded:
        return None
    mask = required.mask(dates)
    for found in excluded:
        mask &= ~found.mask(dates)
    return mask
