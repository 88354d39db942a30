"""The analyzers used by the schema and by query parsing, each one readable expression.

    >>> [t.text for t in text_analyzer()("وبالمغرب خلايا Arrested in Nador")]
    ['مغرب', 'خل', 'arrest', 'nador']

One script-aware chain serves mixed text: every filter looks at the script of each token, so an
Arabic word goes through the Arabic steps and a Latin word through the English ones, in the same
field and the same query.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Composable, Filter, RegexTokenizer, StopFilter, Token

from .arabic import LightStemmer, has_arabic, normalize_arabic, strip_marks
from .english import english_stem, fold_latin
from .stopwords import ARABIC_STOPWORDS, ENGLISH_STOPWORDS

# A word is a run of letters/digits (\w), with the marks that live *inside* Arabic words: harakat,
# superscript alef, Quranic marks, tatweel and zero-width/bidi controls. Whoosh's default pattern
# cuts مُحَمَّد into four letters and keeps المستويات.وأشار as one token; this one does neither.
WORD_PATTERN = (
    r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    r"\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]+"
)


MAX_TOKEN_CHARS = 64  # longer "words" are URLs, base64, or keyboard mashing: never a search term

# Each filter works on one word at a time, and news repeats its words: the per-word functions are
# cached (as Whoosh's own StemFilter does), which makes indexing markedly faster.
_WORD_CACHE = 2**16
_stripped = lru_cache(maxsize=_WORD_CACHE)(strip_marks)
_normalized = lru_cache(maxsize=_WORD_CACHE)(normalize_arabic)
_is_arabic = lru_cache(maxsize=_WORD_CACHE)(has_arabic)


class MarkFilter(Filter):
    """Drop diacritics, tatweel and invisible characters; a token left empty (or absurdly long) is dropped."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = _stripped(t.text)
            if text.strip("_") and len(text) <= MAX_TOKEN_CHARS:
                t.text = text
                yield t


class ArabicNormalizeFilter(Filter):
    """Unify alef/hamza forms, ى→ي, ة→ه; Arabic-Indic and Persian digits → ASCII (any token)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = _normalized(t.text)
            yield t


class LatinFoldFilter(Filter):
    """Lowercase and strip accents from tokens that hold no Arabic letter."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not _is_arabic(t.text):
                t.text = fold_latin(t.text)
            yield t


@lru_cache(maxsize=8)
def _stemmer(single_min: int) -> LightStemmer:
    return LightStemmer(single_min=single_min)


class ArabicStemFilter(Filter):
    """Light-stem Arabic tokens (clitics, suffixes, broken plurals); other tokens pass through.

    Function words hidden behind clitics (والتي, وفي) are dropped, as StopFilter drops التي, في.
    """

    def __init__(self, single_min: int = 3):
        self.single_min = single_min

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = _stemmer(self.single_min).stem
        for t in tokens:
            if _is_arabic(t.text):
                t.text = stem(t.text)
                if not t.text:  # a function word behind clitics (والتي, وفي): a stopword
                    continue
            yield t


class EnglishStemFilter(Filter):
    """Snowball English stemming of Latin-letter tokens; numbers and Arabic pass through."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if text.isascii() and text.isalpha():
                t.text = english_stem(text)
            yield t


def _normalised(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold_latin(normalize_arabic(strip_marks(w))) for w in words)


STOPWORDS = _normalised(ARABIC_STOPWORDS | ENGLISH_STOPWORDS)


def tokenizer() -> RegexTokenizer:
    return RegexTokenizer(WORD_PATTERN)


def exact_analyzer() -> Composable:
    """Normalised but unstemmed, stopwords kept: the field a quoted phrase is matched against."""
    return tokenizer() | MarkFilter() | ArabicNormalizeFilter() | LatinFoldFilter()


def text_analyzer(single_min: int = 3) -> Composable:
    """The ranking chain: normalise, drop stopwords, stem Arabic lightly and English with Snowball."""
    return (
        exact_analyzer()
        | StopFilter(stoplist=STOPWORDS, minsize=1)
        | ArabicStemFilter(single_min=single_min)
        | EnglishStemFilter()
    )


def analyze(text: str, analyzer: Composable | None = None) -> list[str]:
    """The terms a text yields: `analyze("الإرهـــاب")` → `['ارهاب']`."""
    chain = analyzer if analyzer is not None else text_analyzer()
    return [t.text for t in chain(text)]
