"""The array ranker gives Whoosh's own matches, scores and order, on a multi-segment index with
deletions, and the search path built on it pages and filters correctly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SEEDS
from whoosh import query as wq

from search import Index, build_index
from search.query import build_query
from search.ranking import LRUCache, array_bytes

QUERIES = [
    "الإرهاب",
    "خلايا ارهابية الناظور",
    "تفكيك الخلايا",
    "المكتب المركزي للأبحاث القضائية",
    "سبتة ومليلية",
    "Nador cell",
    "police Melilla",
    "المغرب -مليلية",
    "مليلية OR سبتة",
    '"المكتب المركزي"',
    'خلية "الأبحاث القضائية"',
    "city:nador الخلية",
    "year:2015..2020 المغرب",
    "title:الإرهاب",
    "في",
    "",
    "كلمة_لا_توجد",
]


def _paragraph_corpus(folder: Path, drop_every: int = 0) -> Path:
    """Every paragraph of the seeds as an article: a few hundred documents of varied length."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for seed in sorted(SEEDS.glob("*.txt")):
        paragraphs = [p.strip() for p in seed.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 40]
        for i, paragraph in enumerate(paragraphs):
            if drop_every and i % drop_every == 0:
                continue
            rows.append({"id": f"{seed.stem}-{i}", "title": paragraph[:60], "text": paragraph})
    english = "Police in Melilla and Nador arrested a cell."
    rows.append({"id": "en-1", "title": "Nador cell dismantled", "text": english})
    (folder / "paragraphs.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    return folder


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """Two segments and deleted documents: the first build, then an update that drops paragraphs."""
    root = tmp_path_factory.mktemp("ranking")
    corpus = _paragraph_corpus(root / "corpus")
    build_index(corpus, root / "ix")
    (corpus / "extra.jsonl").write_text(
        json.dumps({"id": "extra", "title": "خلية ارهابية في الناظور", "text": "تفكيك خلية ارهابية بالناظور"})
    )
    _paragraph_corpus(corpus, drop_every=3)
    build_index(corpus, root / "ix", update=True)
    return Index.open(root / "ix")


def test_fixture_has_segments_and_deletions(segmented_index):
    reader = segmented_index.state().searcher.reader()
    assert len(reader.leaf_readers()) > 1
    assert reader.has_deletions()


@pytest.mark.parametrize("text", QUERIES)
def test_ranker_matches_whoosh(segmented_index, text):
    state = segmented_index.state()
    q = build_query(text)
    mask, scores = state.ranker.evaluate(q, state.searcher)
    expected = state.searcher.search(q, limit=None, optimize=False)
    expected_items = [(d, s) for d, s in expected.items()]
    assert sorted(np.flatnonzero(mask).tolist()) == sorted(d for d, _ in expected_items)
    for docnum, score in expected_items:
        assert scores[docnum] == pytest.approx(score, rel=1e-9)
    if not isinstance(q, wq.Every):
        ranked, _ = state.ranker.top(mask, scores, 0, len(expected_items))
        # Same order, except among scores equal to rounding (their order is the document number).
        assert [round(scores[d], 9) for d in ranked] == [round(s, 9) for _, s in expected_items]


def test_top_breaks_ties_by_document_number_at_the_cut(segmented_index):
    state = segmented_index.state()
    mask = np.zeros(state.size, dtype=bool)
    mask[[3, 5, 7, 9]] = True
    scores = np.zeros(state.size)
    scores[[3, 5, 7, 9]] = [1.0, 2.0, 1.0, 1.0]
    assert state.ranker.top(mask, scores, 0, 2)[0] == [5, 3]
    assert state.ranker.top(mask, scores, 1, 3)[0] == [3, 7]
    assert state.ranker.top(mask, scores, 4, 9)[0] == []


def test_a_filter_that_matches_nothing_returns_no_hits(segmented_index):
    result = segmented_index.search("الإرهاب", year=["1999"])
    assert result.total == 0
    assert result.hits == []


def test_postings_cache_stays_within_its_budget():
    cache = LRUCache(budget=1000, size=array_bytes)
    for i in range(10):
        cache.put(i, (np.zeros(50, dtype=np.int32), np.zeros(50)))  # 600 bytes each
    assert cache.used <= 1000
    assert cache.get(9) is not None and cache.get(0) is None
    cache.put("huge", (np.zeros(10_000),))
    assert cache.get("huge") is None


def test_similar_articles_are_whoosh_more_like(segmented_index):
    state = segmented_index.state()
    for docnum in range(0, state.size, 5):
        if not state.alive[docnum]:
            continue
        article_id = state.searcher.stored_fields(docnum)["id"]
        expected = [hit["id"] for hit in state.searcher.more_like(docnum, "body", top=3, numterms=25)]
        assert [h.id for h in segmented_index.similar(article_id, top=3)] == expected


def test_similar_articles_are_computed_once_per_article(segmented_index, monkeypatch):
    state = segmented_index.state()
    calls = []
    key_terms = state.searcher.key_terms
    monkeypatch.setattr(state.searcher, "key_terms", lambda *a, **k: calls.append(a) or key_terms(*a, **k))
    docnum = int(np.flatnonzero(state.alive)[1])
    article_id = state.searcher.stored_fields(docnum)["id"]
    first = [h.id for h in segmented_index.similar(article_id, top=4)]
    assert [h.id for h in segmented_index.similar(article_id, top=4)] == first
    assert len(calls) == 1
