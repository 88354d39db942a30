"""Date ranges: parsing (pure), the query language, the mask, and `from`/`to` on every surface."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import numpy as np
import pytest

from search import SearchRequest, parse
from search.dateranges import MISSING_DATE, BadDate, DateRange, date_mask, datetime_to_raw
from web import create_app


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2020-09-01..2020-09-15", date(2020, 9, 1), date(2020, 9, 15)),
        ("2020-09-01..", date(2020, 9, 1), None),
        ("..2020-09-15", None, date(2020, 9, 15)),
        ("2020-09", date(2020, 9, 1), date(2020, 9, 30)),
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("2020-02..2020-02", date(2020, 2, 1), date(2020, 2, 29)),  # a leap year's February
        ("٢٠١٥-٠٣-٠٢", date(2015, 3, 2), date(2015, 3, 2)),  # Arabic-Indic digits
        ("2021-02-30", date(2021, 2, 28), date(2021, 2, 28)),
        ("2019..2020-03", date(2019, 1, 1), date(2020, 3, 31)),
    ],
)
def test_parse(text, start, end):
    assert DateRange.parse(text) == DateRange(start, end)


@pytest.mark.parametrize("text", ["yesterday", "2020-13", "20-09-01", "..", "2020-09-01..soon", "0000"])
def test_bad_dates_name_their_parameter(text):
    with pytest.raises(BadDate, match=r"^date must be a date"):
        DateRange.parse(text)
    with pytest.raises(BadDate, match=r"^to must be"):
        DateRange.from_params("2020", text if text != ".." else "x")


def test_mask_includes_both_ends_and_never_undated():
    days = [
        datetime(2020, 8, 31, 23, 59),
        datetime(2020, 9, 1),
        datetime(2020, 9, 15, 23, 0),
        datetime(2020, 9, 16),
    ]
    dates = np.array([datetime_to_raw(d) for d in days] + [MISSING_DATE], dtype=np.uint64)
    assert DateRange.parse("2020-09-01..2020-09-15").mask(dates).tolist() == [False, True, True, False, False]
    assert DateRange.parse("..2020-09-01").mask(dates).tolist() == [True, True, False, False, False]
    assert DateRange().mask(dates).all()  # open: nothing filtered out
    assert date_mask(dates, DateRange(), []) is None
    excluded = date_mask(dates, DateRange(), [(DateRange.parse("2020-09"), True)])
    assert excluded is not None and excluded.tolist() == [True, False, False, False, True]


def test_query_language_date_clauses_are_not_query_terms():
    parsed = parse("خلايا date:2020-09-01..2020-09-15 date:2020-09-10.. -date:2020-09-12")
    assert [c.text for g in parsed.groups for c in g] == ["خلايا"]
    assert parsed.date_range() == DateRange(date(2020, 9, 10), date(2020, 9, 15))
    assert parse("date:someday").notes == ["date:someday ignored: use date:YYYY-MM-DD..YYYY-MM-DD"]


def ids(result):
    return sorted(h.id for h in result.hits)


def test_index_search_with_ranges(corpus_index):
    assert ids(corpus_index.search("", date_from="2019", date_to="2020-03-01")) == ["hs-2"]
    assert ids(corpus_index.search("date:2020-03")) == ["hs-1"]
    assert ids(corpus_index.search("date:..2019-12-31 -date:2018")) == ["hs-2"]
    # the date narrows the facets too; the year facet stays
    years = corpus_index.search("", date_from="2019-01-01").facets["year"]
    assert {v.id: v.count for v in years} == {"2020": 1, "2019": 1}
    with pytest.raises(Exception, match="from must be a date"):
        corpus_index.search("", date_from="2020-99")


@pytest.fixture(scope="module")
def client(corpus_index):
    return create_app({"INDEX_PATH": str(corpus_index.path), "TESTING": True}).test_client()


def test_page_and_json_twin(client):
    page = client.get("/search?q=&from=2019-01-01&to=2019-12-31&ui=en").get_data(as_text=True)
    assert 'name="from"' in page and 'value="2019-01-01"' in page
    data = client.get("/search.json?from=2019-01-01&to=2019-12-31").get_json()
    assert [h["id"] for h in data["hits"]] == ["hs-2"] and data["from"] == "2019-01-01"
    assert (
        "from=2019-01-01" in data["json_url"]
        and "to=2019-12-31" in data["next_url" if data["next_url"] else "json_url"]
    )
    bad = client.get("/search?from=yesterday&ui=en")
    assert bad.status_code == 400 and "from must be a date" in bad.get_data(as_text=True)


def test_api_and_export(client):
    data = client.get("/api/v1/search?from=2018&to=2019").get_json()
    assert sorted(h["id"] for h in data["hits"]) == ["en-1", "hs-2"]
    assert "from=2018" in data["links"]["self"]
    bad = client.get("/api/v1/search?to=2020-02-31x").get_json()
    assert bad["error"]["parameter"] == "to"
    bad = client.get("/api/v1/facets?to=2020-00").get_json()
    assert bad["error"]["parameter"] == "to"
    text = client.get("/api/v1/export.csv?from=2020").get_data(as_text=True)
    assert [r["id"] for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))] == ["hs-1"]
    spec = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"from", "to"} <= names


def test_cli(corpus_index, capsys):
    from search.cli import main

    args = [
        "search",
        "--index",
        str(corpus_index.path),
        "--format",
        "jsonl",
        "--from",
        "2019",
        "--to",
        "2019",
    ]
    assert main(args) == 0
    assert '"hs-2"' in capsys.readouterr().out
    assert main(["search", "--index", str(corpus_index.path), "--from", "2019-1x"]) == 1
    assert "from must be a date" in capsys.readouterr().err


def test_request_round_trip():
    req = SearchRequest(query="x", date_from="2020-09", date_to="2020-09-15")
    assert (
        SearchRequest.of("x", "relevance", 1, 20, True, True, {"date_from": "2020-09"}).date_from == "2020-09"
    )
    assert req.date_range() == DateRange(date(2020, 9, 1), date(2020, 9, 15))
