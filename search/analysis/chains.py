"""The analyzers used by the schema and by query parsing, each one readable expression.

    >>> [t.text for t in text_analyzer()("وبالمغرب خلايا Arrested in Nador")]
    ['مغرب', 'خل', 'arrest', 'nador']
    >>> [t.text for t in text_analyzer()("l’armée à Nador", lang="fr")]
    ['fr:arme', 'fr:nador']

One script-aware chain serves mixed text: every filter looks at the script of each token, so an
Arabic word goes through the Arabic steps and a Latin word through the English ones, in the same
field and the same query. A token tagged French (a French article, see french.py) takes the French
steps instead of the English ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Composable, Filter, RegexTokenizer, StopFilter, Token

from .arabic import LightStemmer, has_arabic, normalize_arabic, strip_marks
from .english import english_stem, fold_latin
from .french import FRENCH, FRENCH_STOPWORDS, french_term, strip_french_mark
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


def _french(t: Token) -> bool:
    return getattr(t, "lang", None) == FRENCH


class ScriptTokenizer(RegexTokenizer):
    """Words by WORD_PATTERN; a text that starts with the French mark gives French-tagged tokens."""

    def __call__(self, value: str, **kwargs):  # type: ignore[override]
        value, french = strip_french_mark(value)
        if french:
            kwargs["lang"] = FRENCH
        return super().__call__(value, **kwargs)


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
    """Lowercase and strip accents from tokens that hold no Arabic letter (French: lowercase only,
    the French stemmer needs the accents and folds after stemming)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not _is_arabic(t.text):
                t.text = t.text.lower() if _french(t) else fold_latin(t.text)
            yield t


class LanguageStopFilter(StopFilter):
    """Whoosh's StopFilter with the French list for French-tagged Latin words (elisions included)."""

    def __init__(self, stoplist: frozenset[str], french_stoplist: frozenset[str]):
        super().__init__(stoplist=stoplist, minsize=1)
        self.french_stops = french_stoplist

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        pos = None
        for t in tokens:
            text = t.text
            stops = self.french_stops if _french(t) and not _is_arabic(text) else self.stops
            if text not in stops:
                if self.renumber and t.positions:
                    if pos is None:
                        pos = t.pos
                    else:
                        pos += 1
                        t.pos = pos
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
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
    """Snowball English stemming of Latin-letter tokens; numbers, Arabic and French pass through."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if text.isascii() and text.isalpha() and not _french(t):
                t.text = english_stem(text)
            yield t


class FrenchStemFilter(Filter):
    """Snowball French stemming, then folding, of French-tagged Latin tokens (`armées` → `fr:arme`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if _french(t) and not _is_arabic(t.text):
                t.text = french_term(t.text)
            yield t


def _normalised(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold_latin(normalize_arabic(strip_marks(w))) for w in words)


STOPWORDS = _normalised(ARABIC_STOPWORDS | ENGLISH_STOPWORDS)


def tokenizer() -> RegexTokenizer:
    return ScriptTokenizer(WORD_PATTERN)


def exact_analyzer() -> Composable:
    """Normalised but unstemmed, stopwords kept: the field a quoted phrase is matched against."""
    return tokenizer() | MarkFilter() | ArabicNormalizeFilter() | LatinFoldFilter()


def text_analyzer(single_min: int = 3) -> Composable:
    """The ranking chain: normalise, drop stopwords, stem Arabic lightly, English and French with Snowball."""
    return (
        exact_analyzer()
        | LanguageStopFilter(STOPWORDS, FRENCH_STOPWORDS)
        | ArabicStemFilter(single_min=single_min)
        | EnglishStemFilter()
        | FrenchStemFilter()
    )


def analyze(text: str, analyzer: Composable | None = None, lang: str | None = None) -> list[str]:
    """The terms a text yields: `analyze("الإرهـــاب")` → `['ارهاب']`; `lang="fr"`: as a French text."""
    chain = analyzer if analyzer is not None else text_analyzer()
    if lang == FRENCH:
        return [t.text for t in chain(text, lang=FRENCH)]
    return [t.text for t in chain(text)]
