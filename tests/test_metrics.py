"""The benchmark's own arithmetic: a wrong metric would make every reported figure wrong."""

from __future__ import annotations

import math
import random

import pytest

from bench.measure import percentile, title_query, vmrss_kb
from bench.metrics import mrr_at, ndcg_at, paired_permutation_p, parse_qrels, recall_at, reciprocal_rank


def test_parse_qrels():
    qrels = parse_qrels(["q1 0 d1 2", "q1 0 d2 0", "", "# comment", "q2 0 d9 1"])
    assert qrels == {"q1": {"d1": 2, "d2": 0}, "q2": {"d9": 1}}


def test_reciprocal_rank_and_grades():
    assert reciprocal_rank(["a", "b", "c"], {"c": 1}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a", "b"], {"a": 1, "b": 2}, min_grade=2) == 0.5
    assert reciprocal_rank(["x"] * 10 + ["a"], {"a": 1}, k=10) == 0.0


def test_recall_and_mrr():
    assert recall_at(["a", "b", "c"], {"a": 1, "z": 1}, 2) == 0.5
    assert recall_at(["a"], {}, 5) == 0.0
    assert mrr_at([["a"], ["x", "b"]], [{"a": 1}, {"b": 1}]) == pytest.approx(0.75)


def test_ndcg():
    assert ndcg_at(["a", "b"], {"a": 2, "b": 1}) == pytest.approx(1.0)
    swapped = ndcg_at(["b", "a"], {"a": 2, "b": 1})
    ideal = 3 + 1 / math.log2(3)
    assert swapped == pytest.approx((1 + 3 / math.log2(3)) / ideal)
    assert ndcg_at(["x"], {}) == 0.0


def test_paired_permutation():
    same = [0.5, 1.0, 0.0, 0.3]
    assert paired_permutation_p(same, same) == 1.0
    better = [1.0] * 40
    worse = [0.0] * 40
    assert paired_permutation_p(worse, better) < 0.001
    noisy_a = [1.0, 0.0] * 10
    noisy_b = [0.0, 1.0] * 10
    assert paired_permutation_p(noisy_a, noisy_b) > 0.5


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.95) == 0.0


def test_title_query_is_consecutive_title_words():
    rng = random.Random(1)
    title = "تفكيك خلية إرهابية تنشط بين الناظور ومليلية"
    for _ in range(50):
        query = title_query(title, rng)
        assert query is not None and 1 <= len(query.split()) <= 4
        assert f" {query} " in f" {title} "
    assert title_query("   ", rng) is None


def test_vmrss_of_this_process():
    assert 10_000 < vmrss_kb() < 10_000_000  # kB
