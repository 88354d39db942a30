"""Latin-script helpers: accent folding and Snowball English stemming.

>>> fold_latin("Tánger")
'tanger'
>>> english_stem("arrested")
'arrest'
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import Stemmer  # PyStemmer: the Snowball algorithms compiled to C

_SNOWBALL = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def fold_latin(word: str) -> str:
    """Lowercase and drop accents, so French and Spanish spellings of names meet (Tánger, Tanger)."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def english_stem(word: str) -> str:
    """Snowball (Porter 2) English stem of a lowercased word."""
    return str(_SNOWBALL.stemWord(word))
