"""What every reader shares: the raw article, the problems it met, the report of a run.

>>> report = ReadReport()
>>> report.skip("a.csv", "no header row", line=1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024  # one article; anything larger is not an article
MAX_LINE_BYTES = 20 * 1024 * 1024  # one JSON Lines record
MAX_DECOMPRESSED_BYTES = 8 * 1024 * 1024 * 1024  # guards against decompression bombs


@dataclass
class RawArticle:
    """One article as read, before cleaning. `text` is the whole raw text (title lines included)."""

    record_id: str  # stable: the JSONL id, else the path relative to the corpus root
    source_path: str  # relative to the corpus root
    text: str
    fields: dict[str, Any] = field(default_factory=dict)  # JSONL metadata, empty for raw text
    line: int | None = None  # the JSONL line number
    encoding: str = "utf-8"
    raw_format: str = "text"  # "text", "jsonl", "html", "feed", "csv", "warc", "docx", "pdf"


@dataclass
class Problem:
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class ReadReport:
    """What reading saw: files, records, and each problem that made something be skipped."""

    files: int = 0
    records: int = 0
    bytes_total: int = 0  # size on disk of the files to read, for progress
    bytes_done: int = 0
    problems: list[Problem] = field(default_factory=list)
    repaired: list[Problem] = field(default_factory=list)  # indexed, but something had to be fixed
    left_out: list[Problem] = field(
        default_factory=list
    )  # a corpus's LICENSE, README…: not articles, not errors
    encodings: dict[str, int] = field(default_factory=dict)

    def skip(self, path: str, reason: str, line: int | None = None) -> None:
        self.problems.append(Problem(path, line, reason))


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER_RE = re.compile(r"[A-Za-zÀ-ÿ]")


def plausible_lang(lang: str | None, text: str) -> str | None:
    """A page's declared language, unless its script contradicts it (None: let cleaning detect it).

    Templates often say `<html lang="en">` around Arabic articles: `plausible_lang("en", "خبر")` → None.
    """
    if not lang:
        return None
    sample = text[:5000]
    arabic = len(_ARABIC_LETTER_RE.findall(sample))
    latin = len(_LATIN_LETTER_RE.findall(sample))
    if (lang == "ar") != (arabic > latin):
        return None
    return lang
