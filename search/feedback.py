"""Pseudo-relevance feedback: the words that dominate the best few hits re-rank what the query found.

    >>> scores = with_feedback(ranker, searcher, build_query("خلايا ارهابية"), mask, scores)

The top `FEEDBACK_DOCS` articles of the first ranking are taken as relevant; Whoosh's key_terms
(the Bo1 divergence-from-randomness model, on the stemmed body) names their most telling words,
and each adds its BM25 score in the body, times its Bo1 weight and `FEEDBACK_WEIGHT`, to the
articles the query already matched. It only re-orders: no article is added or removed, so totals
and facet counts stay those of the query. `FEEDBACK_WEIGHT = 0` switches it off.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wq

from .query import TEXT_FIELDS
from .ranking import Ranker

FEEDBACK_DOCS = 3
FEEDBACK_TERMS = 8
FEEDBACK_WEIGHT = 0.0
MIN_MATCHES = 5  # fewer matches than this: nothing to re-order worth the cost


def with_feedback(
    ranker: Ranker, searcher: Any, q: wq.Query, mask: np.ndarray, scores: np.ndarray
) -> np.ndarray:
    """The scores of the matched articles with the feedback words' evidence added."""
    if FEEDBACK_WEIGHT <= 0 or np.count_nonzero(mask) < MIN_MATCHES:
        return scores
    query_terms = {
        text.decode("utf-8") if isinstance(text, bytes) else str(text)
        for fieldname, text in q.iter_all_terms()
        if fieldname in TEXT_FIELDS
    }
    if not query_terms:
        return scores
    docs, _ = ranker.top(mask, scores, 0, FEEDBACK_DOCS)
    key_terms = searcher.key_terms(docs, "body", numterms=FEEDBACK_TERMS + len(query_terms), normalize=True)
    extra = [(word, weight) for word, weight in key_terms if word not in query_terms][:FEEDBACK_TERMS]
    if not extra:
        return scores
    expansion = wq.Or([wq.Term("body", word, boost=float(weight)) for word, weight in extra])
    _, added = ranker.evaluate(expansion, searcher)
    return np.where(mask, scores + FEEDBACK_WEIGHT * added, 0.0)
