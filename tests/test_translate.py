"""Cross-language search: the lexicon, transliteration, structured concepts, blending, every surface."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from conftest import SEED_NADOR, SEED_REPORT
from whoosh import query as wq

from search import Index, build_index, build_query, parse
from search.query import free_words
from search.translate import Translation, targets_for, translate
from search.translate.lexicon import LEXICON
from search.translate.structured import Blend, SynonymSet
from search.translate.transliterate import arabic_candidates, latin_candidates, skeleton
from search.translate.vocabulary import DictVocabulary
from web import create_app

# An Arabic archive's vocabulary as translation sees it: ranking terms and their document counts.
ARCHIVE = DictVocabulary(
    {
        "خل": 40, "ارهاب": 55, "نياب": 30, "عام": 300, "تفكيك": 12, "مخدر": 25, "ناظور": 9,
        "بنكيران": 4, "بنكران": 1, "شرط": 80, "اعتقال": 33, "توقيف": 41, "2015": 7,
    }
)  # fmt: skip


def test_news_lexicon_comes_first_and_phrases_are_looked_up_longest_first():
    entries = LEXICON.senses("en", ["public", "prosecutor", "seized", "drugs"])
    assert [e.source for e in entries] == ["public prosecutor", "seized", "drugs"]
    assert entries[0].targets[0] == ("النيابة العامة", "news")
    assert entries[2].targets[0] == ("مخدرات", "news")  # not FreeDict's عقار ("medicine")
    # A form the dictionary does not list is found through its stem's headwords.
    assert LEXICON.senses("en", ["dismantles"])[0].targets


def test_arabic_lookup_tolerates_clitics_and_letter_forms():
    (entry,) = LEXICON.senses("ar", ["واعتقال"])
    assert ("arrest", "news") in entry.targets


def test_translation_keeps_only_what_the_archive_holds_one_concept_per_word():
    t = translate(["Nador", "drug", "arrests", "xyzzyq"], ARCHIVE)
    by_source = {c.source: c for c in t.concepts}
    assert [a.form for a in by_source["Nador"].alternatives] == ["الناظور"]
    assert by_source["Nador"].alternatives[0].origin == "gazetteer"
    assert by_source["drug"].alternatives[0].terms == ("مخدر",)
    for concept in t.concepts:
        assert abs(sum(a.weight for a in concept.alternatives) - 1) < 1e-9
        assert all(min(ARCHIVE.df(term) for term in a.terms) > 0 for a in concept.alternatives)
    assert t.untranslated == ["xyzzyq"]  # dropped from the Arabic side, not searched as Latin


def test_a_removed_translation_is_left_out():
    forms = [a.form for c in translate(["arrests"], ARCHIVE).concepts for a in c.alternatives]
    assert "اعتقال" in forms
    t = translate(["arrests"], ARCHIVE, removed={"اعتقال"})
    assert "اعتقال" not in [a.form for c in t.concepts for a in c.alternatives]
    assert t.removed == ["اعتقال"]


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Nador", "ناظور"),
        ("Kenitra", "قنيطرة"),
        ("Oujda", "وجدة"),
        ("Chefchaouen", "شفشاون"),
        ("Wales", "ويلز"),
    ],
)
def test_skeletons_meet_across_romanisations(latin, arabic):
    assert skeleton(latin) == skeleton(arabic)


def test_names_are_transliterated_against_the_archive_and_ranked():
    found = arabic_candidates("Benkirane", ARCHIVE)
    assert next(term for _, term, _ in found) == "بنكيران"  # the closer spelling first
    assert abs(sum(w for _, _, w in found) - 1) < 1e-9
    assert arabic_candidates("Zzyzx", ARCHIVE) == []  # nothing in the archive: nothing proposed
    english = DictVocabulary({"benkiran": 3, "benkirane": 5, "rabat": 9})
    assert {term for _, term, _ in latin_candidates("بنكيران", english)} >= {"benkirane"}


def test_translation_work_is_bounded():
    words = [f"zq{i}word" for i in range(64)]
    start = time.perf_counter()
    t = translate(words, ARCHIVE)
    assert not t.concepts and len(t.untranslated) <= 32  # only the first 32 words are looked at
    # A name whose skeleton hundreds of archive terms share keeps only its best three.
    crowded = DictVocabulary({f"بنكير{'ا' * (i % 5)}ن{'ي' * (i // 5)}": i + 1 for i in range(500)})
    assert len(arabic_candidates("Benkiran", crowded)) <= 3
    mixed = translate(["Nador", "خلية", "2015", "l'armée", "x"], ARCHIVE)
    assert {c.target for c in mixed.concepts} <= {"ar", "en"}
    assert time.perf_counter() - start < 30  # a guard against runaway work, not a speed target


def test_auto_translates_only_into_languages_the_archive_holds():
    assert targets_for(["Nador", "cell"], "auto", {"ar"}) == {"ar"}
    assert targets_for(["Nador", "cell"], "auto", {"en"}) == set()  # nothing to reach
    assert targets_for(["خلية"], "auto", {"ar", "en"}) == {"en"}
    assert targets_for(["خلية"], "on", {"ar"}) == {"en"}
    assert targets_for(["Nador"], "off", {"ar"}) == set()
    # An Arabic query with a Latin acronym is Arabic: auto does not translate the acronym.
    assert targets_for(["تفكيك", "خلية", "DGST"], "auto", {"ar"}) == set()
    assert targets_for(["تفكيك", "خلية", "DGST"], "on", {"ar"}) == {"ar", "en"}


def test_translated_query_is_a_blend_of_the_query_and_one_concept_per_word():
    parsed = parse('Nador cell "tanger med" -Ceuta')
    t = translate(free_words(parsed), ARCHIVE)
    q = build_query(parsed, translation=t)
    assert isinstance(q, Blend)
    source, translated = q.subqueries
    assert source == build_query(parsed)  # the query as typed is unchanged
    assert isinstance(translated, wq.AndNot)  # the same exclusion on the translated side
    concepts = [n for n in _walk(translated) if isinstance(n, SynonymSet)]
    assert [c.source for c in concepts] == ["Nador", "cell"]
    assert build_query(parsed, translation=Translation()) == build_query(parsed)


def _walk(q):
    yield q
    for child in q.children():
        yield from _walk(child)


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory):
    """Arabic and English articles: the same story twice, and articles for weight checks."""
    corpus = tmp_path_factory.mktemp("xlang") / "corpus"
    corpus.mkdir()
    rows = [
        {"id": "ar-cell", "lang": "ar", "title": "تفكيك خلية إرهابية بالناظور",
         "text": "أعلنت السلطات تفكيك خلية إرهابية تنشط بالناظور واعتقال أربعة أشخاص."},
        {"id": "ar-weather", "lang": "ar", "title": "أمطار غزيرة في الرباط",
         "text": "تهاطلت أمطار غزيرة على الرباط أمس."},
        {"id": "en-cell", "lang": "en", "title": "Terrorist cell dismantled in Nador",
         "text": "Moroccan police dismantled a terrorist cell in Nador and arrested four people."},
        {"id": "en-rain", "lang": "en", "title": "Heavy rain in Rabat", "text": "Heavy rain fell on Rabat."},
    ]  # fmt: skip
    (corpus / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    build_index(corpus, corpus.parent / "ix")
    return Index.open(corpus.parent / "ix")


def test_one_synonym_scores_as_the_plain_word(mixed_index):
    """With one translation of weight 1, the concept is exactly the word's BM25 in title and body."""
    state = mixed_index.state()
    syn = SynonymSet("cell", [(("خل",), 1.0)])
    plain = wq.Or([wq.Term("title", "خل"), wq.Term("body", "خل")])
    m1, s1 = state.ranker.evaluate(syn, state.searcher)
    m2, s2 = state.ranker.evaluate(plain, state.searcher)
    assert m1.tolist() == m2.tolist() and np.allclose(s1, s2)


def test_many_translations_do_not_outweigh_one(mixed_index):
    state = mixed_index.state()
    one = SynonymSet("a", [(("خل",), 1.0)])
    many = SynonymSet("b", [(("خل",), 0.25), (("ارهاب",), 0.25), (("تفكيك",), 0.25), (("ناظور",), 0.25)])
    summed = wq.Or(
        [wq.Or([wq.Term(f, t) for f in ("title", "body")]) for t in ("خل", "ارهاب", "تفكيك", "ناظور")]
    )
    _, s_one = state.ranker.evaluate(one, state.searcher)
    _, s_many = state.ranker.evaluate(many, state.searcher)
    _, s_sum = state.ranker.evaluate(summed, state.searcher)
    doc = state.searcher.document_number(id="ar-cell")
    # Four translations all present count about as much as one word, not four times as much.
    assert s_many[doc] < 1.6 * s_one[doc] < s_sum[doc]


def test_english_query_keeps_english_first_and_finds_the_arabic_story(mixed_index):
    result = mixed_index.search("terrorist cell Nador")
    ids = [h.id for h in result.hits]
    assert ids[:2] == ["en-cell", "ar-cell"]
    why = next(h.why for h in result.hits if h.id == "ar-cell")
    assert any(w.get("translation") == "terrorist cell" and "خلية إرهابية" in w["forms"] for w in why)
    assert result.translation and result.translation["concepts"]
    # xlang=off: only the English article (and none of the Arabic reporting).
    assert [h.id for h in mixed_index.search("terrorist cell Nador", xlang="off").hits][:1] == ["en-cell"]


def test_arabic_query_keeps_arabic_first_and_finds_the_english_story(mixed_index):
    ids = [h.id for h in mixed_index.search("تفكيك خلية إرهابية").hits]
    assert ids[0] == "ar-cell" and "en-cell" in ids


def test_seeds_nador_terrorist_cell_dismantled(seeds_index):
    result = seeds_index.search("Nador terrorist cell dismantled")
    assert result.hits[0].id == SEED_NADOR


def test_seeds_counter_terrorism_cooperation_finds_both_and_says_why(seeds_index):
    result = seeds_index.search("Moroccan Spanish counter-terrorism cooperation")
    assert {h.id for h in result.hits} == {SEED_NADOR, SEED_REPORT}
    for hit in result.hits:
        translated = [w for w in hit.why if "translation" in w]
        assert translated and all(w["forms"] for w in translated)


def test_monolingual_archive_and_query_are_untouched(seeds_index):
    """An Arabic query over an Arabic archive: auto translates nothing, results as with xlang=off."""
    auto = seeds_index.search("خلايا ارهابية الناظور")
    off = seeds_index.search("خلايا ارهابية الناظور", xlang="off")
    assert auto.translation is None
    assert [(h.id, h.score) for h in auto.hits] == [(h.id, h.score) for h in off.hits]


def test_api_and_page_show_the_translation_and_drop_it(seeds_index_path):
    client = create_app({"INDEX_PATH": str(seeds_index_path), "TESTING": True}).test_client()
    data = client.get("/api/v1/search?q=Nador%20terrorist%20cell").get_json()
    forms = [a["form"] for c in data["translation"]["concepts"] for a in c["alternatives"]]
    assert "خلية إرهابية" in forms and data["xlang"] == "auto"
    dropped = client.get(
        "/api/v1/search", query_string={"q": "Nador terrorist cell", "xlang_drop": "خلية إرهابية"}
    )
    assert "خلية إرهابية" not in [
        a["form"] for c in dropped.get_json()["translation"]["concepts"] for a in c["alternatives"]
    ]
    assert client.get("/api/v1/search?q=x&xlang=maybe").get_json()["error"]["parameter"] == "xlang"
    assert client.get("/api/v1/search?q=Nador&xlang=off").get_json()["translation"] is None
    page = client.get("/search?q=Nador%20terrorist%20cell&ui=en").get_data(as_text=True)
    assert "Also searched in Arabic" in page and "xlang_drop=" in page and "xlang=off" in page
    hostile = client.get("/search", query_string={"q": "<script>x</script> Nador", "ui": "en"})
    assert "<script>x" not in hostile.get_data(as_text=True)
    article = client.get(f"/article/{SEED_NADOR}?q=terrorist%20cell&ui=en").get_data(as_text=True)
    assert "<mark>خلية</mark>" in article  # translated words are highlighted in the Arabic article


def test_blend_scores_are_each_sides_scores_over_its_scale(mixed_index):
    """A blended score is the better of (side score / side scale), the translated side weighted."""
    state = mixed_index.state()
    parsed = parse("terrorist cell Nador")
    translation = state.translation(parsed, "on", [])
    q = build_query(parsed, translation=translation, xlang="on")
    _, scores = state.ranker.evaluate(q, state.searcher)
    source, translated = q.subqueries
    _, ss, top_s = state.ranker.scaled(source, state.searcher)
    _, st, top_t = state.ranker.scaled(translated, state.searcher)
    assert top_s > 0 and top_t > 0
    for article in ("en-cell", "ar-cell"):
        doc = state.searcher.document_number(id=article)
        assert scores[doc] == pytest.approx(max(ss[doc] / top_s, q.weight * st[doc] / top_t))
    # The English article scores best on the query as typed, the Arabic one on its translation
    # (both name Nador, a place id that both sides search).
    en, ar = (state.searcher.document_number(id=i) for i in ("en-cell", "ar-cell"))
    assert ss[en] / top_s > st[en] / top_t and st[ar] / top_t > ss[ar] / top_s
