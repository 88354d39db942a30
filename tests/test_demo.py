"""The demo archive in seeds/demo: chosen by a fixed rule, shipped with its licences, a real first screen."""

from __future__ import annotations

import importlib.util
import lzma
from pathlib import Path

import pytest
from conftest import ROOT, SEED_FOLDER

from search import Index, build_index
from search.read import ReadReport, iter_corpus

DEMO = SEED_FOLDER / "demo"


def _make_demo():
    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "tools" / "make_demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _article(n: int, year: int, category: str, text: str) -> dict:
    return {
        "id": f"JA-{category}-{n}-{year}0101",
        "title": f"خبر {n}",
        "date_iso": f"{year}-01-01T10:00:00+01:00",
        "category": category,
        "lang": "ar",
        "text": text,
    }


def test_selection_spreads_over_years_and_favours_security_stories():
    make_demo = _make_demo()
    articles = [_article(i, 2016, "sport", "فاز النادي الإفريقي بالمباراة") for i in range(10)]
    articles += [_article(100 + i, 2016, "economy", "ارتفاع صادرات التمور") for i in range(10)]
    articles.append(_article(200, 2016, "localNews", "إيقاف عنصر إرهابي وحجز أسلحة، وفتح تحقيق من النيابة"))
    articles += [_article(300 + i, 2013, "society", "حفل ختان جماعي بسوسة") for i in range(2)]
    chosen = make_demo.select_jawhara(articles, per_year=4)
    years = sorted(a["date_iso"][:4] for a in chosen)
    assert years == ["2013", "2013"] + ["2016"] * 6  # 2013 has only two: its remainder goes to 2016
    ids = {a["id"] for a in chosen}
    assert "JA-localNews-200-20160101" in ids  # the security story is in, by its keywords
    assert {a["category"] for a in chosen if a["date_iso"].startswith("2016")} == {
        "localNews",
        "sport",
        "economy",
    }
    assert make_demo.select_jawhara(list(reversed(articles)), per_year=4) == chosen  # order-free


def test_demo_ships_with_its_licences_and_provenance():
    for source, licence_first_line in (
        ("ant-jawharafm", "Apache License"),
        ("ntrex128", "Attribution-ShareAlike 4.0 International"),
    ):
        folder = DEMO / source
        assert licence_first_line in (folder / "LICENSE").read_text(encoding="utf-8")[:200]
        assert "Licence:" in (folder / "NOTICE").read_text(encoding="utf-8")
        assert len(list(folder.glob("*.jsonl.xz"))) == 1
    assert "Chouigui" in (DEMO / "ant-jawharafm" / "NOTICE").read_text(encoding="utf-8")


def test_licence_files_are_skipped_not_indexed():
    report = ReadReport()
    articles = list(iter_corpus(DEMO / "ntrex128", report))
    assert len(articles) == 369 and {a.record_id for a in articles} >= {"bbc.381790:fr"}
    # Listed as skipped non-article files (or, with a walker that knows them, not listed at all).
    assert all(p.path in ("LICENSE", "NOTICE") and "not an article" in p.reason for p in report.problems)


@pytest.mark.slow
def test_first_screen_of_the_demo_archive(tmp_path: Path):
    report = build_index(SEED_FOLDER, tmp_path / "ix")
    assert report.indexed > 1200
    with Index.open(tmp_path / "ix") as ix:
        first = ix.search("")
        facets = {name: {v.id: v.count for v in values} for name, values in first.facets.items()}
        assert {"ar", "en", "fr"} <= set(facets["lang"])
        assert {"2014", "2015", "2016", "2017"} <= set(facets["year"])
        assert len(facets["city"]) >= 5 and len(facets["agency"]) >= 3
        assert first.hits[0].date is not None  # the newest first, dated
        assert ix.search("مليلية").hits[0].id == "003_f07691009bce3612"  # the seeds are still there
    with lzma.open(DEMO / "ntrex128" / "ntrex128-demo.jsonl.xz", "rt", encoding="utf-8") as f:
        assert sum(1 for _ in f) == 369
