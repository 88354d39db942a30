"""Score a query over cached postings arrays: Whoosh's BM25F scores, computed with numpy.

    >>> ranker = Ranker(reader, size, alive)
    >>> mask, scores = ranker.evaluate(build_query("خلايا ارهابية"), searcher)

Whoosh scores one posting at a time in Python, so a query over common news words (المغرب, الحكومة)
costs tens of milliseconds, and again for every facet click on the same query. Here each term's
postings are read once per index build into arrays (document numbers and BM25 scores) kept in a
bounded LRU cache, and the query tree is evaluated as dense arrays: a match mask and a score per
document. The scores are Whoosh's own (same formula, same statistics, float64, same order of
additions); tests compare the two. Query nodes without an array form (phrases, wildcards, ranges)
are run by Whoosh itself and joined in.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound

from .segment_reading import field_lengths, leaf_postings
from .translate.structured import Blend, SynonymSet

CACHE_BYTES = 96 * 2**20  # postings kept per open index build (about 8M postings)

Evaluated = tuple[np.ndarray, np.ndarray]  # (match mask: bool[size], score: float64[size])


def array_bytes(arrays: tuple[np.ndarray, ...]) -> int:
    return sum(a.nbytes for a in arrays)


class LRUCache:
    """A thread-safe LRU bounded by the total size of its values (`size`; by default 1 each)."""

    def __init__(self, budget: int, size: Callable[[Any], int] = lambda _: 1):
        self.budget = budget
        self.size = size
        self.used = 0
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Any, value: Any) -> None:
        size = self.size(value)
        if size > self.budget:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self.used += size
            while self.used > self.budget:
                _, old = self._items.popitem(last=False)
                self.used -= self.size(old)


def read_postings(reader: Any, fieldname: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of a term across segments: (global document numbers, weights)."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        try:
            matcher = leaf.postings(fieldname, text)
        except TermNotFound:
            continue
        leaf_ids, leaf_weights = leaf_postings(matcher)
        ids.append(leaf_ids + offset)
        weights.append(leaf_weights)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(ids), np.concatenate(weights)


def _tree_sum(parts: list[np.ndarray]) -> np.ndarray:
    """Sum in the order Whoosh's binary tree of matchers adds scores, so totals are bit-identical."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


class Ranker:
    """Query trees evaluated over one index build's postings (shared by every thread)."""

    def __init__(self, reader: Any, size: int, alive: np.ndarray, k1: float, b: float):
        self.size = size
        self.alive = alive
        self.k1, self.b = k1, b
        self._reader = reader
        self._reader_lock = threading.Lock()  # Whoosh readers are not safe across threads
        self._cache = LRUCache(CACHE_BYTES, size=array_bytes)
        self._lengths: dict[str, np.ndarray] = {}

    # --- terms --------------------------------------------------------------------------------------

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's (quantised) length of the field, as Whoosh's scorer reads it."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size)
            with self._reader_lock:
                for leaf, offset in self._reader.leaf_readers():
                    found[offset : offset + leaf.doc_count_all()] = field_lengths(leaf, fieldname)
            self._lengths[fieldname] = found
        return found

    def term(self, searcher: Any, fieldname: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, scores) of one term, as Whoosh's BM25F scorer gives them."""
        key = (fieldname, text)
        cached = self._cache.get(key)
        if cached is not None:
            return cached[0], cached[1]
        with self._reader_lock:
            docs, weights = read_postings(self._reader, fieldname, text)
        if searcher.schema[fieldname].scorable and len(docs):
            idf = searcher.idf(fieldname, text)
            avgfl = searcher.avg_field_length(fieldname) or 1
            lengths = self._field_lengths(fieldname)[docs]
            k1, b = self.k1, self.b
            scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        else:  # unscored fields (facets): Whoosh's score is the posting weight
            scores = weights
        docs = docs.astype(np.int32)
        self._cache.put(key, (docs, scores))
        return docs, scores

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, raw weights) of one term: what a synonym set adds up before BM25."""
        key = ("raw", fieldname, text)
        cached = self._cache.get(key)
        if cached is None:
            with self._reader_lock:
                docs, weights = read_postings(self._reader, fieldname, text)
            cached = (docs.astype(np.int32), weights)
            self._cache.put(key, cached)
        return cached[0], cached[1]

    def _alternative(self, fieldname: str, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Postings of a translation: one term's, or where all of a phrase's terms occur (its rarest
        term's frequency, a bound on how often the phrase occurs)."""
        docs, weights = self.postings(fieldname, terms[0])
        for term in terms[1:]:
            other_docs, other_weights = self.postings(fieldname, term)
            common, mine, theirs = np.intersect1d(docs, other_docs, assume_unique=True, return_indices=True)
            docs, weights = common, np.minimum(weights[mine], other_weights[theirs])
        return docs, weights

    def synonyms(self, q: SynonymSet, searcher: Any) -> Evaluated:
        """BM25 of a concept: weighted sums of its alternatives' term and document frequencies."""
        mask = np.zeros(self.size, dtype=bool)
        total = np.zeros(self.size)
        count = searcher.doc_count_all()
        k1, b = self.k1, self.b
        for fieldname in q.fields:
            doc_parts, tf_parts = [], []
            df = 0.0
            for terms, weight in q.alternatives:
                docs, weights = self._alternative(fieldname, terms)
                doc_parts.append(docs)
                tf_parts.append(weight * weights)
                df += weight * len(docs)
            if not df:
                continue
            # Only the documents of some alternative are scored (not the whole archive): their term
            # frequencies summed in the alternatives' order, as np.add.at over the archive did.
            found, slot = np.unique(np.concatenate(doc_parts), return_inverse=True)
            tf = np.bincount(slot, weights=np.concatenate(tf_parts), minlength=len(found))
            present = tf > 0
            if not present.any():
                continue
            found, tf = found[present], tf[present]
            idf = np.log(count / (df + 1)) + 1
            avgfl = searcher.avg_field_length(fieldname) or 1
            lengths = self._field_lengths(fieldname)[found]
            total[found] += idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths / avgfl)))
            mask[found] = True
        return mask, total * q.boost

    def scaled(self, q: wq.Query, searcher: Any) -> tuple[np.ndarray, np.ndarray, float]:
        """(mask, scores, ceiling): a query evaluated as `_node` does, with the most it can score
        (its words' best scores added), the scale of a Blend side; each word is evaluated once."""
        children = list(q.children())
        leaves = all(isinstance(sub, wq.Term) for sub in children)
        plain = q.boost == 1 and not leaves
        if plain and type(q) is wq.Or and not q.scale and not q.minmatch:
            # A word's parts (its stem in title and body, its written form) are one unit, scored at
            # their best together, like a translated concept: a sum of each part's best would ask
            # for an article that no word's fields can make.
            parts = [self.scaled(sub, searcher) for sub in children]
            mask = np.logical_or.reduce([m for m, _, _ in parts])
            return mask, _tree_sum([s for _, s, _ in parts]), sum(c for _, _, c in parts)
        if plain and type(q) is wq.And:
            parts = [self.scaled(sub, searcher) for sub in children]
            mask = np.logical_and.reduce([m for m, _, _ in parts])
            return mask, np.where(mask, _tree_sum([s for _, s, _ in parts]), 0.0), sum(c for _, _, c in parts)
        if isinstance(q, wq.AndMaybe) and q.boost == 1:
            (must, must_scores, must_top), (_, maybe_scores, maybe_top) = (
                self.scaled(sub, searcher) for sub in children
            )
            return must, np.where(must, must_scores + maybe_scores, 0.0), must_top + maybe_top
        if isinstance(q, wq.AndNot) and q.boost == 1:
            positive, scores, top = self.scaled(q.a, searcher)
            negative, _ = self._node(q.b, searcher)
            mask = positive & ~negative
            return mask, np.where(mask, scores, 0.0), top
        mask, scores = self._node(q, searcher)
        if mask.any():
            return mask, scores, float(scores[mask].max())
        # A word this archive lacks still counts in the scale, at what a one-article word would
        # score: a query of eight English words whose only match in an Arabic archive is a year
        # must not rank that match as a perfect one. (Each field it could appear in counts.)
        if isinstance(q, wq.Term):
            fields = q.boost
        elif leaves and isinstance(q, (wq.Or, wq.And)) and not isinstance(q, SynonymSet):
            fields = sum(sub.boost for sub in children)
        else:
            return mask, scores, 0.0
        return mask, scores, float((np.log(searcher.doc_count_all()) + 1) * fields)

    def _blend(self, q: Blend, searcher: Any) -> Evaluated:
        (source_mask, source, source_top), (translated_mask, translated, translated_top) = (
            self.scaled(sub, searcher) for sub in q.subqueries
        )
        mask = source_mask | translated_mask
        scaled_source = source / source_top if source_top > 0 else source * 0
        scaled_translated = q.weight * translated / translated_top if translated_top > 0 else translated * 0
        return mask, np.where(mask, np.maximum(scaled_source, scaled_translated), 0.0)

    # --- query trees --------------------------------------------------------------------------------

    def evaluate(self, q: wq.Query, searcher: Any) -> Evaluated:
        """The documents a query matches (alive ones) and their scores (0 where not matched)."""
        mask, scores = self._node(q.normalize(), searcher)
        mask = mask & self.alive
        return mask, np.where(mask, scores, 0.0)

    def _node(self, q: wq.Query, searcher: Any) -> Evaluated:
        if isinstance(q, Blend):
            return self._blend(q, searcher)
        if isinstance(q, SynonymSet):
            return self.synonyms(q, searcher)
        if isinstance(q, wq.Term):
            mask = np.zeros(self.size, dtype=bool)
            scores = np.zeros(self.size)
            docs, term_scores = self.term(searcher, q.fieldname, q.text)
            mask[docs] = True
            scores[docs] = term_scores if q.boost == 1 else term_scores * q.boost
            return mask, scores
        if type(q) is wq.Or and q.boost == 1 and not q.scale and not q.minmatch:
            parts = [self._node(sub, searcher) for sub in q.subqueries]
            return np.logical_or.reduce([m for m, _ in parts]), _tree_sum([s for _, s in parts])
        if type(q) is wq.And and q.boost == 1:
            parts = [self._node(sub, searcher) for sub in q.subqueries]
            mask = np.logical_and.reduce([m for m, _ in parts])
            return mask, np.where(mask, _tree_sum([s for _, s in parts]), 0.0)
        if isinstance(q, wq.AndMaybe) and q.boost == 1:
            (must, must_scores), (_, maybe_scores) = (self._node(sub, searcher) for sub in q.children())
            return must, np.where(must, must_scores + maybe_scores, 0.0)
        if isinstance(q, wq.AndNot) and q.boost == 1:
            (positive, scores), (negative, _) = (self._node(sub, searcher) for sub in q.children())
            mask = positive & ~negative
            return mask, np.where(mask, scores, 0.0)
        if q is wq.NullQuery:
            return np.zeros(self.size, dtype=bool), np.zeros(self.size)
        if type(q) is wq.Every and not q.fieldname:
            return self.alive.copy(), np.where(self.alive, float(q.boost), 0.0)
        return self._by_whoosh(q, searcher)

    def _by_whoosh(self, q: wq.Query, searcher: Any) -> Evaluated:
        """A node without an array form (phrase, range, wildcard): Whoosh matches and scores it."""
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        results = searcher.search(q, limit=None, optimize=False)
        for docnum, score in results.items():
            mask[docnum] = True
            scores[docnum] = score
        return mask, scores

    def top(
        self, mask: np.ndarray, scores: np.ndarray, start: int, end: int
    ) -> tuple[list[int], list[float]]:
        """Documents start..end of the ranking: score descending, then document number (as Whoosh)."""
        candidates = np.flatnonzero(mask)
        chosen = scores[candidates]
        if end < len(candidates):
            # Everything scoring at least the end-th best, so that ties at the cut are broken by
            # document number exactly as a full sort would.
            threshold = np.partition(chosen, len(chosen) - end)[len(chosen) - end]
            keep = chosen >= threshold
            candidates, chosen = candidates[keep], chosen[keep]
        order = np.lexsort((candidates, -chosen))[start:end]
        return [int(d) for d in candidates[order]], [float(s) for s in chosen[order]]
