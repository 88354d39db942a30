"""One line per story and day: a ranked result list collapsed to the best-ranked article of each.

    >>> column = StoryColumn.build(state.columns("story"), state.size, state.columns("lang"), state.dates)
    >>> docs, scores = collapsed_page(rank, total, column, offset=0, end=20)

`rank(start, end)` gives documents start..end of the full ranking (the same order as without
collapsing); the collapsed list keeps, in that order, the first article of each story in each
language on each publication day:
- the same story the same day (wire copies, near duplicates, the same event told by several
  outlets) is one line, its best-ranked article, with "N more on this story";
- a follow-up published another day is another event of the story (the trial after the arrest):
  it keeps its own line, so nothing relevant that happened later is hidden behind the first report;
- a bilingual archive shows a story once per language (a reader of both wants the Arabic and the
  English version). Undated articles of a story count as one day.
Articles without a story id (an index built before stories) each stand alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .dateranges import MISSING_DATE
from .facets import FacetColumns

_US_PER_DAY = 86_400_000_000  # Whoosh's raw date column counts microseconds


@dataclass
class StoryColumn:
    number: np.ndarray  # int64 per document: its story's number, -1 for none
    sizes: np.ndarray  # articles per story number
    ids: list[str]  # story id per story number
    line: np.ndarray  # int64 per document: its collapsed line (story, language, day), unique if alone

    @classmethod
    def build(
        cls,
        columns: FacetColumns,
        size: int,
        languages: FacetColumns | None = None,
        dates: np.ndarray | None = None,
    ) -> StoryColumn:
        number = np.full(size, -1, dtype=np.int64)
        number[columns.docs] = columns.values
        sizes = np.bincount(columns.values, minlength=len(columns.terms))
        lang = np.zeros(size, dtype=np.int64)
        if languages is not None:
            lang[languages.docs] = languages.values + 1
        day = np.full(size, -1, dtype=np.int64)
        if dates is not None:
            dated = dates != MISSING_DATE
            day[dated] = (dates[dated] // np.uint64(_US_PER_DAY)).astype(np.int64)
        line = np.arange(size, dtype=np.int64)  # alone: a line of its own (renumbered below)
        in_story = np.flatnonzero(number >= 0)
        if len(in_story):
            # (story, language, day) as one int64: days are counted from the earliest (undated: 0)
            days = day[in_story]
            first = int(days[days >= 0].min()) if (days >= 0).any() else 0
            span = int(days.max()) - first + 2
            langs = int(lang.max()) + 1
            combined = (number[in_story] * langs + lang[in_story]) * span + np.where(
                days >= 0, days - first + 1, 0
            )
            _, shared = np.unique(combined, return_inverse=True)
            line += int(shared.max()) + 1
            line[in_story] = shared.reshape(-1)
        return cls(number, sizes, columns.terms, line)

    def size_of(self, docnum: int) -> int:
        n = int(self.number[docnum])
        return int(self.sizes[n]) if n >= 0 else 1

    def groups(self, mask: np.ndarray) -> int:
        """How many lines a collapsed list of the mask's documents has (stories × languages × days)."""
        return len(np.unique(self.line[mask]))

    def keys(self, docs: np.ndarray) -> np.ndarray:
        """A collapsing key per document: its story, language and day, or itself when it has no story."""
        return self.line[docs]


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
