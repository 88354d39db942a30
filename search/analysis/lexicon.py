"""The Arabic lexicon the light stemmer consults, derived from Debian's hunspell-ar (Ayaspell).

    >>> "وزير" in arabic_lexicon().nouns and arabic_lexicon().plurals["مدن"]
    'مدينه'

Built by `make lexicon-ar` (tools/build_arabic_lexicon.py) into data/arabic_lexicon.json.gz;
provenance and licence in data/ARABIC_LEXICON.md. Words are in normalised spelling (ة → ه, أ → ا).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "arabic_lexicon.json.gz"


@dataclass(frozen=True)
class ArabicLexicon:
    """Noun (and proper-name) entries, and broken plural → singular: `ArabicLexicon.load(path)`."""

    nouns: frozenset[str] = frozenset()
    plurals: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> ArabicLexicon:
        data = json.loads(gzip.decompress(path.read_bytes()))
        return cls(nouns=frozenset(data["nouns"]), plurals=dict(data["plurals"]))

    def __bool__(self) -> bool:
        return bool(self.nouns)


@lru_cache(maxsize=1)
def arabic_lexicon() -> ArabicLexicon:
    """The shipped lexicon; empty (the stemmer falls back to its rules) while it is being built."""
    if not LEXICON_PATH.exists():
        return ArabicLexicon()
    return ArabicLexicon.load()
