"""Dates written out in Arabic, French or English: `18 ديسمبر/كانون الأول 2021`, `الجمعة 02 أكتوبر 2020`.

    >>> parse_date("الجمعة 02 أكتوبر 2020 - 19:31")
    datetime.datetime(2020, 10, 2, 19, 31)
    >>> parse_date("3 آذار/مارس 2015").month
    3

Month names in their Maghrebi (يناير، ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر), Levantine (كانون الثاني،
آذار، أيار…), Tunisian/Algerian (جانفي، فيفري، أفريل، جوان، جويلية، أوت) forms and the paired form
(آذار/مارس) all resolve; a day, a month and a four-digit year are required: no date is guessed.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..analysis import normalize_arabic, strip_marks

_MONTH_NAMES = {
    1: "يناير كانون الثاني جانفي january janvier enero jan",
    2: "فبراير شباط فيفري february fevrier febrero feb",
    3: "مارس آذار march mars marzo mar",
    4: "أبريل ابريل نيسان أفريل افريل april avril abril apr",
    5: "ماي مايو أيار ايار may mai mayo",
    6: "يونيو يونيه حزيران جوان june juin junio jun",
    7: "يوليوز يوليو يوليه تموز جويلية july juillet julio jul",
    8: "غشت أغسطس اغسطس آب أوت اوت august aout agosto aug",
    9: "شتنبر سبتمبر أيلول ايلول september septembre septiembre sep sept",
    10: "أكتوبر اكتوبر تشرين الأول october octobre octubre oct",
    11: "نونبر نوفمبر تشرين الثاني november novembre noviembre nov",
    12: "دجنبر ديسمبر كانون الأول december decembre diciembre dec",
}
# Two-word Levantine names first, so "كانون الثاني" is not read as a bare "كانون".
_TWO_WORD = {"كانون الثاني": 1, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12}
MONTHS: dict[str, int] = {}
for number, names in _MONTH_NAMES.items():
    for name in names.split():
        if name not in ("كانون", "تشرين", "الثاني", "الأول"):
            MONTHS[normalize_arabic(name)] = number
MONTHS.update(_TWO_WORD)

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DATE_RE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\.?(?:\s*/\s*(?:{_MONTH_ALT}))?,?\s+(?P<year>\d{{4}})"
    r"(?:\D{1,6}(?P<hour>\d{1,2}):(?P<minute>\d{2}))?",
    re.IGNORECASE,
)
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _fold(text: str) -> str:
    import unicodedata

    text = normalize_arabic(strip_marks(text))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def parse_date(text: str) -> datetime | None:
    """The first full date (day, month, year) in the text, or None."""
    folded = _fold(text)
    m = _DATE_RE.search(folded)
    if m:
        try:
            return datetime(
                int(m.group("year")),
                MONTHS[m.group("month").lower()],
                int(m.group("day")),
                int(m.group("hour") or 0),
                int(m.group("minute") or 0),
            )
        except ValueError:
            return None
    iso = _ISO_RE.search(folded)
    if iso:
        try:
            return datetime(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    return None
