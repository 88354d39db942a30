"""One hit per story: a ranked result list collapsed to the best-ranked article of each story.

    >>> column = StoryColumn.build(state.columns("story"), state.size)
    >>> docs, scores, groups = collapsed_page(rank, final, column, offset=0, end=20)

`rank(start, end)` gives documents start..end of the full ranking (the same order as without
collapsing); the collapsed list keeps, in that order, the first article of each story in each
language: a bilingual archive shows a story once per language it was reported in (the Arabic and
the English version of a wire story are both worth a line to a reader of both). Articles without a
story id (an index built before stories) each stand alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .facets import FacetColumns


@dataclass
class StoryColumn:
    number: np.ndarray  # int64 per document: its story's number, -1 for none
    sizes: np.ndarray  # articles per story number
    ids: list[str]  # story id per story number
    lang: np.ndarray  # int64 per document: its language number (0: none)
    langs: int  # how many language numbers there are

    @classmethod
    def build(cls, columns: FacetColumns, size: int, languages: FacetColumns | None = None) -> StoryColumn:
        number = np.full(size, -1, dtype=np.int64)
        number[columns.docs] = columns.values
        sizes = np.bincount(columns.values, minlength=len(columns.terms))
        lang = np.zeros(size, dtype=np.int64)
        if languages is not None:
            lang[languages.docs] = languages.values + 1
        return cls(number, sizes, columns.terms, lang, 1 + (len(languages.terms) if languages else 0))

    def size_of(self, docnum: int) -> int:
        n = int(self.number[docnum])
        return int(self.sizes[n]) if n >= 0 else 1

    def groups(self, mask: np.ndarray) -> int:
        """How many lines a collapsed list of the mask's documents has (stories × languages)."""
        docs = np.flatnonzero(mask)
        numbers = self.number[docs]
        alone = int(np.count_nonzero(numbers < 0))
        keyed = self.keys(docs[numbers >= 0])
        return alone + len(np.unique(keyed))

    def keys(self, docs: np.ndarray) -> np.ndarray:
        """A collapsing key per document: its story and language, or itself when it has no story."""
        numbers = self.number[docs]
        story_lang = numbers * self.langs + self.lang[docs]
        return np.where(numbers >= 0, story_lang, len(self.sizes) * self.langs + docs)


def first_of_each(docs: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Positions of the first document of each key, in the documents' order."""
    _, first = np.unique(keys, return_index=True)
    return np.sort(first)


def collapsed_page(
    rank: Callable[[int, int], tuple[list[int], list[float]]],
    total: int,
    column: StoryColumn,
    offset: int,
    end: int,
) -> tuple[list[int], list[float]]:
    """Documents offset..end of the collapsed ranking, and their scores."""
    window = max(end * 3, 50)
    while True:
        docs, scores = rank(0, min(window, total))
        doc_array = np.array(docs, dtype=np.int64)
        chosen = (
            first_of_each(doc_array, column.keys(doc_array)) if len(docs) else np.zeros(0, dtype=np.int64)
        )
        if len(chosen) >= end or window >= total:
            break
        window *= 4
    picked = chosen[offset:end]
    return [docs[int(i)] for i in picked], [scores[int(i)] for i in picked]
