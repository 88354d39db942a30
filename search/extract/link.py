"""A name a cue discovered, linked to the GeoNames place of its country that has no Arabic form.

    >>> link_discovered("الدندان", "TN", GAZETTEER).id
    'den_den'

GeoNames lists 265 Tunisian places, 193 of them with no Arabic name, so `مدينة الدندان` cannot be
found by its Arabic name, and a cue discovers it (`el_dendan`). When the discovered name and exactly
one such place of the same country (the cue's, or the article's) have the same consonant skeleton
(Arabic writes no short vowel; the French spelling's vowels, h, w, y and doubled letters are
dropped; q/g/k and ق/ك are one class, gh/غ, kh/خ, and s/ch/sh with ش/س/ص others; the words that
begin compound names, أولاد/Oulad, بن/Ben, سيدي/Sidi…, are left out), the value is that place: its
GeoNames id, its English name, its country. Two places with one skeleton, a Latin name with an
article the Arabic does not have (La Gazelle is not غزالة), or a skeleton under three consonants
(ماسي is no Hammam Sousse): no link, the discovered value stays.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..analysis import fold_latin, has_arabic, normalize_arabic
from .gazetteer import Entry, Gazetteer
from .precision import NAME_HEADS

_ARABIC = {
    **dict.fromkeys("شسص", "s"),
    **dict.fromkeys("قكگڨڤ", "k"),
    "غ": "G",
    "خ": "X",
    **dict.fromkeys("تطث", "t"),
    **dict.fromkeys("دذضظ", "d"),
    "ج": "j",
    "ب": "b",
    "پ": "b",
    "ف": "f",
    "ز": "z",
    "ر": "r",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
_LATIN_PAIRS = (("ch", "s"), ("sh", "s"), ("kh", "X"), ("gh", "G"), ("dj", "j"), ("th", "t"), ("dh", "d"))
_LATIN_ARTICLES = frozenset("el al le la l les".split())
_LATIN_HEADS = frozenset("oulad ouled awlad ait aït beni bni ben bou sidi ain bir dar oued wadi".split())
_DOUBLES = re.compile(r"(.)\1+")
MIN_SKELETON = 3


def arabic_skeleton(name: str) -> str:
    """`arabic_skeleton("الدندان")` → `dndn` (the article dropped)."""
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in normalize_arabic(name).split()]
    words = [w for w in words if w not in NAME_HEADS] or words
    return _DOUBLES.sub(r"\1", "".join(_ARABIC.get(ch, "") for ch in "".join(words)))


def latin_skeleton(name: str) -> tuple[str, bool]:
    """(`dndn`, False) for "Den Den"; the flag: the name begins with an article (La Mornaghia)."""
    words = [w for w in re.split(r"[\s'’-]+", fold_latin(name).lower()) if w]
    article = bool(words) and words[0] in _LATIN_ARTICLES and len(words) > 1
    words = [w for w in (words[1:] if article else words) if w not in _LATIN_HEADS] or words
    text = "".join(words)
    for pair, letter in _LATIN_PAIRS:
        text = text.replace(pair, letter)
    text = re.sub(r"[aeiouyhw]", "", text).translate(str.maketrans("qgcpvx", "kkkbfk"))
    return _DOUBLES.sub(r"\1", text), article


def link_discovered(surface: str, country: str | None, gazetteer: Gazetteer) -> Entry | None:
    """The one GeoNames place of `country` with no Arabic form whose name the surface spells."""
    if country is None or not has_arabic(surface):
        return None
    skeleton = arabic_skeleton(surface)
    if len(skeleton) < MIN_SKELETON:
        return None
    arabic_article = normalize_arabic(surface).startswith("ال")
    found = {
        entry.id: entry
        for entry, article in _index(gazetteer).get((country, skeleton), ())
        if arabic_article or not article
    }
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=4)
def _index(gazetteer: Gazetteer) -> dict[tuple[str, str], list[tuple[Entry, bool]]]:
    """(country, Latin skeleton) → GeoNames places with no Arabic form, each with its article flag."""
    index: dict[tuple[str, str], list[tuple[Entry, bool]]] = {}
    for entry in gazetteer.entries:
        if entry.kind != "city" or entry.source != "geonames" or entry.arabic_known or not entry.country:
            continue
        names = {entry.label_en, *(a for a in entry.aliases if not has_arabic(a))}
        for name in names:
            skeleton, article = latin_skeleton(name)
            if len(skeleton) >= MIN_SKELETON:
                index.setdefault((entry.country, skeleton), []).append((entry, article))
    return index
