"""The archive's own words, as translation needs them: document frequencies and name candidates.

    >>> vocabulary = IndexVocabulary(reader)
    >>> vocabulary.df("خل"), vocabulary.candidates("ndr", "ar")

One per index build (it lives in the searcher's state); the skeleton index of every ranking term is
built on the first name that needs it.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from .transliterate import SkeletonIndex

FIELDS = ("body", "title")


class IndexVocabulary:
    def __init__(self, reader: Any, lock: threading.Lock | None = None, postings: Any = None):
        self._reader = reader
        self._postings = postings  # (field, term) → (document numbers, weights), the ranker's cache
        self._lock = lock or threading.Lock()  # Whoosh readers are not safe across threads
        self._skeletons: SkeletonIndex | None = None
        self._df: dict[str, int] = {}

    def df(self, term: str) -> int:
        """Articles whose title or body holds the ranking term (the larger of the two counts)."""
        found = self._df.get(term)
        if found is None:
            with self._lock:
                found = max(self._reader.doc_frequency(f, term) for f in FIELDS)
            if len(self._df) < 200_000:
                self._df[term] = found
        return found

    def docs(self, terms: tuple[str, ...]) -> np.ndarray:
        """The articles whose body holds every term, sorted: for co-occurrence counts (the title's
        words are nearly always in the body too; one postings list a term keeps this cheap)."""
        found: np.ndarray | None = None
        for term in terms:
            if self._postings is None:
                return np.zeros(0, dtype=np.int32)
            holding = self._postings("body", term)[0]
            found = holding if found is None else np.intersect1d(found, holding, assume_unique=True)
        return found if found is not None else np.zeros(0, dtype=np.int32)

    def _index(self) -> SkeletonIndex:
        if self._skeletons is None:
            with self._lock:
                terms = [
                    raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                    for raw in self._reader.lexicon("body")
                ]
            self._skeletons = SkeletonIndex(terms)
        return self._skeletons

    def candidates(self, key: str, script: str) -> list[tuple[str, int]]:
        """Terms of one script with this consonant skeleton, and how many articles use each."""
        return [(term, self.df(term)) for term in self._index().lookup(key, script)]


class DictVocabulary:
    """A vocabulary from term → document frequency (tests, and archives known in advance)."""

    def __init__(self, df: dict[str, int]):
        self._df = df
        self._skeletons = SkeletonIndex(list(df))

    def df(self, term: str) -> int:
        return self._df.get(term, 0)

    def candidates(self, key: str, script: str) -> list[tuple[str, int]]:
        return [(term, self._df[term]) for term in self._skeletons.lookup(key, script)]
