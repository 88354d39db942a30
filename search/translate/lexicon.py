"""The bilingual lexicon: FreeDict (both directions, each also read backwards) plus the news lexicon.

    >>> LEXICON.senses("en", ["public", "prosecutor", "arrested"])[0].target
    ['النيابة العامة', 'وكيل الملك', …]

Look-up is by phrase, longest first (up to MAX_PHRASE words), then by word: the word as written,
else any headword with the same stem (English: Snowball; Arabic: the light stemmer), so `arrested`,
`arrests` and `وبالخلايا` find their entries. Translations are returned as written; the caller
analyses them with the articles' chain.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..analysis import english_stem, fold_latin, has_arabic, light_stem, normalize_arabic

DATA = Path(__file__).with_name("data")
MAX_PHRASE = 4
MAX_SENSES = 24  # candidate translations considered per source word, before ranking
MAX_FORMS = 12  # other headwords with the same stem looked at
# Where a translation comes from, most trusted first; the order is the tie-break when ranking.
ORIGINS = ("news", "gazetteer", "freedict", "freedict-reverse", "transliteration")


@dataclass
class Entry:
    """One source word or phrase and the translations the lexicon has for it."""

    start: int  # position of the first source word in the query's word list
    end: int  # one past the last
    source: str  # the words as the user wrote them
    targets: list[tuple[str, str]] = field(default_factory=list)  # (translation as written, origin)


@lru_cache(maxsize=2**18)
def _key(word: str) -> str:
    """The look-up form of a word in either script: marks stripped, letters unified, lowercased."""
    return fold_latin(normalize_arabic(word)).strip(".-'’")


@lru_cache(maxsize=2**18)
def _stem_key(key: str) -> str:
    """A looked-up word's stem (English Snowball, Arabic light stemmer), to find its other forms."""
    if has_arabic(key):
        return light_stem(key)
    return english_stem(key) if key.isalpha() else key


class _Side:
    """Headwords of one source language: by phrase (tuple of keys) and by stem."""

    def __init__(self) -> None:
        self.by_phrase: dict[tuple[str, ...], dict[str, str]] = {}  # keys → {translation: origin}
        self.by_stem: dict[str, list[tuple[str, ...]]] = {}

    def add(self, headword: str, target: str, origin: str) -> None:
        words = _phrase_key(headword)
        if not words:
            return
        bucket = self.by_phrase.get(words)
        if bucket is None:
            bucket = self.by_phrase[words] = {}
            if len(words) == 1:
                self.by_stem.setdefault(_stem_key(words[0]), []).append(words)
        bucket.setdefault(target, origin)

    def lookup(self, keys: tuple[str, ...]) -> list[tuple[str, str]]:
        """Translations of the words, and of the other forms of a single word (arrests → arrest),
        the most trusted source first, the word's own entries before its other forms'."""
        found = dict(self.by_phrase.get(keys, {}))
        if len(keys) == 1:
            for other in self.by_stem.get(_stem_key(keys[0]), [])[:MAX_FORMS]:
                if other != keys:
                    for target, origin in self.by_phrase[other].items():
                        found.setdefault(target, origin)
        ranked = sorted(found.items(), key=lambda item: ORIGINS.index(item[1]))
        return ranked[:MAX_SENSES]


@lru_cache(maxsize=2**18)
def _phrase_key(text: str) -> tuple[str, ...]:
    return tuple(k for k in (_key(w) for w in text.replace("-", " ").split()) if k)


def _read_tsv(path: Path) -> Iterable[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


class Lexicon:
    """English ↔ Arabic, loaded once on first use (about a second) and shared by every thread."""

    def __init__(self, data: Path = DATA):
        self.data = data
        self._sides: dict[str, _Side] | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the data now (a server does it at start, rather than on the first English query)."""
        self._load()

    def _load(self) -> dict[str, _Side]:
        with self._lock:
            if self._sides is None:
                self._sides = _cached(self.data, self._build)
            return self._sides

    def _build(self) -> dict[str, _Side]:
        en, ar = _Side(), _Side()
        # Order matters: the news lexicon first, then the dictionary read forwards, then backwards.
        for row in _read_tsv(self.data / "news-en-ar.tsv"):
            for target in row[1:]:
                en.add(row[0], target, "news")
                ar.add(target, row[0], "news")
        for row in _read_tsv(self.data / "freedict-eng-ara.tsv.gz"):
            for target in row[1:]:
                en.add(row[0], target, "freedict")
        for row in _read_tsv(self.data / "freedict-ara-eng.tsv.gz"):
            for target in row[1:]:
                ar.add(row[0], target, "freedict")
        for row in _read_tsv(self.data / "freedict-ara-eng.tsv.gz"):
            for target in row[1:]:
                en.add(target, row[0], "freedict-reverse")
        for row in _read_tsv(self.data / "freedict-eng-ara.tsv.gz"):
            for target in row[1:]:
                ar.add(target, row[0], "freedict-reverse")
        return {"en": en, "ar": ar}

    def senses(self, lang: str, words: list[str]) -> list[Entry]:
        """The entries covering the words (`lang`: the source language), longest phrase first.

        Words the lexicon does not know get an Entry with no targets.
        """
        side = self._load()[lang]
        keys = [_key(w) for w in words]
        out: list[Entry] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                found = side.lookup(tuple(keys[i : i + n])) if all(keys[i : i + n]) else []
                if found or n == 1:
                    out.append(Entry(i, i + n, " ".join(words[i : i + n]), found))
                    i += n
                    break
        return out


def _cache_key(data: Path) -> str:
    """Changes when the data or the code that derives look-up keys from it changes."""
    digest = hashlib.sha1()
    analysis = Path(__file__).parent.parent / "analysis"
    for path in [*sorted(data.glob("*")), Path(__file__), analysis / "arabic.py", analysis / "english.py"]:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _cached(data: Path, build: Callable[[], dict[str, _Side]]) -> dict[str, _Side]:
    """The look-up tables, from a pickle in the user's cache folder when one matches the data (a
    tenth of a second), else built from the data (seconds) and cached for the next process. The
    pickle is only ever one this code wrote; an unwritable or damaged cache just means a build."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mirsad"
    path = folder / f"lexicon-{_cache_key(data)}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
        with open(path, "rb") as f:
            return dict(pickle.load(f))
    sides = build()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as f:
            pickle.dump(sides, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    return sides


LEXICON = Lexicon()
