"""Years an article refers to, in Western or Arabic-Indic digits.

    >>> years_mentioned("ما بين عامي 2002 و٢٠١٥ واعتقلت 2720 شخصا")
    [2002, 2015]

A four-digit number is a year when it falls in a plausible range and is not a count: a number
followed by a counted noun (2000 شخص, 1500 درهم) or preceded by a legal reference (الفصل 1999) is not.
"""

from __future__ import annotations

import re
from datetime import date

from ..analysis import normalize_arabic

EARLIEST_YEAR = 1900
LATEST_YEAR = date.today().year + 1

_YEAR_RE = re.compile(r"(?<![\d.,/:])([12]\d{3})(?![\d%]|[.,]\d)")
# A count: the number is followed by what is counted (normalised spelling, clitics allowed).
_COUNT_AFTER_RE = re.compile(
    r"\s*(?:و|من\s+)?(?:ال)?(?:شخص|اشخاص|فرد|افراد|درهم|دولار|اورو|يورو|دينار|ريال|جنيه|طن|كلغ|كيلوغرام|"
    r"كيلو|غرام|كلم|كيلومتر|متر|هكتار|لتر|حاله|حالات|مهاجر|مهاجرين|شرطي|عنصر|عناصر|موظف|منصب|"
    r"سرير|مقعد|وحده|قطعه|رأس|راس|سياره|مليون|مليار|الف|آلاف|ميغاواط|مسكن|منزل|تلميذ|طالب|"
    r"people|persons|dollars|euros|tons|tonnes|km|kilometres|kilometers|migrants|cases|jobs)",
)
# A reference: the number follows an article, law or decree marker.
_REF_BEFORE_RE = re.compile(
    r"(?:الفصل|فصل|الماده|ماده|رقم|القانون|قانون|المرسوم|مرسوم|الظهير|ظهير|عدد|article|no\.?|n°|number)\s*$",
    re.IGNORECASE,
)


def years_mentioned(text: str) -> list[int]:
    """Distinct years referred to, in order of first mention."""
    text = normalize_arabic(text)
    found: list[int] = []
    for m in _YEAR_RE.finditer(text):
        year = int(m.group(1))
        if not EARLIEST_YEAR <= year <= LATEST_YEAR or year in found:
            continue
        if _COUNT_AFTER_RE.match(text, m.end()) or _REF_BEFORE_RE.search(
            text[max(0, m.start() - 20) : m.start()]
        ):
            continue
        found.append(year)
    return found
