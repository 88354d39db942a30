"""The timeline: bucket choice and counting (pure), the JSON twin and API, the SVG on the page."""

from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import pytest

from search.dateranges import MISSING_DATE, datetime_to_raw
from search.timeline import choose_unit, timeline
from web import SECURITY_HEADERS, create_app


def raw(*days: datetime) -> np.ndarray:
    return np.array([datetime_to_raw(d) for d in days], dtype=np.uint64)


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        (date(2020, 9, 1), date(2020, 9, 1), "day"),
        (date(2020, 9, 1), date(2020, 10, 30), "day"),  # 60 days
        (date(2020, 9, 1), date(2020, 10, 31), "week"),
        (date(2020, 1, 1), date(2021, 1, 1), "week"),
        (date(2020, 1, 1), date(2021, 6, 30), "month"),
        (date(2015, 1, 1), date(2019, 12, 31), "month"),  # 60 months
        (date(2015, 1, 1), date(2020, 1, 1), "year"),
    ],
)
def test_unit_follows_the_span(first, last, unit):
    assert choose_unit(first, last) == unit


def test_counts_fill_gaps_and_count_undated_apart():
    dates = np.concatenate(
        [
            raw(datetime(2020, 9, 1, 8), datetime(2020, 9, 1, 23), datetime(2020, 9, 3)),
            [MISSING_DATE, MISSING_DATE],
        ]
    ).astype(np.uint64)
    mask = np.array([True, True, True, True, False])
    tl = timeline(dates, mask)
    assert tl.unit == "day" and tl.undated == 1
    assert [(b.start, b.count) for b in tl.buckets] == [
        ("2020-09-01", 2),
        ("2020-09-02", 0),
        ("2020-09-03", 1),
    ]


def test_weeks_start_on_monday_and_months_end_on_their_last_day():
    tl = timeline(raw(datetime(2020, 9, 2), datetime(2020, 11, 29)), np.ones(2, dtype=bool))
    assert tl.unit == "week" and tl.buckets[0].start == "2020-08-31" and tl.buckets[0].end == "2020-09-06"
    assert sum(b.count for b in tl.buckets) == 2
    tl = timeline(
        raw(datetime(2019, 12, 5), datetime(2020, 2, 29), datetime(2021, 3, 1)), np.ones(3, dtype=bool)
    )
    assert tl.unit == "month" and tl.buckets[0].end == "2019-12-31" and tl.buckets[2].end == "2020-02-29"
    assert len(tl.buckets) == 16 and [b.count for b in tl.buckets if b.count] == [1, 1, 1]


def test_nothing_dated():
    tl = timeline(np.array([MISSING_DATE], dtype=np.uint64), np.ones(1, dtype=bool))
    assert tl.unit == "" and tl.buckets == [] and tl.undated == 1


@pytest.fixture(scope="module")
def client(corpus_index):
    return create_app({"INDEX_PATH": str(corpus_index.path), "TESTING": True}).test_client()


def test_index_and_json_twin(corpus_index, client):
    result = corpus_index.search("")
    assert result.timeline is not None and result.timeline.unit == "month" and result.timeline.undated == 2
    assert len(result.timeline.buckets) == 27  # 2018-01 to 2020-03, empty months kept
    assert [(b.start, b.count) for b in result.timeline.buckets if b.count] == [
        ("2018-01-01", 1),
        ("2019-06-01", 1),
        ("2020-03-01", 1),
    ]
    data = client.get("/search.json?q=").get_json()
    assert data["timeline"]["unit"] == "month" and data["timeline"]["undated"] == 2
    assert corpus_index.search("", date_from="2020").timeline.unit == "day"


def test_api_timeline_and_its_schema(client):
    data = client.get("/api/v1/search?q=طنجة").get_json()
    assert data["timeline"]["buckets"] and {"start", "end", "count"} == set(data["timeline"]["buckets"][0])
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = spec["paths"]["/api/v1/search"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    assert "timeline" in schema["properties"]


def test_page_draws_an_accessible_svg_with_links(client):
    response = client.get("/search?q=&ui=en")
    page = response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    svg = page[page.index("<svg") : page.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)" class="bar" aria-label="([^"]+)"', svg)
    assert [label for _, label in links] == [
        "2018-01: 1 articles",
        "2019-06: 1 articles",
        "2020-03: 1 articles",
    ]
    assert "from=2019-06-01&amp;to=2019-06-30" in links[1][0]
    assert "<script" not in page and "style=" not in svg and "http" not in svg
    narrowed = client.get(links[1][0].replace("&amp;", "&")).get_data(as_text=True)
    assert 'id="total">1<' in narrowed
    arabic = client.get("/search?q=&ui=ar").get_data(as_text=True)
    assert "2019-06: 1 مقالا" in arabic and "2 بدون تاريخ" in arabic


def test_hostile_query_is_escaped_in_bar_links(client):
    page = client.get('/search?q="><script>alert(1)</script>&ui=en').get_data(as_text=True)
    assert "<script>alert" not in page


def test_python_client_carries_dates_timeline_and_stories(corpus_index):
    from conftest import serve_in_thread

    from search import SearchRequest
    from search.client import Client

    _, url, stop = serve_in_thread(create_app({"INDEX_PATH": str(corpus_index.path)}))
    try:
        remote = Client(url)
        request = SearchRequest("", date_from="2019", date_to="2020-03", collapse=True)
        got, local = remote.run(request), corpus_index.run(request)
        assert [h.id for h in got.hits] == [h.id for h in local.hits] == ["hs-1", "hs-2"]
        assert got.timeline == local.timeline and got.groups == local.groups == 2
        assert got.hits[0].story == local.hits[0].story and got.hits[0].story_size == 1
        exported = list(remote.iter_results(SearchRequest("", date_from="2020")))
        assert [r["id"] for r in exported] == ["hs-1"]
    finally:
        stop()
