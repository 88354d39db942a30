"""Collapsing a ranked list to one line per story, language and publication day (search/collapse.py)."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from search.collapse import StoryColumn, collapsed_page
from search.dateranges import MISSING_DATE
from search.facets import FacetColumns

US_PER_DAY = 86_400_000_000


def column(field: str, per_doc: list[str | None]) -> FacetColumns:
    terms = sorted({v for v in per_doc if v})
    docs = np.array([d for d, v in enumerate(per_doc) if v], dtype=np.int32)
    values = np.array([terms.index(v) for v in per_doc if v], dtype=np.int32)
    return FacetColumns(field, terms, [], docs, values, np.array([v is not None for v in per_doc]), {})


def raw_date(when: datetime | None) -> int:
    """What Whoosh's `published` column holds: microseconds since 0001-01-01."""
    if when is None:
        return int(MISSING_DATE)
    return (when.toordinal() - 1) * US_PER_DAY + (when.hour * 3600) * 1_000_000


# doc: story, language, date — the ranking below is 0, 1, 2, …
DOCS = [
    ("s-a", "ar", datetime(2020, 9, 10, 9)),  # 0: the arrest
    ("s-a", "ar", datetime(2020, 9, 10, 23)),  # 1: the same day, another outlet: hidden under 0
    ("s-a", "en", datetime(2020, 9, 10, 11)),  # 2: the English report: its own line
    ("s-a", "ar", datetime(2020, 9, 13, 8)),  # 3: the trial three days later: its own line
    (None, "ar", datetime(2020, 9, 10, 9)),  # 4: no story (an old index): alone
    (None, "ar", datetime(2020, 9, 10, 9)),  # 5: alone too, even on the same day
    ("s-b", "fr", None),  # 6: undated translations of one story…
    ("s-b", "fr", None),  # 7: …collapse together
]


def story_column() -> StoryColumn:
    dates = np.array([raw_date(d) for _, _, d in DOCS], dtype=np.uint64)
    return StoryColumn.build(
        column("story", [s for s, _, _ in DOCS]),
        len(DOCS),
        column("lang", [lang for _, lang, _ in DOCS]),
        dates,
    )


def test_one_line_per_story_language_and_day():
    stories = story_column()
    keys = stories.keys(np.arange(len(DOCS)))
    assert keys[0] == keys[1] and keys[6] == keys[7]
    assert len({int(keys[i]) for i in (0, 2, 3, 4, 5, 6)}) == 6
    assert stories.groups(np.ones(len(DOCS), dtype=bool)) == 6
    assert stories.size_of(0) == 4 and stories.size_of(4) == 1 and stories.size_of(6) == 2


def test_collapsed_page_keeps_the_best_ranked_article_of_each_line():
    stories = story_column()
    scores = [10.0 - i for i in range(len(DOCS))]

    def rank(start: int, end: int) -> tuple[list[int], list[float]]:
        return list(range(start, end)), scores[start:end]

    docs, got = collapsed_page(rank, len(DOCS), stories, 0, 10)
    assert docs == [0, 2, 3, 4, 5, 6] and got == [scores[d] for d in docs]
    assert collapsed_page(rank, len(DOCS), stories, 2, 4)[0] == [3, 4]


def test_an_index_without_dates_collapses_per_story_and_language():
    stories = StoryColumn.build(column("story", ["s-a", "s-a", "s-a"]), 3, column("lang", ["ar", "ar", "en"]))
    keys = stories.keys(np.arange(3))
    assert keys[0] == keys[1] != keys[2]
