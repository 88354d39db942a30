"""Ranking metrics, qrels parsing and a paired significance test, shared by the quality benchmarks.

>>> mrr_at([["d1", "d2"]], [{"d2": 1}], 10)
0.5
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


def parse_qrels(lines: Iterable[str]) -> dict[str, dict[str, int]]:
    """TREC qrels (`qid 0 docid grade`) → {qid: {docid: grade}}; blank and comment lines ignored."""
    qrels: dict[str, dict[str, int]] = {}
    for line in lines:
        parts = line.split()
        if len(parts) < 4 or line.lstrip().startswith("#"):
            continue
        qid, _, docid, grade = parts[:4]
        qrels.setdefault(qid, {})[docid] = int(grade)
    return qrels


def reciprocal_rank(ranked: list[str], relevant: dict[str, int], k: int = 10, min_grade: int = 1) -> float:
    for i, doc in enumerate(ranked[:k], start=1):
        if relevant.get(doc, 0) >= min_grade:
            return 1.0 / i
    return 0.0


def recall_at(ranked: list[str], relevant: dict[str, int], k: int, min_grade: int = 1) -> float:
    wanted = {d for d, g in relevant.items() if g >= min_grade}
    if not wanted:
        return 0.0
    return len(wanted & set(ranked[:k])) / len(wanted)


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    """Graded nDCG with gain 2^grade - 1."""
    dcg = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 1) for i, d in enumerate(ranked[:k], start=1))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 1) for i, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg else 0.0


def mrr_at(runs: list[list[str]], qrels: list[dict[str, int]], k: int = 10, min_grade: int = 1) -> float:
    scores = [reciprocal_rank(r, q, k, min_grade) for r, q in zip(runs, qrels, strict=True)]
    return sum(scores) / len(scores) if scores else 0.0


def paired_permutation_p(a: list[float], b: list[float], rounds: int = 10_000, seed: int = 7) -> float:
    """Two-sided p-value that per-query scores a and b differ (random sign flips of the differences)."""
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if not len(diffs) or not diffs.any():
        return 1.0
    observed = abs(diffs.mean())
    rng = np.random.default_rng(seed)
    signs = rng.choice((-1.0, 1.0), size=(rounds, len(diffs)))
    means = np.abs((signs * diffs).mean(axis=1))
    return float((np.count_nonzero(means >= observed - 1e-12) + 1) / (rounds + 1))
