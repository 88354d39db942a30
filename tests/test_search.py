"""Indexing and searching: the seeds and a small bilingual corpus, through the public API."""

from __future__ import annotations

import json

import pytest
from conftest import SEED_FOLDER, SEED_NADOR, SEED_REPORT, SEEDS

from search import BadRequest, Index, IndexNotFound, build_index


def ids(result) -> list[str]:
    return [h.id for h in result.hits]


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("مليلية", SEED_NADOR),
        ("ومليلية", SEED_NADOR),
        ("الإرهاب", None),
        ("الارهاب", None),
        ("الإرهـــاب", None),
        ("تفكيك الخلايا", SEED_NADOR),
        ("تَفْكِيك الخَلايا", SEED_NADOR),
        ("المكتب المركزي للأبحاث القضائية", SEED_NADOR),
        ("المكتب المركزي للابحاث القضائيه", SEED_NADOR),
        ("خلايا ارهابية الناظور", SEED_NADOR),
        ("سبتة ومليلية", SEED_REPORT),
        ("احصائيات المقاتلين المغاربه بسوريا والعراق ١٣٥٤", SEED_REPORT),
    ],
)
def test_seed_queries_find_the_right_seed(seeds_index, query, expected_first):
    result = seeds_index.search(query)
    assert result.total >= 1
    if expected_first:
        assert result.hits[0].id == expected_first
    else:
        assert set(ids(result)) == {SEED_NADOR, SEED_REPORT}


def test_snippets_highlight_matched_words_in_their_written_form(seeds_index):
    hit = seeds_index.search("مليلية").hits[0]
    marked = [s.text for s in hit.snippet if s.match]
    assert "ومليلية" in marked or "مليلية" in marked
    assert "<mark>" in hit.snippet_html
    hit = seeds_index.search("الارهاب").hits[0]
    assert any(s.match and "الإرهاب" in s.text for s in hit.snippet)


def test_snippet_html_escapes_document_text(tmp_path):
    (tmp_path / "x.txt").write_text("<b>عنوان</b>\nنص <script>alert(1)</script> عن مليلية", encoding="utf-8")
    ix = Index.open(build_index(tmp_path, tmp_path / "ix") and tmp_path / "ix")
    hit = ix.search("مليلية").hits[0]
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "<b>" not in hit.title_html


def test_phrase_search_is_exact(seeds_index):
    # Words as written: 003 has "تفكيك خلايا", 000 only "بتفكيك خلايا" (a clitic is another word).
    assert ids(seeds_index.search('"تفكيك خلايا"')) == [SEED_NADOR]
    assert ids(seeds_index.search('"بتفكيك خلايا"')) == [SEED_REPORT]
    assert ids(seeds_index.search('"بِتَفْكِيك خلايا"')) == [SEED_REPORT]  # modulo diacritics
    assert seeds_index.search('"خلايا تفكيك"').total == 0  # order matters
    assert set(ids(seeds_index.search('"خليه ارهابيه"'))) == {SEED_NADOR, SEED_REPORT}  # modulo ة/ه, hamza


def test_exclusion_and_or(seeds_index):
    assert ids(seeds_index.search("الإرهاب -الناظور")) == [SEED_REPORT]
    assert set(ids(seeds_index.search('"حصاد" OR "الناظور"'))) == {SEED_NADOR, SEED_REPORT}


def test_seed_facets(seeds_index):
    result = seeds_index.search("")
    assert result.total == 2
    cities = {v.id: v for v in result.facets["city"]}
    assert cities["rabat"].count == 1 and cities["rabat"].label_ar == "الرباط"
    years = {v.id: v.count for v in result.facets["year"]}
    assert years == {"unknown": 2}  # the seeds carry no date: none is guessed
    mentioned = {v.id: v.count for v in result.facets["years_mentioned"]}
    assert mentioned["2002"] == 2 and mentioned["2015"] == 1 and "2720" not in mentioned


def test_all_words_rank_before_some_words(corpus_index):
    result = corpus_index.search("الشرطة طنجة")
    assert result.hits[0].id == "hs-1"  # both words; ar/police has only شرطي
    assert result.total >= 2


def test_bilingual_corpus_is_indexed_with_report(corpus_dir, tmp_path):
    report = build_index(corpus_dir, tmp_path / "ix")
    assert report.indexed == 5
    assert report.duplicates == 1  # hs-dup repeats hs-1 once glued sentences are separated
    assert [(p.path, p.line) for p in report.skipped] == [("news.jsonl", 3)]
    manifest = json.loads((tmp_path / "ix" / "manifest.json").read_text())
    assert manifest["indexed"] == 5 and manifest["version"]


def test_same_input_gives_the_same_index(corpus_dir, tmp_path):
    def snapshot(path):
        ix = Index.open(path)
        return [(h.id, h.title, h.date) for h in ix.search("", sort="oldest", per_page=100).hits]

    build_index(corpus_dir, tmp_path / "a")
    build_index(corpus_dir, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_english_and_mixed_queries(corpus_index):
    assert ids(corpus_index.search("arrested Tangier"))[0] == "en-1"
    assert ids(corpus_index.search("police Melilla"))[0] == "reuters"


def test_filters_narrow_and_facets_count_the_whole_result_set(corpus_index):
    everything = corpus_index.search("", per_page=1)
    assert everything.total == 5 and len(everything.hits) == 1
    years = {v.id: v.count for v in everything.facets["year"]}
    assert years == {"2020": 1, "2019": 1, "2018": 1, "unknown": 2}
    only_2019 = corpus_index.search("", year=[2019])
    assert ids(only_2019) == ["hs-2"]
    # OR within a facet; the facet's own counts are not narrowed by its selection.
    two_years = corpus_index.search("", year=["2019", "2020"])
    assert sorted(ids(two_years)) == ["hs-1", "hs-2"]
    assert {v.id for v in two_years.facets["year"] if v.selected} == {"2019", "2020"}
    assert {v.id: v.count for v in two_years.facets["year"]}["2018"] == 1
    unknown = corpus_index.search("", year=["unknown"])
    assert sorted(ids(unknown)) == ["ar/police", "reuters"]


def test_city_filter_accepts_ids_and_aliases(corpus_index):
    by_id = corpus_index.search("", city=["tetouan"])
    assert ids(by_id) == ["ar/police"]
    assert (
        ids(corpus_index.search("", city=["Tétouan"]))
        == ids(corpus_index.search("", city=["تطوان"]))
        == ["ar/police"]
    )
    assert ids(corpus_index.search("city:Rabat")) == ["reuters"]


def test_sort_by_date(corpus_index):
    newest = ids(corpus_index.search("", sort="newest", per_page=10))
    assert newest[:3] == ["hs-1", "hs-2", "en-1"]
    assert set(newest[3:]) == {"ar/police", "reuters"}  # undated last
    oldest = ids(corpus_index.search("", sort="oldest", per_page=10))
    assert oldest[:3] == ["en-1", "hs-2", "hs-1"]


def test_paging(corpus_index):
    pages = [ids(corpus_index.search("", sort="newest", page=p, per_page=2)) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert len({i for p in pages for i in p}) == 5
    assert corpus_index.search("", page=9, per_page=2).hits == []
    relevance = [ids(corpus_index.search("طنجة", page=p, per_page=1)) for p in (1, 2)]
    assert relevance[0] != relevance[1]


def test_bad_requests_are_errors_not_crashes(corpus_index):
    for kwargs in ({"page": 0}, {"per_page": 10_000}, {"sort": "random"}, {"nonsense": ["x"]}):
        with pytest.raises(BadRequest):
            corpus_index.search("x", **kwargs)


def test_missing_index(tmp_path):
    with pytest.raises(IndexNotFound):
        Index.open(tmp_path / "nothing")


def test_article_and_similar(seeds_index):
    article = seeds_index.article(SEED_NADOR, query="مليلية")
    assert article is not None
    assert article["title"].startswith("السلطات المغربية")
    assert any(seg.match for para in article["paragraphs"] for seg in para)
    assert article["facets"]["city"][0].id == "rabat"
    assert seeds_index.article("../../etc/passwd") is None
    similar = seeds_index.similar(SEED_NADOR)
    assert [h.id for h in similar] == [SEED_REPORT]


def test_rebuild_is_swapped_in_and_picked_up(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("عنوان\nخبر عن مليلية", encoding="utf-8")
    build_index(corpus, tmp_path / "ix")
    ix = Index.open(tmp_path / "ix")
    assert ix.search("مليلية").total == 1
    (corpus / "b.txt").write_text("عنوان آخر\nخبر ثان عن مليلية", encoding="utf-8")
    build_index(corpus, tmp_path / "ix")
    assert ix.search("مليلية").total == 2  # the open Index notices the new build
    # No half-built leftovers: the index (a symlink), its builds folder, its writer lock.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ix.builds", ".ix.lock", "c", "ix"]
    assert len(list((tmp_path / ".ix.builds").iterdir())) <= 2


def test_seeds_directory_is_the_shared_seeds():
    expected = ["000_44e7ed56ac7ca7ca.txt", "003_f07691009bce3612.txt"]
    assert sorted(p.name for p in SEED_FOLDER.glob("*.txt")) == expected
    assert sorted(p.name for p in SEEDS.iterdir()) == expected  # the tests index these, not seeds/demo


def test_english_name_finds_arabic_article_and_says_why(seeds_index):
    # Without translation only the gazetteer name crosses: the one seed that names الناظور.
    assert [h.id for h in seeds_index.search("Nador cell", xlang="off").hits] == [SEED_NADOR]
    # With it (auto: the archive is Arabic), "cell" → خلية finds the other seed too, below.
    result = seeds_index.search("Nador cell")
    assert [h.id for h in result.hits] == [SEED_NADOR, SEED_REPORT]
    why = result.hits[0].why
    assert why[0]["id"] == "nador" and "الناظور" in why[0]["surfaces"]
    assert seeds_index.search("DGST").total == 2  # both seeds name the DGST, in Arabic only
    assert seeds_index.search("Ceuta").hits[0].id == SEED_REPORT


def test_seed_facets_from_the_text(seeds_index):
    facets = seeds_index.search("").facets
    cities = {v.id: v.count for v in facets["city"]}
    assert cities == {"melilla": 2, "rabat": 1, "nador": 1, "madrid": 1, "ceuta": 1}
    agencies = {v.id for v in facets["agency"]}
    assert {
        "bcij",
        "dgst",
        "dgsn",
        "es_cgi",
        "es_national_police",
        "cni",
        "us_intelligence",
        "ma_interior",
        "es_interior",
        "ma_prosecution",
    } <= agencies


def test_top_results_do_not_depend_on_the_page_size(corpus_index):
    full = [h.id for h in corpus_index.search("الشرطة طنجة المخدرات", per_page=10).hits]
    for k in (1, 2, 3):
        assert [h.id for h in corpus_index.search("الشرطة طنجة المخدرات", per_page=k).hits] == full[:k]
    page_two = [h.id for h in corpus_index.search("الشرطة طنجة المخدرات", per_page=1, page=2).hits]
    assert page_two == full[1:2]


def test_field_queries_run(seeds_index):
    assert [h.id for h in seeds_index.search('author:"محمود معروف"').hits] == [SEED_REPORT]
    assert [h.id for h in seeds_index.search('title:"ضربات الاستباقية"').hits] == [SEED_REPORT]
