"""Atom feed twins: valid XML, newest first, stable tag: ids, updated from the build, escaped."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from search import build_index
from web import create_app
from web.feeds import entry_id

A = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return ET.fromstring(response.get_data())


@pytest.fixture(scope="module")
def client(corpus_index):
    return create_app({"INDEX_PATH": str(corpus_index.path), "TESTING": True}).test_client()


def test_page_feed_is_newest_first_with_stable_ids(client, corpus_index):
    feed = parse(client.get("/search.atom?q=الشرطة&ui=ar"))
    entries = feed.findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert ids[0] == entry_id("hs-1") == "tag:mirsad.local,2025:article/hs-1"
    dated = [e.findtext(f"{A}updated") for e in entries if e.find(f"{A}published") is not None]
    assert dated == sorted(dated, reverse=True)
    built = corpus_index.manifest["built_at"].replace("+00:00", "Z")
    assert feed.findtext(f"{A}updated") == built
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert entries[0].find(f"{A}link").get("href") == "http://localhost/article/hs-1"
    # the same search twice gives the same ids (a reader does not see old entries as new)
    again = parse(client.get("/search.atom?q=الشرطة&ui=ar"))
    assert [e.findtext(f"{A}id") for e in again.findall(f"{A}entry")] == ids


def test_feed_follows_filters_and_dates(client):
    feed = parse(client.get("/search.atom?year=2019&year=2020&from=2020-01-01"))
    assert [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")] == [entry_id("hs-1")]
    assert client.get("/search.atom?from=nonsense").status_code == 400


def test_page_advertises_its_feed(client):
    page = client.get("/search?q=طنجة&city=tangier&ui=en").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/search.atom?q=%D8%B7%D9%86%D8%AC%D8%A9&amp;city=tangier&amp;ui=en"' in page


def test_api_feed_and_openapi(client):
    feed = parse(client.get("/api/v1/search.atom?q=Tangier&per_page=1"))
    assert len(feed.findall(f"{A}entry")) == 1
    bad = client.get("/api/v1/search.atom?to=2020-13").get_json()
    assert bad["error"]["parameter"] == "to"
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/search.atom" in spec["paths"]


HOSTILE = '<script>alert("x")</script> & ]]> \x07 خلية'


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile-feed")
    record = {
        "id": 'evil"<&>',
        "title": HOSTILE,
        "date_iso": "2020-09-01T10:00:00",
        "outlet": "<b>Outlet</b>",
        "url": 'http://example.org/?a=1&b="2"',
        "text": "أوقفت الشرطة خلية إرهابية <img src=x onerror=alert(1)> في طنجة.",
    }
    (folder / "evil.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    path: Path = tmp_path_factory.mktemp("ix") / "hostile-feed"
    build_index(folder, path)
    return create_app({"INDEX_PATH": str(path), "TESTING": True}).test_client()


def test_everything_is_escaped(hostile_client):
    response = hostile_client.get('/search.atom?q=<script>"&ui=en')
    raw = response.get_data(as_text=True)
    assert "<script>" not in raw and "<img" not in raw and "\x07" not in raw
    feed = parse(response)  # well-formed XML despite the hostile title, id and query
    entry = feed.find(f"{A}entry")
    assert entry is not None and entry.findtext(f"{A}title").startswith('<script>alert("x")</script> &')
    assert entry.findtext(f"{A}id") == entry_id('evil"<&>') and '"' not in entry.findtext(f"{A}id")
