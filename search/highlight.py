"""Query words marked in a text, as data: segments flagged as matches, escaped only when shown.

    >>> snippet("وأعلنت الشرطة بالناظور تفكيك خلية…", {"ناظور", "خل"})
    [Segment('… وأعلنت الشرطة '), Segment('بالناظور', True), …]

A word matches when the ranking chain turns it into one of the query's terms. Every filter of that
chain works on one word at a time, so a word's term depends on the word alone: it is computed once
per distinct word (an LRU cache) and a text is scanned with the chain's own word pattern. That
makes a results page cost a few dictionary look-ups per word instead of analysing 20 bodies.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from .analysis import exact_analyzer, text_analyzer
from .analysis.chains import WORD_PATTERN
from .analysis.french import FRENCH, FRENCH_STOPWORDS, is_french

SNIPPET_CHARS = 220  # longest fragment
CONTEXT_CHARS = 70  # text kept before the first and after the last match of a fragment
FRAGMENTS = 2
LEAD_CHARS = 240  # what a hit shows when no query word is in its text

_WORD_RE = re.compile(WORD_PATTERN)
assert WORD_PATTERN.startswith("[") and WORD_PATTERN.endswith("]+")  # one character class, repeated
_is_word_char = re.compile(WORD_PATTERN[:-1]).match  # (text, position): a word character there?
_TEXT = text_analyzer()
_EXACT = exact_analyzer()
# A query term that is a word as written (the `exact` field), not a stem: "=" + the normalised word.
# In a French article such a word is marked where it is written even when its French stem differs
# from the query's ("securite" typed without accents finds "sécurité" through the exact field, and
# a quoted phrase marks its words); elided articles and stopwords are not marked. Elsewhere a
# written form's stem is always among the terms already, so nothing changes.
WRITTEN_PREFIX = "="


@dataclass
class Segment:
    text: str
    match: bool = False


def segments_html(segments: list[Segment]) -> str:
    """Escaped HTML with <mark> around matches: a document can never inject markup."""
    return "".join(
        f"<mark>{html.escape(s.text)}</mark>" if s.match else html.escape(s.text) for s in segments
    )


@lru_cache(maxsize=65536)
def word_term(word: str, french: bool = False) -> str | None:
    """The term the ranking chain makes of one written word (`بالناظور` → `ناظور`), stopwords too.

    `french`: the word is in a French article (`armées` → `fr:arme`).
    """
    tokens = _TEXT(word, removestops=False, lang=FRENCH) if french else _TEXT(word, removestops=False)
    for token in tokens:
        return str(token.text)
    return None


@lru_cache(maxsize=65536)
def written_term(word: str) -> str | None:
    """The word as the `exact` field holds it, as a highlight term: `Sécurité` → `=securite`."""
    for token in _EXACT(word):
        return WRITTEN_PREFIX + str(token.text)
    return None


def match_spans(
    text: str, terms: set[str] | frozenset[str], lang: str | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of the text that is one of the terms (`lang`: the text's)."""
    if not terms:
        return []
    french = is_french(lang)
    written = french and any(t.startswith(WRITTEN_PREFIX) for t in terms)
    # Each distinct word of the text is looked at once and, after the first time it is seen, by set
    # operations (`_WordTerms`); then only the few words that match are looked for in the text
    # (str.find, each occurrence kept where the word pattern would read it whole): no Python step
    # per word of the text, no pattern compiled per text.
    distinct = set(_WORD_RE.findall(text))
    hits = _WORD_TERMS[french].matching(distinct, terms)
    if written:
        for word in distinct.difference(hits):
            if (form := written_term(word)) in terms and word.lower() not in FRENCH_STOPWORDS:
                hits[word] = word_term(word, french) or str(form)
    spans = []
    for word, term in hits.items():
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and _is_word_char(text, at - 1)) and not _is_word_char(text, end):
                spans.append((at, end, term))
            at = text.find(word, at + 1)
    spans.sort()
    return spans


class _WordTerms:
    """Each written word's term (`word_term`), kept with its inverse (term → words) so that the words
    of a text that make one of a query's terms are found by set intersections, at C speed."""

    MAX_WORDS = 1 << 17  # words remembered (a few tens of MB at most); later ones are analysed each time

    def __init__(self, french: bool) -> None:
        self.french = french
        self.term: dict[str, str | None] = {}
        self.words: dict[str, set[str]] = {}

    def matching(self, distinct: set[str], terms: set[str] | frozenset[str]) -> dict[str, str]:
        """{word: term} for the words among `distinct` whose term is one of `terms`."""
        hits: dict[str, str] = {}
        for word in distinct.difference(self.term):  # words never seen before
            term = word_term(word, self.french)
            if len(self.term) < self.MAX_WORDS:
                self.term[word] = term
                if term is not None:
                    self.words.setdefault(term, set()).add(word)
            elif term is not None and term in terms:
                hits[word] = term
        for term in terms:
            known = self.words.get(term)
            if known:
                for word in known & distinct:  # one C-level step: safe beside other threads
                    hits[word] = term
        return hits


_WORD_TERMS = {False: _WordTerms(False), True: _WordTerms(True)}


def mark_all(text: str, terms: set[str] | frozenset[str], lang: str | None = None) -> list[Segment]:
    """The whole text as segments, every query word marked (titles, article paragraphs)."""
    return _segments(text, 0, len(text), match_spans(text, terms, lang))


def _segments(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[Segment]:
    out: list[Segment] = []
    index = start
    for span_start, span_end, _ in spans:
        if span_start > index:
            out.append(Segment(text[index:span_start]))
        out.append(Segment(text[span_start:span_end], True))
        index = span_end
    if index < end or not out:
        out.append(Segment(text[index:end]))
    return out


def _word_boundary(text: str, position: int, forward: bool) -> int:
    """The nearest space at or beyond the position, so a fragment never cuts a word in two."""
    if position <= 0:
        return 0
    if position >= len(text):
        return len(text)
    if forward:
        found = text.find(" ", position)
        return len(text) if found < 0 or found - position > 20 else found
    found = text.rfind(" ", 0, position)
    return 0 if found < 0 or position - found > 20 else found + 1


def _fragments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, list]]:
    """Runs of nearby matches, each at most SNIPPET_CHARS long with context around it."""
    fragments: list[tuple[int, int, list]] = []
    current: list[tuple[int, int, str]] = []
    for span in spans:
        if current and span[1] - current[0][0] > SNIPPET_CHARS - 2 * CONTEXT_CHARS:
            fragments.append(_with_context(text, current))
            current = []
        current.append(span)
    if current:
        fragments.append(_with_context(text, current))
    return fragments


def _with_context(text: str, spans: list[tuple[int, int, str]]) -> tuple[int, int, list]:
    start = _word_boundary(text, spans[0][0] - CONTEXT_CHARS, forward=False)
    end = _word_boundary(text, spans[-1][1] + CONTEXT_CHARS, forward=True)
    return start, end, spans


def snippet(text: str, terms: set[str] | frozenset[str], lang: str | None = None) -> list[Segment]:
    """Up to two fragments with the most distinct query words (then the most matches), in text order.

    Empty if no query word is in the text (the caller shows the lead instead).
    """
    spans = match_spans(text, terms, lang)
    if not spans:
        return []
    fragments = _fragments(text, spans)
    best = sorted(
        range(len(fragments)),
        key=lambda i: (-len({s[2] for s in fragments[i][2]}), -len(fragments[i][2]), i),
    )[:FRAGMENTS]
    shown: list[tuple[int, int, list]] = []
    for i in sorted(best):
        start, end, chosen = fragments[i]
        if shown and start <= shown[-1][1]:  # the two overlap: one continuous passage
            shown[-1] = (shown[-1][0], end, shown[-1][2] + chosen)
        else:
            shown.append((start, end, chosen))
    out: list[Segment] = []
    for start, end, chosen in shown:
        if out:
            out.append(Segment(" … "))
        elif start > 0:
            out.append(Segment("… "))
        out.extend(_segments(text, start, end, chosen))
    if shown[-1][1] < len(text):
        out.append(Segment(" …"))
    return out


def lead(text: str, chars: int = LEAD_CHARS) -> list[Segment]:
    """The start of a text, cut at a word."""
    if len(text) <= chars:
        return [Segment(text)]
    return [Segment(text[:chars].rsplit(" ", 1)[0]), Segment(" …")]
