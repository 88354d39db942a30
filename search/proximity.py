"""Term proximity: query words that stand close together in an article add to its score.

    >>> scores = with_proximity(ranker, searcher, build_query("عاصمة سوريا"), mask, scores)

BM25 scores each word alone. Here the best `PROXIMITY_DOCS` articles of that ranking are read again
(stored title and body, through the same stemming chain, positions counted without stopwords) and
every pair of different query stems found within `WINDOW` words adds min(idf) / distance² (the
BM25TP proximity of Rasolofo & Savoy), saturated like a BM25 term frequency and scaled by
`PROXIMITY_WEIGHT`. Only those articles move; totals and facets stay the query's.
`PROXIMITY_WEIGHT = 0` switches it off.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
from whoosh import query as wq

from .analysis import text_analyzer
from .query import TEXT_FIELDS
from .ranking import Ranker

PROXIMITY_DOCS = 20
PROXIMITY_WEIGHT = 0.0
WINDOW = 5
SATURATION = 1.0  # k of acc·(k+1)/(acc+k)

_TEXT = text_analyzer()


def _positions(text: str, wanted: set[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for token in _TEXT(text, positions=True):
        if token.text in wanted:
            found.setdefault(token.text, []).append(token.pos)
    return found


def pair_evidence(positions: dict[str, list[int]], idf: dict[str, float], window: int | None = None) -> float:
    """Σ over pairs of different terms and their occurrences within `window`: min(idf) / distance²."""
    window = WINDOW if window is None else window  # read at call time, so a sweep can change it
    total = 0.0
    for a, b in combinations(sorted(positions), 2):
        weight = min(idf[a], idf[b])
        for pa in positions[a]:
            for pb in positions[b]:
                distance = abs(pa - pb)
                if 0 < distance <= window:
                    total += weight / distance**2
    return total


def with_proximity(
    ranker: Ranker, searcher: Any, q: wq.Query, mask: np.ndarray, scores: np.ndarray
) -> np.ndarray:
    """The scores with the proximity evidence of the best few matched articles added."""
    if PROXIMITY_WEIGHT <= 0:
        return scores
    terms = {
        text.decode("utf-8") if isinstance(text, bytes) else str(text)
        for fieldname, text in q.iter_all_terms()
        if fieldname in TEXT_FIELDS
    }
    if len(terms) < 2:
        return scores
    idf = {t: searcher.idf("body", t) for t in terms}
    docs, _ = ranker.top(mask, scores, 0, PROXIMITY_DOCS)
    if not docs:
        return scores
    scores = scores.copy()
    for docnum in docs:
        stored = searcher.stored_fields(docnum)
        text = f"{stored.get('title') or ''}\n{stored.get('body') or ''}"
        acc = pair_evidence(_positions(text, terms), idf)
        scores[docnum] += PROXIMITY_WEIGHT * acc * (SATURATION + 1) / (acc + SATURATION)
    return scores
