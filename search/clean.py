"""Turn a RawArticle into a clean Article: repaired text, title, byline, dateline, language, date.

>>> raw = RawArticle(record_id="a", source_path="a.txt", text="Title\\nRABAT, Nov 3 (Reuters) - Body.")
>>> article = clean(raw)
>>> article.dateline.city, article.dateline.agency
('RABAT', 'Reuters')
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from .analysis import has_arabic, normalize_arabic, strip_marks
from .analysis.stopwords import ARABIC_STOPWORDS, ENGLISH_STOPWORDS
from .extract.dates import parse_date
from .extract.gazetteer import GAZETTEER
from .read import RawArticle

# --- text repair ---------------------------------------------------------------------------------

# `&"` is what is left of `&quot;` once a scraper has decoded half of it; a line that is only `&`, or
# starts with one, is the same residue (both seen in the seeds).
_ENTITY_RESIDUE_RE = re.compile(r"&(?=[\"'«»“”])")
_LEADING_AMP_RE = re.compile(r"^(?:&\s*)+", re.MULTILINE)
# Sentences glued by a full stop with no space (المستويات.وأشار, all through Hespress).
_GLUED_ARABIC_RE = re.compile(r"(?<=[\u0621-\u0652\u0660-\u0669])\.(?=[\u0621-\u064a])")
_GLUED_LATIN_RE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def repair_text(text: str) -> str:
    """Fix entity residue and real entities, unglue sentences, tidy spaces; keeps line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = html.unescape(text)
    text = _ENTITY_RESIDUE_RE.sub("", text)
    text = _LEADING_AMP_RE.sub("", text)
    text = _GLUED_ARABIC_RE.sub(". ", text)
    text = _GLUED_LATIN_RE.sub(". ", text)
    text = "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return text


# --- boilerplate ---------------------------------------------------------------------------------

_BOILERPLATE_RE = re.compile(
    r"|".join(
        [
            r"متابعة\s+آخر\s+الأخبار",
            r"تابعو?نا\s+على",
            r"حسابنا\s+على\s+(?:تويتر|فيسبوك|فايسبوك|انستغرام|إنستغرام|يوتيوب)",
            r"[إا]ضغط\s+هنا",
            r"(?:^|\s)لل?[إا]شتراك",
            r"اشترك(?:وا)?\s+(?:في|الآن)",
            r"اقرأ\s+(?:أيضا|أيضاً|المزيد)",
            r"شارك(?:وا)?\s+(?:المقال|الخبر)",
            r"قناتنا\s+على",
            r"follow\s+us\s+on",
            r"like\s+us\s+on",
            r"click\s+here",
            r"subscribe\s+(?:to|now)",
            r"sign\s+up\s+for",
            r"share\s+this\s+(?:article|story)",
            r"read\s+more\s*:",
            r"download\s+(?:our|the)\s+app",
            r"suivez-nous",
            r"abonnez-vous",
            r"cliquez\s+ici",
        ]
    ),
    re.IGNORECASE,
)
MAX_BOILERPLATE_CHARS = 200  # a long line that mentions Twitter is news, not boilerplate


def is_boilerplate(line: str) -> bool:
    """Social-media and subscription lines: `is_boilerplate("إضغط هنا للإشتراك")` → True."""
    return len(line) <= MAX_BOILERPLATE_CHARS and _BOILERPLATE_RE.search(line) is not None


# --- byline and dateline -------------------------------------------------------------------------

_BYLINE_PREFIX_RE = re.compile(r"^(?:بقلم|كتب|by|par)\s*[:：]?\s*", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(normalize_arabic(w).lower() for w in ARABIC_STOPWORDS | ENGLISH_STOPWORDS)
_BYLINE_BAD_RE = re.compile(r"[.،,:;؛!?؟\"«»()\[\]0-9٠-٩–—]")


def looks_like_byline(line: str) -> str | None:
    """The author's name if the line is a byline (`محمود معروف`, `By Jane Doe`), else None.

    A name is 2–4 words with no punctuation, digits or function words ("خبر عن مليلية" is not one).
    """
    prefixed = _BYLINE_PREFIX_RE.match(line)
    name = line[prefixed.end() :] if prefixed else line
    words = name.split()
    if not 2 <= len(words) <= 4 or len(name) > 40 or _BYLINE_BAD_RE.search(name):
        return None
    if any(normalize_arabic(w).lower() in _FUNCTION_WORDS for w in words):
        return None
    if not prefixed and any(w[:1].islower() for w in words if not has_arabic(w)):
        return None  # an English name is capitalised
    return name


@dataclass
class Dateline:
    city: str  # as written: "الرباط", "RABAT"
    agency: str | None = None  # "Reuters", "أ ف ب"
    date: str | None = None  # "Nov 3"
    text: str = ""  # the whole dateline as written


_AR_WORD = r"[\u0621-\u064a]+"
_AR_DATELINE_RE = re.compile(
    rf"^(?P<city>{_AR_WORD}(?:\s{_AR_WORD}){{0,2}})\s*(?:\((?P<agency>[^()]{{1,25}})\)\s*)?[–—-]\s*"
)
_EN_DATELINE_RE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’ -]{1,30}?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<agency>[A-Za-z .&-]{2,25})\))?\s*[-–—]{1,2}\s+"
)


def find_dateline(line: str) -> Dateline | None:
    """A dateline at the start of a body line: `الرباط –`, `RABAT, Nov 3 (Reuters) -`.

    An Arabic dateline must name a place the gazetteer knows: a sentence such as `قالت الشرطة – …`
    has the same shape. An English one is recognised by its capitals.
    """
    for pattern in (_AR_DATELINE_RE, _EN_DATELINE_RE):
        m = pattern.match(line)
        if m and pattern is _AR_DATELINE_RE and GAZETTEER.lookup("city", m.group("city")) is None:
            continue
        if m:
            return Dateline(
                city=m.group("city").strip(),
                agency=(m.group("agency") or "").strip() or None,
                date=m.groupdict().get("date"),
                text=m.group(0).strip(),
            )
    return None


# --- language ------------------------------------------------------------------------------------

_ARABIC_LETTERS_RE = re.compile(r"[\u0621-\u064a]")
_LATIN_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+")
_LANG_MARKERS = {
    "en": set("the and of to in is was that for with said by from are has have were will his this".split())
    | {"after", "on", "at", "it"},
    "fr": set("le la les des et est du une que dans pour au aux sur par il qui pas avec ont sont".split())
    | {"cette", "selon", "après", "été", "à"},
    "es": set("el la los las y del que en por una con para su al más fue según tras".split()),
}
# Elided articles and pronouns (l'armée, d'Agadir, qu'il, with ' or ’) are French and nothing else.
_FRENCH_ELISION_RE = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’][^\W\d_]", re.IGNORECASE)


def detect_language(text: str) -> str:
    """`ar`, `en`, `fr`, `es`, or `other`, from the letters and common words of the text."""
    sample = text[:5000]
    arabic = len(_ARABIC_LETTERS_RE.findall(sample))
    words = [w.lower() for w in _LATIN_WORD_RE.findall(sample)]
    latin = sum(len(w) for w in words)
    if arabic == 0 and latin == 0:
        return "other"
    if arabic >= latin:
        return "ar"
    scores = {lang: sum(1 for w in words if w in markers) for lang, markers in _LANG_MARKERS.items()}
    scores["fr"] += len(_FRENCH_ELISION_RE.findall(sample))
    best = max(scores, key=lambda k: scores[k])
    if list(scores.values()).count(scores[best]) > 1:
        return "other"  # a tie (a short line of names) is no evidence
    return best if scores[best] >= max(2, len(words) // 50) else "other"


# --- dates ---------------------------------------------------------------------------------------


def parse_iso_date(value: Any) -> datetime | None:
    """A naive datetime from an ISO date string (`2020-10-02T19:31:00`, `2017-01-20T21:43:00+01:00`)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


# --- the article ---------------------------------------------------------------------------------


# What a reader knows of an item's origin beyond its file and place in it: a web archive record's
# target URI and capture date, whether a feed item gave only its summary. Stored with the article.
PROVENANCE_FIELDS = ("target_uri", "captured", "body_is_summary")


@dataclass
class Article:
    """A clean article, the unit that is analysed and indexed."""

    id: str
    title: str
    body: str
    lang: str
    source_path: str
    author: str | None = None
    source_record: int | None = None  # the record, row or item number inside its file (1-based)
    outlet: str | None = None
    url: str | None = None
    category: str | None = None
    published: datetime | None = None
    dateline: Dateline | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def content_hash(self) -> str:
        """Hash of the normalised body: two articles with the same text share it (computed once)."""
        return body_hash(self.body)


def body_hash(body: str) -> str:
    normalised = " ".join(normalize_arabic(strip_marks(body)).lower().split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


MAX_TITLE_CHARS = 300


def _title_from(line: str) -> str:
    return line if len(line) <= MAX_TITLE_CHARS else line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def _meaningful(line: str) -> bool:
    return any(c.isalnum() for c in line) and not is_boilerplate(line)


# Formats whose text starts with its title and may carry byline and date lines, as a .txt file does;
# web pages, feeds and spreadsheets give their title and date as metadata instead.
TEXT_LIKE_FORMATS = ("text", "docx", "pdf")


def clean(raw: RawArticle) -> Article:
    """Clean one raw article (raw text file or JSONL record)."""
    text = repair_text(raw.text)
    lines = [line for line in text.split("\n") if _meaningful(line)]
    fields = raw.fields
    title = repair_text(str(fields["title"])).replace("\n", " ").strip() if fields.get("title") else ""
    author = str(fields["author"]).strip() if fields.get("author") else None
    if raw.raw_format in TEXT_LIKE_FORMATS and lines and not title:
        title = _title_from(lines.pop(0))
        # A byline sits just under the title, before the first paragraph (never the last line).
        for i, line in enumerate(lines[: min(2, len(lines) - 1)]):
            name = looks_like_byline(line)
            if name and author is None:
                author = name
                del lines[i]
                break
    # A JSONL record without a title keeps an empty one: copying its first line into the boosted
    # title field would count those words twice (pages show the start of the body instead).
    dateline = None
    for line in lines[:2]:
        dateline = find_dateline(line)
        if dateline:
            break
    published = parse_iso_date(fields.get("date_iso")) or parse_iso_date(fields.get("date"))
    if published is None and fields.get("date"):
        published = parse_date(str(fields["date"]))
    if published is None and raw.raw_format in TEXT_LIKE_FORMATS:
        # A date line under the title, or a date inside the dateline ("الرباط في 3 نونبر 2019 –").
        for line in lines[:3]:
            if len(line) <= 80 or (dateline and line.startswith(dateline.text)):
                published = parse_date(line[:80])
                if published:
                    break
    body = "\n".join(lines)
    lang = str(fields.get("lang") or "") or detect_language(title + "\n" + body)
    return Article(
        id=raw.record_id,
        title=title,
        body=body,
        lang=lang,
        source_path=raw.source_path,
        author=author,
        source_record=raw.line,
        outlet=str(fields["outlet"]) if fields.get("outlet") else None,
        url=str(fields["url"]) if fields.get("url") else None,
        category=str(fields["category"]) if fields.get("category") else None,
        extra={k: fields[k] for k in PROVENANCE_FIELDS if fields.get(k) not in (None, "")},
        published=published,
        dateline=dateline,
    )
