"""Names across scripts: Latin ↔ Arabic candidates, kept only when the archive uses them.

    >>> skeleton("Nador") == skeleton("ناظور")
    True

A name no lexicon has (a person, a small town, an organisation) is written in the other script by
sound, and both Maghrebi French-style and English romanisation are common (Oujda/Wajda, Chaouen/
Shawen, Djerada/Jerada, Khouribga). Generating every spelling is exponential, so both sides are
reduced to a *consonant skeleton* instead: letters that romanisations confuse share a class (ق ك
and k/q/g; ش and ch/sh; ج and j/dj; ظ ض د ذ and d/dh), vowels, ayn, hamza and the semi-vowels و ي
are dropped on both sides, s and z are one class (a final English s sounds z: Wales/ويلز), doubled
letters collapse, and el-/al- is taken off. Every term of the
archive's vocabulary is indexed by its skeleton once per index build; a query word's candidates are
the terms with the same skeleton, ranked by how well their letters (vowels included) match and by
how many articles use them.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ..analysis import fold_latin, has_arabic, light_stem, normalize_arabic, strip_marks

MIN_SKELETON = 2  # consonants; shorter names match too much
MAX_CANDIDATES = 3  # spellings kept per name
MIN_SIMILARITY = 0.55
SHORT_SIMILARITY = 0.7
MAX_LOOKUP = 400  # vocabulary terms compared for one name, at most (bounded work)

_ARABIC_CLASS = {
    "ب": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "j", "ح": "h", "ه": "h", "خ": "x", "د": "d",
    "ض": "d", "ذ": "d", "ظ": "d", "ر": "r", "ز": "s", "س": "s", "ص": "s", "ش": "c", "غ": "k",
    "ق": "k", "ك": "k", "گ": "k", "ڭ": "k", "ف": "f", "ڤ": "f", "پ": "b", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
# Latin letter groups, longest first, and the class each stands for ("" = a vowel, dropped).
_LATIN_GROUPS = [
    ("sch", "c"), ("tch", "c"), ("dj", "j"), ("kh", "x"), ("gh", "k"), ("sh", "c"), ("ch", "c"),
    ("th", "t"), ("dh", "d"), ("ph", "f"), ("ck", "k"), ("ou", ""), ("qu", "k"), ("x", "ks"),
    ("ge", "j"), ("gi", "j"), ("ce", "s"), ("ci", "s"), ("ç", "s"),
    ("b", "b"), ("p", "b"), ("t", "t"), ("j", "j"), ("h", "h"), ("d", "d"), ("r", "r"), ("z", "s"),
    ("s", "s"), ("c", "k"), ("k", "k"), ("q", "k"), ("g", "k"), ("f", "f"), ("v", "f"), ("l", "l"),
    ("m", "m"), ("n", "n"),
]  # fmt: skip
_LATIN_RE = re.compile("|".join(re.escape(g) for g, _ in _LATIN_GROUPS) + "|.")
_LATIN_CLASS = dict(_LATIN_GROUPS)
# For comparing letters once the skeletons agree: a plain romanisation of Arabic letters.
_ROMAN = {**_ARABIC_CLASS, "ا": "a", "و": "ou", "ي": "i", "ع": "a", "ء": "", "ئ": "", "ؤ": "", "ش": "ch",
          "خ": "kh", "غ": "gh", "ق": "k", "ه": "a"}  # fmt: skip
_LATIN_ARTICLE = re.compile(r"^(?:el|al|el-|al-|l')(?=[a-z]{3})")


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=2**16)
def skeleton(word: str) -> str:
    """The consonant classes of a name in either script: `skeleton("Kenitra") == skeleton("قنيطرة")`."""
    if has_arabic(word):
        key = normalize_arabic(strip_marks(word))
        if key.startswith("ال") and len(key) > 4:
            key = key[2:]
        if key.endswith("ه"):  # ة (normalised to ه) is a vowel
            key = key[:-1]
        return _collapse([_ARABIC_CLASS.get(ch, "") for ch in key])
    key = _LATIN_ARTICLE.sub("", fold_latin(word).replace("'", "").replace("-", ""))
    return _collapse([_LATIN_CLASS.get(m.group(), "") for m in _LATIN_RE.finditer(key)])


def romanize(word: str) -> str:
    """A rough Latin spelling of an Arabic word, only to compare vowels: `romanize("ناظور")` → `nadour`."""
    return "".join(_ROMAN.get(ch, "") for ch in normalize_arabic(word))


def similarity(latin: str, arabic: str) -> float:
    """How alike a Latin spelling and an Arabic word sound, 0–1 (letters, vowels included)."""
    a = _LATIN_ARTICLE.sub("", fold_latin(latin))
    return SequenceMatcher(None, a, romanize(arabic)).ratio()


def _ranked(
    word: str, found: list[tuple[str, int]], score: Any, target_form: Any
) -> list[tuple[str, str, float]]:
    # Two consonants are shared by many words (Warsaw and ارز both reduce to "rs"): such short
    # skeletons need letters that agree better.
    threshold = MIN_SIMILARITY if len(skeleton(word)) > 2 else SHORT_SIMILARITY
    scored = []
    for term, df in found[:MAX_LOOKUP]:
        s = score(word, term)
        if s >= threshold:
            scored.append((s, df, term))
    scored.sort(key=lambda x: (-x[0], -x[1], x[2]))
    best = scored[:MAX_CANDIDATES]
    total = sum(s for s, _, _ in best) or 1.0
    return [(target_form(term), term, s / total) for s, _, term in best]


def arabic_candidates(word: str, vocabulary: Any) -> list[tuple[str, str, float]]:
    """(form, term, weight) of Arabic-script terms of the archive that may spell a Latin name."""
    if len(word) < 3 or not word.isalpha():
        return []
    found: dict[str, int] = {}
    # An English plural or possessive is not part of the name (Broncos → برونكو).
    for form in dict.fromkeys([word, re.sub(r"(?<=[a-z])(?:es|s)$", "", word, flags=re.I)]):
        key = skeleton(form)
        if len(key) >= MIN_SKELETON:
            found.update(vocabulary.candidates(key, "ar"))
    return _ranked(word, sorted(found.items()), similarity, lambda term: term)


def latin_candidates(word: str, vocabulary: Any) -> list[tuple[str, str, float]]:
    """(form, term, weight) of Latin-script terms of the archive that may spell an Arabic name."""
    written = normalize_arabic(strip_marks(word))
    found: dict[str, int] = {}
    # The word as written (a name keeps its ending: بنكيران) and its stem (clitics off: وبنكيران).
    for form in dict.fromkeys([written, light_stem(written)]):
        key = skeleton(form)
        if len(key) >= MIN_SKELETON and len(form) >= 3:
            found.update(vocabulary.candidates(key, "en"))
    return _ranked(written, sorted(found.items()), lambda s, t: similarity(t, s), lambda term: term)


class SkeletonIndex:
    """The archive's terms by skeleton, per script: built once per index build, on first use."""

    def __init__(self, terms: Any):
        self.by_key: dict[tuple[str, str], list[str]] = {}
        for term in terms:
            script = "ar" if has_arabic(term) else "en"
            if script == "en" and not term.isalpha():
                continue
            key = skeleton(term) if script == "en" else _arabic_skeleton(term)
            if len(key) >= MIN_SKELETON:
                self.by_key.setdefault((script, key), []).append(term)

    def lookup(self, key: str, script: str) -> list[str]:
        return self.by_key.get((script, key), [])


def _arabic_skeleton(term: str) -> str:
    return _collapse([_ARABIC_CLASS.get(ch, "") for ch in (term[:-1] if term.endswith("ه") else term)])
