"""Hostile and broken input: every case gets a clear line in the summary, and the rest is indexed."""

from __future__ import annotations

import json
import lzma
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import RamStorage

from search import Index, build_index
from search.analysis import analyze, exact_analyzer, text_analyzer
from search.clean import clean
from search.extract import extract
from search.indexer import to_document
from search.query import build_query
from search.read import RawArticle
from search.schema import SCHEMA
from web import create_app

ARABIC_TEXT = "خبر عن تفكيك خلية إرهابية بالناظور"


def test_invalid_utf8_in_the_middle_is_repaired_not_misread(tmp_path):
    (tmp_path / "c").mkdir()
    data = ("عنوان\n" + ARABIC_TEXT).encode() + b"\xff\xfe" + " ومليلية".encode()
    (tmp_path / "c" / "x.txt").write_bytes(data)
    report = build_index(tmp_path / "c", tmp_path / "ix")
    assert report.indexed == 1 and report.skipped == []
    assert "invalid UTF-8 bytes replaced" in report.summary()
    assert Index.open(tmp_path / "ix").search("مليلية").total == 1  # not read as cp1256 mojibake


def test_nul_bytes(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "stray.txt").write_bytes(("عنوان\n" + ARABIC_TEXT).encode().replace(b" ", b" \x00", 1))
    (tmp_path / "c" / "binary.txt").write_bytes(b"\x00\x01" * 500)
    line = (
        json.dumps({"id": "n1", "text": "نص عن مليلية"}, ensure_ascii=False)
        .encode()
        .replace(b"\xd9\x86", b"\xd9\x86\x00", 1)
    )
    (tmp_path / "c" / "n.jsonl").write_bytes(line + b"\n")
    report = build_index(tmp_path / "c", tmp_path / "ix")
    assert report.indexed == 2
    assert [p.path for p in report.skipped] == ["binary.txt"]
    assert "NUL bytes removed" in report.summary()


def test_decompression_bomb_is_cut(tmp_path, monkeypatch):
    monkeypatch.setattr("search.read.base.MAX_DECOMPRESSED_BYTES", 1_000_000)
    (tmp_path / "c").mkdir()
    good = json.dumps({"id": "g", "text": ARABIC_TEXT}, ensure_ascii=False).encode() + b"\n"
    (tmp_path / "c" / "bomb.jsonl.xz").write_bytes(lzma.compress(good + (b" " * 999 + b"\n") * 5_000))
    start = time.monotonic()
    report = build_index(tmp_path / "c", tmp_path / "ix")
    assert time.monotonic() - start < 30
    assert report.indexed == 1
    assert "decompression limit" in report.summary()


def test_very_long_words_and_lines(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.txt").write_text("عنوان\n" + "ب" * 100_000 + " " + ARABIC_TEXT, encoding="utf-8")
    build_index(tmp_path / "c", tmp_path / "ix")
    ix = Index.open(tmp_path / "ix")
    assert ix.search("الناظور").total == 1
    assert ix.search("ب" * 100_000).total == 0  # the giant token was never indexed; no crash either


def test_empty_corpus_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    report = build_index(tmp_path / "empty", tmp_path / "ix")
    assert report.indexed == 0 and Index.open(tmp_path / "ix").search("").total == 0


@pytest.fixture(scope="module")
def web_client(seeds_index_path):
    return create_app({"INDEX_PATH": str(seeds_index_path), "TESTING": True}).test_client()


@pytest.mark.parametrize(
    "query",
    [
        "(" * 10_000 + "الإرهاب",
        "*",
        "**** ???",
        '"' * 999,
        "-" * 5000,
        "OR " * 3000,
        "a:" * 400,
        "\u200f" * 900,
    ],
)
def test_hostile_queries_answer_quickly(web_client, query):
    start = time.monotonic()
    response = web_client.get("/search.json", query_string={"q": query})
    assert response.status_code == 200
    assert time.monotonic() - start < 5
    api = web_client.get("/api/v1/search", query_string={"q": query[:1000]})
    assert api.status_code == 200


def test_absurd_paging_and_ids(web_client):
    for url in (
        "/search?page=1000000000000",
        "/search?per_page=-1",
        "/api/v1/search?page=99999999999999999999",
    ):
        assert web_client.get(url).status_code == 400, url
    for article_id in ("../../../../etc/passwd", "%2e%2e%2fsecret", "..%5c..%5cwin.ini", "x" * 5000):
        assert web_client.get(f"/article/{article_id}").status_code == 404
        assert web_client.get(f"/api/v1/articles/{article_id}").status_code == 404


def test_markup_in_queries_is_escaped_everywhere(web_client):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"
    for url in ("/search", "/article/003_f07691009bce3612"):
        html = web_client.get(url, query_string={"q": payload + " مليلية"}).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg" not in html


# --- fuzzing the analyzer and the query path -------------------------------------------------------

WORD_CHARS = (
    "ابتثجحخدذرسشصضطظعغفقكلمنهويةىأإآءئؤ" + "\u064b\u064e\u0650\u0651\u0652\u0640\u200c\u200f" + "abcXYZé٠١٢3"
)
words = st.text(alphabet=WORD_CHARS, min_size=1, max_size=12)
texts = st.lists(words, min_size=1, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_analyzers_never_raise(text):
    analyze(text, text_analyzer())
    analyze(text, exact_analyzer())


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(body=texts, pick=st.integers(min_value=0, max_value=29))
def test_a_document_is_found_by_its_own_words(body, pick):
    article = clean(RawArticle("doc", "doc.txt", "عنوان\n" + body))
    doc = to_document(article, extract(article))
    ram_index = RamStorage().create_index(SCHEMA)
    with ram_index.writer() as writer:
        writer.add_document(**doc)
    word = body.split()[pick % len(body.split())]
    with ram_index.searcher() as searcher:
        found = [hit["id"] for hit in searcher.search(build_query(word), limit=None)]
    assert "doc" in found, (word, build_query(word))


QUERY_PARTS = [
    "author:",
    "title:",
    "city:",
    "agency:",
    "year:",
    "years:",
    "source:",
    "lang:",
    "wire:",
    '"',
    "-",
    " OR ",
    "(",
    ")",
    "*",
    "مليلية",
    "محمود معروف",
    "الناظور",
    "2015..2020",
    "٢٠١٥",
    "Nador",
    " ",
    "x",
]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(st.sampled_from(QUERY_PARTS), max_size=12).map("".join))
def test_any_query_runs_without_error(seeds_index, query):
    result = seeds_index.search(query)
    assert result.total >= 0
