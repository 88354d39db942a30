"""A second, coarser representation of Arabic words, built at query time from the index's own terms.

    >>> table = CoarseTable.from_terms({"تاسيس": 40, "تاسست": 9, "مؤسس": 30})
    >>> table.cousins("تاسست")
    ('تاسيس', 'مؤسس')
    >>> ranked = with_coarse(build_query("متى تأسست الجامعة"), table)

The light stemmer (analysis/arabic.py) joins the forms of one word, never two words of one root:
`تأسست` (it was founded) and `تأسيس` (founding), `سقطت` and `سقوط`, `يقع` and `موقع` stay apart, and
a question written with the verb misses a paragraph written with the noun. Here every Arabic term of
the index (its body terms, already light-stemmed) gets a root-like key (`coarse_key`: hamza seats
folded, one derivational prefix and the past-tense ت taken off, the weak letters ا و ي dropped:
`تاسست`, `تاسيس`, `مؤسس` → `سس`), and each Arabic word of a query is joined, at a low weight
(`COARSE_WEIGHT`), by the terms of its key, scored as *one* term: a `SynonymSet` (PSQ BM25,
ranking.py), so a key of many rare forms counts like one word of their summed frequency.

No index field is added (indexing stays as fast as it is): the key → terms table is computed once
per index build, from the term lists, when the first query needs it. The coarse evidence only
re-orders what the query matched (`AndMaybe`): totals and facet counts stay the query's, and
highlighting still marks the query's own words. `COARSE_WEIGHT = 0` switches it off.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from whoosh import query as wq

from . import spelling
from .analysis.arabic import has_arabic
from .spelling import neighbours
from .translate.structured import Blend, SynonymSet

COARSE_WEIGHT = 0.3
TABLE_FILE = "coarse.pickle"  # saved by the indexer: reading every term at the first query took 21 s at 80k
MAX_COUSINS = 30  # most frequent terms kept per key: bounds the postings read per query word
MAX_WORDS = 16  # query words given a class: bounds the cost of a pasted paragraph
INCLUDE_SELF = True  # the word's own term is one of its key's alternatives (its coarse class)
FIELDS = ("body",)  # the body holds the title's words; better on ARCD than title + body, and cheaper

_HAMZA_SEATS = str.maketrans({"ؤ": "ا", "ئ": "ا", "ء": "ا"})
_WEAK = str.maketrans({"ا": None, "و": None, "ي": None})
# Derivational and verbal prefixes, longest first: استفعل, مستفعل, مفعل/تفعيل, يفعل/نفعل/أفعل.
_PREFIXES = ("است", "مست", "ست", "مت", "ان", "م", "ت", "ي", "ن", "ا")
MIN_KEY = 2  # consonants left; a shorter key joins unrelated words
# Consonants a prefix must leave, keyed by "the prefix is longer than one letter": two after ت ي م…
# (تقع → قع), three after است مست… (مستقل keeps its ست; letting them leave two measured worse).
PREFIX_REST = {False: 2, True: 3}


def coarse_key(stem: str) -> str | None:
    """The root-like key of one light-stemmed Arabic term (None when too short to group by):
    `coarse_key("تاسست") == coarse_key("تاسيس") == "سس"`, `coarse_key("سقوط") == "سقط"`."""
    word = stem.translate(_HAMZA_SEATS)
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if (
            word.startswith(prefix)
            and len(rest) >= 2
            and len(rest.translate(_WEAK)) >= PREFIX_REST[len(prefix) > 1]
        ):
            word = rest
            break
    if len(word) >= 4 and word.endswith("ت") and len(word[:-1].translate(_WEAK)) >= MIN_KEY:
        word = word[:-1]  # the past tense's feminine ت: سقطت → سقط
    key = word.translate(_WEAK)
    return key if len(key) >= MIN_KEY else None


class CoarseTable:
    """Key → the index terms that share it, most frequent first (at most `MAX_COUSINS`)."""

    def __init__(self, classes: dict[str, tuple[str, ...]], df: dict[str, int] | None = None):
        self._classes = classes
        self.df = df or {}  # every Arabic term of the index → its document frequency (spelling.py)
        self._key_of = {term: key for key, terms in classes.items() for term in terms}

    @classmethod
    def from_terms(cls, df: dict[str, int]) -> CoarseTable:
        """From term → document frequency (Latin terms and numbers are left out)."""
        grouped: dict[str, list[str]] = defaultdict(list)
        arabic = {term: count for term, count in df.items() if has_arabic(term)}
        for term in arabic:
            key = coarse_key(term)
            if key is not None:
                grouped[key].append(term)
        # A class of one term is kept: it is what a query word the index lacks (تاسست) reaches.
        classes = {
            key: tuple(sorted(terms, key=lambda t: (-df[t], t))[:MAX_COUSINS])
            for key, terms in grouped.items()
        }
        return cls(classes, arabic)

    @classmethod
    def from_reader(cls, reader: Any, lock: threading.Lock | None = None) -> CoarseTable:
        """The table of one index build: the terms of its `FIELDS`, by document frequency."""
        df: dict[tuple[str, str], int] = {}
        with lock or threading.Lock():
            for fieldname in FIELDS:
                if fieldname not in reader.schema:
                    continue
                # Segment by segment: a multi-segment reader's own iter_field looks every term up in
                # every segment (30 s at 16k articles instead of 0.6 s).
                for leaf, _ in reader.leaf_readers():
                    for raw, info in leaf.iter_field(fieldname):
                        term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                        df[(fieldname, term)] = df.get((fieldname, term), 0) + info.doc_frequency()
        best: dict[str, int] = {}
        for (_, term), count in df.items():
            best[term] = max(best.get(term, 0), count)  # the larger of title and body
        return cls.from_terms(best)

    def save(self, path: Path) -> None:
        """Keep the table beside the index build it was made from (indexer: after each build)."""
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as handle:
            pickle.dump((self._classes, self.df), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> CoarseTable | None:
        """The table saved with a build (None if there is none or it is unreadable)."""
        try:
            with open(path, "rb") as handle:
                classes, df = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return None
        return cls(classes, df)

    def __len__(self) -> int:
        return len(self._classes)

    def terms(self, stem: str) -> tuple[str, ...]:
        """The stem's coarse class (itself included when the index holds it), or () if none."""
        key = self._key_of.get(stem) or coarse_key(stem)
        found = self._classes.get(key, ()) if key else ()
        return found if stem in found else ((stem, *found) if found else ())

    def cousins(self, stem: str) -> tuple[str, ...]:
        """The other terms of the stem's class."""
        return tuple(t for t in self.terms(stem) if t != stem)


def _arabic_stems(q: wq.Query) -> list[str]:
    """The query's own Arabic stems (its terms in `FIELDS`), in order; a translated concept's are not."""
    found: list[str] = []
    if isinstance(q, SynonymSet):
        return found
    if isinstance(q, wq.Term):
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else str(q.text)
        return [text] if q.fieldname in FIELDS and has_arabic(text) else []
    if isinstance(q, wq.AndNot):
        return _arabic_stems(q.a)
    for sub in q.children():
        found += [s for s in _arabic_stems(sub) if s not in found]
    return found


def coarse_query(q: wq.Query, table: CoarseTable, weight: float | None = None) -> wq.Query | None:
    """One low-weight concept per Arabic word of the query: its key's terms as one term (None if
    no word has a class)."""
    weight = COARSE_WEIGHT if weight is None else weight
    concepts: list[wq.Query] = []
    for stem in _arabic_stems(q)[:MAX_WORDS]:
        terms = table.terms(stem) if INCLUDE_SELF else table.cousins(stem)
        if terms and (INCLUDE_SELF is False or len(terms) > 1):
            concepts.append(SynonymSet(stem, [((t,), 1.0) for t in terms], fields=FIELDS, boost=weight))
        near = neighbours(stem, table.df) if spelling.SPELLING_WEIGHT > 0 else ()
        if near:  # a word the archive lacks: its spellings one letter away (spelling.py)
            spelt: list[tuple[tuple[str, ...], float]] = [((t,), 1.0) for t in near]
            concepts.append(SynonymSet(stem, spelt, fields=FIELDS, boost=spelling.SPELLING_WEIGHT))
    if not concepts:
        return None
    return concepts[0] if len(concepts) == 1 else wq.Or(concepts)


def with_coarse(q: wq.Query, table: CoarseTable | None, weight: float | None = None) -> wq.Query:
    """The query to rank by: the query itself, and maybe its words' coarse classes (re-ordering only)."""
    weight = COARSE_WEIGHT if weight is None else weight
    if table is None or weight <= 0:
        return q
    if isinstance(q, Blend):  # the source side only: each side is put on its own scale
        source, translated = q.subqueries
        return Blend(with_coarse(source, table, weight), translated, q.weight)
    coarse = coarse_query(q, table, weight)
    return q if coarse is None else wq.AndMaybe(q, coarse)
