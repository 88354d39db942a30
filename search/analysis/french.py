"""French: stopwords, elision and Snowball French stemming, for articles whose language is French.

    >>> french_term("armées")
    'fr:arme'

French and English are told apart per *document* (clean.py's language, or the JSONL `lang`), but the
analyzers work per token. The indexer marks a French article's ranking text with FRENCH_MARK; the
chain's tokenizer removes the mark and tags every token with `lang="fr"` (a query or a highlighter asks
for the same with `analyzer(text, lang="fr")`), and the filters then take the French steps for Latin
words: lowercase (accents kept, Snowball needs them), French stopwords and elided articles, Snowball
French, then accent folding.

A French stem is written with the prefix `fr:` (`armées` → `fr:arme`, `Nador` → `fr:nador`), in the
same `title` and `body` fields as every other term. So French and English stems never collide (the
French "pain" (bread) is not the English "pain", and English-only collections score exactly as
before), while BM25F still sees one field with one average length: scores of French and English
articles stay comparable. A Latin query word is looked up under both stems (query.py). Arabic words
and numbers in a French article are analysed exactly as anywhere else, so `2015` and `الناظور` meet
across languages, and the unstemmed `exact` field (quoted phrases) is the same for every language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import Stemmer  # PyStemmer: the Snowball algorithms compiled to C
from whoosh.lang.stopwords import stoplists

from .english import fold_latin

FRENCH = "fr"
FRENCH_MARK = "\x00fr\x00"  # never in a document: reading removes NUL bytes
FRENCH_PREFIX = "fr:"  # a French stem; ":" is never inside a token

# Elided forms before a vowel (l'armée, d'Agadir, qu'il, jusqu'à, lorsqu'on, puisqu'elle). The
# tokenizer splits at both apostrophes (' and ’), so the elided part is a token of its own and is
# dropped here like a stopword. Hand-written list.
ELISIONS = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu".split())

# Function words the Snowball list leaves out (hand-written): "les", "a" (il a), "cette"…
FRENCH_EXTRA_STOPWORDS = frozenset("les a cet cette leurs dont où".split())

# Snowball's French stopword list (as Whoosh ships it), the elisions and the additions above.
# Lowercase, accents kept: they are tested before folding.
FRENCH_STOPWORDS = frozenset(stoplists[FRENCH]) | ELISIONS | FRENCH_EXTRA_STOPWORDS

_SNOWBALL = Stemmer.Stemmer("french")


@lru_cache(maxsize=200_000)
def french_stem(word: str) -> str:
    """Snowball French stem of a lowercased word, accents kept: `arrêtées` → `arrêt`."""
    return str(_SNOWBALL.stemWord(word))


@lru_cache(maxsize=200_000)
def french_term(word: str) -> str:
    """The ranking term of one lowercased French word: stemmed, folded, prefixed (`Sécurité` → `fr:secur`).

    Words of other characters than Latin letters (numbers, `h1n1`) are only folded, as in English.
    """
    lowered = word.lower()
    folded = fold_latin(lowered)
    if folded.isascii() and folded.isalpha():
        return FRENCH_PREFIX + fold_latin(french_stem(lowered))
    return folded


def is_french(lang: str | None) -> bool:
    """Whether an article's language code is French (`fr`, `FR`, `fr-FR`, `fr_MA`)."""
    return bool(lang) and str(lang).strip().lower().replace("_", "-").split("-")[0] == FRENCH


def mark_french(text: str) -> str:
    """Text to index with the French chain: `mark_french(article.body)` (see the module docstring)."""
    return FRENCH_MARK + text


def strip_french_mark(text: str) -> tuple[str, bool]:
    """The text without its mark, and whether it had one."""
    if text.startswith(FRENCH_MARK):
        return text[len(FRENCH_MARK) :], True
    return text, False


def similar_terms(searcher: Any, docnum: int, numterms: int = 25) -> list[tuple[str, float]]:
    """An article's key body terms (Whoosh's Bo1 model), analysed in its language: French stems for a
    French article. Same as `searcher.key_terms([docnum], "body", numterms, normalize=False)`, which
    re-analyses the stored body without knowing its language."""
    stored = searcher.stored_fields(docnum)
    if is_french(stored.get("lang")):
        body = mark_french(stored.get("body") or "")
        return list(searcher.key_terms_from_text("body", body, numterms=numterms, normalize=False))
    return list(searcher.key_terms([docnum], "body", numterms=numterms, normalize=False))
