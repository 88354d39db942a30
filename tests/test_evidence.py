"""Proximity and pseudo-relevance feedback: measured and off by default (BENCHMARKS.md, issue 16)."""

from __future__ import annotations

from search import feedback, proximity
from search.analysis import text_analyzer
from search.proximity import pair_evidence


def positions(text: str, wanted: set[str]) -> dict[str, list[int]]:
    return proximity._positions(text, wanted)


def test_words_side_by_side_give_more_evidence_than_words_apart():
    stems = {t.text for t in text_analyzer()("عاصمة سوريا")}
    near = positions("دمشق هي عاصمة سوريا وأكبر مدنها", stems)
    far = positions("العاصمة دمشق تقع في الجنوب الغربي من البلاد التي تسمى سوريا", stems)
    idf = dict.fromkeys(stems, 2.0)
    assert pair_evidence(near, idf) > pair_evidence(far, idf) == 0.0


def test_one_word_has_no_proximity():
    assert pair_evidence({"سوريا": [1, 2, 3]}, {"سوريا": 2.0}) == 0.0


def test_both_are_off_by_default():
    # Neither measured a significant gain on ARCD test or XQuAD ar (BENCHMARKS.md).
    assert proximity.PROXIMITY_WEIGHT == 0
    assert feedback.FEEDBACK_WEIGHT == 0


def test_switched_on_they_only_reorder_what_the_query_found(seeds_index, monkeypatch):
    before = seeds_index.search("خلية إرهابية الناظور", per_page=50, facets=False, highlight=False)
    monkeypatch.setattr(proximity, "PROXIMITY_WEIGHT", 1.5)
    monkeypatch.setattr(feedback, "FEEDBACK_WEIGHT", 0.3)
    monkeypatch.setattr(feedback, "MIN_MATCHES", 1)
    after = seeds_index.search("خلية إرهابية الناظور", per_page=50, facets=False, highlight=False)
    assert after.total == before.total > 0
    assert {h.id for h in after.hits} == {h.id for h in before.hits}
