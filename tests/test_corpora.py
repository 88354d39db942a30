"""The slow tier: the real corpora in ../shared (off by default; `make test-all` or `pytest -m slow`)."""

from __future__ import annotations

import pytest
from conftest import SHARED

from search import Index, build_index

HESPRESS = SHARED / "corpus" / "hespress_stories_partial.jsonl.xz"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not HESPRESS.exists(), reason=f"{HESPRESS} not found (../shared is beside the checkout)"
    ),
]


@pytest.fixture(scope="module")
def hespress(tmp_path_factory):
    path = tmp_path_factory.mktemp("hespress") / "ix"
    report = build_index(HESPRESS, path)
    return report, Index.open(path)


def test_hespress_indexes_whole(hespress):
    report, ix = hespress
    assert report.indexed == 5997 and report.duplicates == 3 and report.skipped == []
    assert ix.doc_count == 5997


def test_hespress_search_and_facets(hespress):
    _, ix = hespress
    result = ix.search("خلايا ارهابية الناظور", per_page=5)
    assert result.hits[0].title == "الداخلية تعلن تفكيك خلية إرهابية رباعيّة بالناظور"
    cities = {v.id: v.count for v in result.facets["city"]}
    assert cities["nador"] >= 5
    assert {v.id for v in ix.search("").facets["year"]} == {"2019", "2020"}
    # An English query reaches Arabic articles through the gazetteer (xlang=off: the facet alone);
    # translated (auto), it also finds articles that write مليلية where it is not one of their cities.
    tagged = ix.search("city:melilla").total
    assert ix.search("Melilla", xlang="off").total == tagged > 0
    assert ix.search("Melilla").total >= tagged
