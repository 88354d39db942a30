"""One pass over an article's words for all three text fields: `title`, `body` and `exact`.

    >>> fields = analyse_fields("خلايا ارهابية", "أعلنت الشرطة بالناظور", french=False)
    >>> AnalysedText().index(fields["body"])  # the postings Whoosh would get from the body text

Whoosh analyses each field on its own: the title once for `title` and again inside `exact`, the body
once for `body` and again for `exact`, every word through a chain of generator filters. Here each
text is cut into words once; each distinct word goes through the real chains once (cached, so the
terms are the chains' own by construction: tests compare both paths on real text), and the three
fields' postings (term, frequency, weight, encoded positions) are built from that one word list.
Positions follow the chains: `exact` counts every word the tokenizer found; `title` renumbers
after stopwords as Whoosh's StopFilter does; a word whose stem is empty (والتي) leaves a gap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from .chains import LanguageStopFilter, exact_analyzer, text_analyzer, tokenizer
from .french import FRENCH

STOPPED = ""  # a stopword: no term, and no position in a renumbering field
_TOKEN_RE = tokenizer().expression
_EXACT = exact_analyzer()
_TEXT = text_analyzer()
_STOPS = next(f for f in _TEXT.items if isinstance(f, LanguageStopFilter))  # the chain's own
MAX_CACHED_WORDS = 2**18
_FORMS: tuple[dict[str, tuple[str | None, str | None]], ...] = ({}, {})  # [french] word → forms

Postings = list[tuple[bytes, int, float, bytes]]  # what Whoosh's FieldType.index yields


class PreAnalysed:
    """A field value whose postings were computed already; `AnalysedText.index` hands them over."""

    __slots__ = ("postings",)

    def __init__(self, postings: Postings):
        self.postings = postings  # weights before the field's boost


class AnalysedText(TEXT):
    """Whoosh's TEXT that also takes a `PreAnalysed` value (a string is analysed as usual)."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, PreAnalysed):
            boost = self.format.field_boost
            if boost == 1.0:
                return iter(value.postings)
            return ((t, f, w * boost, v) for t, f, w, v in value.postings)
        return super().index(value, **kwargs)


def word_forms(word: str, french: bool = False) -> tuple[str | None, str | None]:
    """(exact term, ranking term) of one tokenizer word, from the chains themselves.

    The exact term is None when the chains drop the word (marks only, absurdly long); the ranking
    term is STOPPED for a stopword and None for a word dropped after stopwords (an empty stem).
    `exact` is the same for every language (indexer.to_document marks only title and body French).
    """
    cache = _FORMS[french]
    forms = cache.get(word)
    if forms is None:
        exact = [t.text for t in _EXACT(word)]
        if not exact:
            forms = (None, None)
        else:
            kwargs = {"lang": FRENCH} if french else {}
            stopped = [t.stopped for t in _STOPS(_EXACT(word, removestops=False, **kwargs))]
            if stopped[0]:
                forms = (exact[0], STOPPED)
            else:
                terms = [t.text for t in _TEXT(word, **kwargs)]
                forms = (exact[0], terms[0] if terms else None)
        if len(cache) < MAX_CACHED_WORDS:
            cache[word] = forms
    return forms


def _words(text: str, french: bool) -> list[tuple[str | None, str | None]]:
    return [word_forms(m.group(0), french) for m in _TOKEN_RE.finditer(text)]


def analyse_fields(title: str, body: str, french: bool = False) -> dict[str, PreAnalysed]:
    """The `title`, `body` and `exact` field values of an article, each text cut into words once."""
    title_words = _words(title, french)
    body_words = _words(body, french)
    return {
        "title": _positions(_ranking_positions(title_words)),
        "body": _frequencies(t for _, t in body_words),
        # `exact` indexes title + "\n" + body: the body's words continue the title's positions.
        "exact": _positions((e, p) for p, (e, _) in enumerate(title_words + body_words) if e is not None),
    }


def _ranking_positions(words: list[tuple[str | None, str | None]]) -> Iterator[tuple[str, int]]:
    """(term, position) as the text chain numbers them: stopwords removed and renumbered."""
    pos: int | None = None
    for original, (exact, term) in enumerate(words):
        if exact is None or term == STOPPED:
            continue
        pos = original if pos is None else pos + 1
        if term is not None:
            yield term, pos


def _positions(pairs: Any) -> PreAnalysed:
    poses: dict[str, list[int]] = defaultdict(list)
    for term, pos in pairs:
        poses[term].append(pos)
    return PreAnalysed([(t.encode("utf-8"), len(p), float(len(p)), _encode(p)) for t, p in poses.items()])


def _frequencies(terms: Any) -> PreAnalysed:
    freqs: dict[str, int] = defaultdict(int)
    for term in terms:
        if term:
            freqs[term] += 1
    return PreAnalysed([(t.encode("utf-8"), f, float(f), pack_uint(f)) for t, f in freqs.items()])


_encode = Positions().encode
