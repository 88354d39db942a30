"""The web app through Flask's test client: JSON twins for data, HTML for escaping and structure."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEED_NADOR, SEED_REPORT
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from search import build_index
from web import create_app
from web.pages import FacetLinks, search_url


@pytest.fixture(scope="module")
def client(corpus_index):
    app = create_app({"INDEX_PATH": str(corpus_index.path), "TESTING": True})
    return app.test_client()


@pytest.fixture(scope="module")
def seeds_client(seeds_index_path):
    return create_app({"INDEX_PATH": str(seeds_index_path), "TESTING": True}).test_client()


def test_search_json_twin(seeds_client):
    data = seeds_client.get("/search.json?q=خلايا ارهابية الناظور").get_json()
    assert data["total"] == 2 and data["hits"][0]["id"] == SEED_NADOR
    assert "<mark>" in data["hits"][0]["snippet_html"]
    same = seeds_client.get("/search?q=خلايا ارهابية الناظور", headers={"Accept": "application/json"})
    assert same.get_json()["hits"][0]["id"] == SEED_NADOR


def test_facets_are_data_with_toggle_urls(client):
    data = client.get("/search.json?q=&ui=en").get_json()
    years = {v["id"]: v for v in data["facets"]["year"]}
    assert years["2019"]["count"] == 1 and years["2019"]["selected"] is False
    toggle = years["2019"]["toggle_url"]
    assert parse_qs(urlsplit(toggle).query)["year"] == ["2019"]
    filtered = client.get(toggle.replace("/search", "/search.json")).get_json()
    assert [h["id"] for h in filtered["hits"]] == ["hs-2"]
    selected = {v["id"]: v for v in filtered["facets"]["year"]}["2019"]
    assert selected["selected"] is True
    assert "year" not in parse_qs(urlsplit(selected["toggle_url"]).query)  # toggling again removes it


def test_several_values_and_clear_all(client):
    data = client.get("/search.json?year=2019&year=2020&ui=ar").get_json()
    assert sorted(h["id"] for h in data["hits"]) == ["hs-1", "hs-2"]
    assert {v["id"] for v in data["selected"]} == {"2019", "2020"}
    assert "year" not in parse_qs(urlsplit(data["clear_url"]).query)
    assert parse_qs(urlsplit(data["clear_url"]).query)["ui"] == ["ar"]


def test_labels_follow_the_interface_language(client):
    ar = client.get("/search.json?ui=ar").get_json()
    en = client.get("/search.json?ui=en").get_json()
    assert {v["label"] for v in ar["facets"]["city"]} >= {"تطوان"}
    assert {v["label"] for v in en["facets"]["city"]} >= {"Tetouan"}


def test_html_page_is_rtl_for_arabic_and_ltr_for_english(client):
    html = client.get("/search?q=police&ui=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="hit" lang="en" dir="ltr"' in html  # an English article reads left to right
    html = client.get("/search?q=police&ui=en").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html


def test_interface_language_is_remembered(client):
    response = client.get("/search?ui=en")
    assert "mirsad_ui=en" in response.headers["Set-Cookie"]
    html = client.get("/search").get_data(as_text=True)  # the test client keeps the cookie
    assert '<html lang="en"' in html


def test_query_and_document_markup_is_escaped(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_text(
        '<img src=x onerror=alert(1)>عنوان\nنص عن مليلية <script>alert("doc")</script>', encoding="utf-8"
    )
    build_index(tmp_path / "c", tmp_path / "ix")
    c = create_app({"INDEX_PATH": str(tmp_path / "ix"), "TESTING": True}).test_client()
    html = c.get('/search?q=مليلية <script>alert("q")</script>').get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    article = c.get("/article/x?q=<b>bold</b>").get_data(as_text=True)
    assert "<script>" not in article and "<b>bold" not in article


def test_start_page_shows_the_archive(client):
    data = client.get("/search.json").get_json()
    assert data["total"] == 5 and data["sort"] == "newest"
    assert data["hits"][0]["id"] == "hs-1"
    assert client.get("/").status_code == 302


def test_errors_are_pages_not_tracebacks(client):
    for url in (
        "/search?page=0",
        "/search?page=abc",
        "/search?per_page=100000",
        "/search?sort=random",
        "/search?colour=red",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Traceback" not in response.get_data(as_text=True)
    assert client.get("/search.json?page=0").get_json()["error"]["status"] == 400
    response = client.get("/article/does-not-exist")
    assert response.status_code == 404 and "<html" in response.get_data(as_text=True)
    assert client.get("/article/../../etc/passwd").status_code == 404
    assert client.get("/nowhere").status_code == 404


def test_unknown_filter_value_is_explained(client):
    data = client.get("/search.json?city=atlantis").get_json()
    assert data["total"] == 0
    assert any("city=atlantis" in n for n in data["notices"])


def test_missing_index_is_a_clear_page(tmp_path):
    c = create_app({"INDEX_PATH": str(tmp_path / "none"), "TESTING": True}).test_client()
    response = c.get("/search?ui=en")
    assert response.status_code == 503 and "make index" in response.get_data(as_text=True)


def test_article_page_and_twin(seeds_client):
    data = seeds_client.get(f"/article/{SEED_NADOR}.json").get_json()
    assert data["id"] == SEED_NADOR and data["title"].startswith("السلطات المغربية")
    assert [h["id"] for h in data["similar"]] == [SEED_REPORT]
    assert data["facets"]["city"][0]["id"] == "rabat"
    html = seeds_client.get(f"/article/{SEED_NADOR}?q=مليلية&ui=ar").get_data(as_text=True)
    assert "<mark>ومليلية</mark>" in html or "<mark>مليلية</mark>" in html


def test_security_headers(client):
    headers = client.get("/search").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_pagination_links(client):
    data = client.get("/search.json?per_page=2&page=2").get_json()
    assert data["page"] == 2 and data["pages"] == 3
    assert parse_qs(urlsplit(data["next_url"]).query)["page"] == ["3"]
    assert "page" not in parse_qs(urlsplit(data["previous_url"]).query)


def test_serve_with_two_processes(seeds_index_path):
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import ROOT

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "search.cli",
            "serve",
            "--index",
            str(seeds_index_path),
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        statuses = []
        deadline = time.monotonic() + 20
        while len(statuses) < 20 and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as r:
                    statuses.append(r.status)
            except OSError:
                time.sleep(0.2)
        assert statuses == [200] * 20
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) is not None  # the parent stops its workers and exits


def toggled(args: MultiDict, name: str, value: str) -> MultiDict:
    """The reference: the page's parameters with the value added, or removed if present."""
    out = args.copy()
    values = out.getlist(name)
    out.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["q", "city", "year", "agency", "ui"]), st.text(max_size=6)), max_size=6
    ),
    st.sampled_from(["city", "year", "agency", "lang"]),
    st.text(max_size=6),
)
def test_facet_links_are_the_toggled_search_urls(pairs, name, value):
    args = MultiDict(pairs)
    links = FacetLinks(args)
    assert links.toggle_url(name, value) == search_url(toggled(args, name, value))
    for existing_name, existing_value in pairs:  # removing a selected value
        assert links.toggle_url(existing_name, existing_value) == search_url(
            toggled(args, existing_name, existing_value)
        )


def test_country_facet_on_the_search_page(seeds_client):
    page = seeds_client.get("/search?q=&ui=ar").get_data(as_text=True)
    assert "البلد" in page and "إسبانيا" in page
    narrowed = seeds_client.get("/search.json?q=&country=es").get_json()
    spain = {v["id"]: v for v in narrowed["facets"]["country"]}["es"]
    assert spain["selected"] is True and narrowed["total"] == spain["count"] == 2
