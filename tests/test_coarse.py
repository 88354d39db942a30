"""The coarse (root-like) representation: verb/noun pairs the light stemmer keeps apart meet at low weight."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import query as wq

from search import Index, build_index, coarse, spelling
from search.analysis import analyze, text_analyzer
from search.coarse import CoarseTable, coarse_key, with_coarse
from search.query import build_query
from search.spelling import neighbours
from search.translate.structured import Blend, SynonymSet

_TEXT = text_analyzer()


def key_of(word: str) -> str | None:
    """The coarse key of a word as written (through the index's own stemming chain)."""
    (stem,) = analyze(word, _TEXT)
    return coarse_key(stem)


@pytest.mark.parametrize(
    "forms",
    [
        ("تأسَّسَت", "تأسيس", "مؤسسة", "أسس"),  # founded / founding / institution
        ("سقطت", "سقوط", "يسقط", "والسقوط"),  # fell / fall
        ("يقع", "تقع", "موقع", "واقعة"),  # lies / site: a weak root keeps two letters
        ("أعلن", "إعلان", "الإعلانات", "تعلن"),  # announced / announcement
    ],
)
def test_verb_and_noun_of_one_root_share_a_key(forms):
    keys = {key_of(w) for w in forms}
    assert len(keys) == 1 and None not in keys


def test_different_roots_keep_different_keys():
    assert len({key_of(w) for w in ("تأسيس", "سقوط", "موقع", "كتاب", "وزير")}) == 5


def test_too_short_a_key_groups_nothing():
    assert coarse_key("وفا") is None  # و and ا are weak: one letter left
    assert coarse_key("") is None


def test_table_keeps_classes_of_several_arabic_terms_most_frequent_first(monkeypatch):
    df = {"تاسيس": 40, "تاسست": 9, "مؤسس": 30, "اسس": 2, "وزير": 50, "found": 7, "2015": 3}
    table = CoarseTable.from_terms(df)
    assert table.terms("تاسست") == ("تاسيس", "مؤسس", "تاسست", "اسس")
    assert table.cousins("تاسست") == ("تاسيس", "مؤسس", "اسس")
    assert table.terms("وزير") == ("وزير",)  # alone in its class: nothing to add
    assert table.terms("found") == table.terms("2015") == ()
    monkeypatch.setattr(coarse, "MAX_COUSINS", 2)
    assert CoarseTable.from_terms(df).terms("اسس") == ("اسس", "تاسيس", "مؤسس")  # the word itself stays


def test_a_query_word_the_index_lacks_still_finds_its_class():
    table = CoarseTable.from_terms({"تاسيس": 4, "مؤسس": 3})
    assert table.terms("تاسست") == ("تاسست", "تاسيس", "مؤسس")


TABLE = CoarseTable.from_terms({"تاسيس": 40, "تاسست": 9, "مؤسس": 30, "سقوط": 5, "سقطت": 3})


def test_arabic_words_get_one_low_weight_concept_and_the_query_still_decides_what_matches():
    q = build_query("متى تأسست الجامعة police")
    ranked = with_coarse(q, TABLE, weight=0.3)
    assert isinstance(ranked, wq.AndMaybe) and ranked.a == q  # re-orders only: the mask is q's
    concept = ranked.b
    assert isinstance(concept, SynonymSet) and concept.boost == 0.3
    assert concept.fields == ("body",)  # the body holds the title's words; measured better than both
    assert concept.source == "تاسست"
    assert {t for terms, _ in concept.alternatives for t in terms} == {"تاسيس", "تاسست", "مؤسس"}


def test_off_or_nothing_to_add_leaves_the_query_as_built():
    q = build_query("متى تأسست الجامعة")
    assert with_coarse(q, TABLE, weight=0) is q
    assert with_coarse(q, None) is q
    english = build_query("police Tangier")
    assert with_coarse(english, TABLE, weight=0.3) is english
    assert with_coarse(wq.Every(), TABLE, weight=0.3) == wq.Every()


def test_excluded_words_are_not_expanded():
    ranked = with_coarse(build_query("سقوط -تأسيس"), TABLE, weight=0.3)
    assert isinstance(ranked, wq.AndMaybe)
    assert ranked.b.source == "سقوط"


def test_a_translated_query_gets_the_coarse_classes_on_its_source_side_only():
    translated = SynonymSet("fall", [(("سقوط",), 1.0)])
    q = Blend(build_query("سقطت"), translated, weight=0.6)
    ranked = with_coarse(q, TABLE, weight=0.3)
    assert isinstance(ranked, Blend) and ranked.weight == 0.6
    assert isinstance(ranked.subqueries[0], wq.AndMaybe)
    assert ranked.subqueries[1] is translated


ARTICLES = [
    # Holds the verb the question uses, and nothing else of it.
    {
        "id": "noun",
        "title": "جامعة القاهرة",
        "text": "جرى تأسيس جامعة القاهرة سنة ١٩٠٨ بمبادرة من رجال الفكر.",
    },
    {"id": "other", "title": "جامعة القاهرة", "text": "تضم جامعة القاهرة اليوم كليات كثيرة في الجيزة."},
    {"id": "away", "title": "طقس", "text": "أمطار غزيرة على طنجة."},
]


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    corpus = tmp_path_factory.mktemp("coarse-corpus")
    lines = [json.dumps({**a, "lang": "ar"}, ensure_ascii=False) for a in ARTICLES]
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path: Path = tmp_path_factory.mktemp("coarse-index")
    build_index(corpus, path)
    return Index.open(path)


def test_the_paragraph_with_the_noun_ranks_first_and_totals_stay(small_index, monkeypatch):
    question = "متى تأسَّست جامعة القاهرة؟"
    monkeypatch.setattr(coarse, "COARSE_WEIGHT", 0.0)
    before = small_index.search(question, facets=False)
    monkeypatch.setattr(coarse, "COARSE_WEIGHT", 0.3)
    small_index.state()._coarse = None
    after = small_index.search(question, facets=False)
    assert [h.id for h in before.hits] == ["other", "noun"]  # neither holds تأسست; "other" is shorter
    assert [h.id for h in after.hits] == ["noun", "other"]
    assert after.total == before.total == 2
    assert small_index.state().coarse_table() is not None


# --- a word the archive lacks: its spellings one letter away (spelling.py) ---------------------------


def test_a_misspelt_word_finds_the_archive_spelling_one_letter_away():
    df = {"اضطراب": 12, "اضطرابات": 3, "قائد": 40, "قاعد": 9, "قواعد": 5}
    assert neighbours("اظطراب", df) == ("اضطراب",)  # ظ for ض
    assert neighbours("قاءد", df) == ("قائد", "قاعد")  # hamza on the line for ئ; most frequent first


def test_a_known_or_short_word_is_never_corrected():
    df = {"قائد": 40, "قاءد": 1, "مدن": 8}
    assert neighbours("قاءد", df) == ()  # the archive has it as written
    assert neighbours("مدر", df) == ()  # three letters: too many neighbours to choose from


def concepts(ranked: wq.Query) -> list[SynonymSet]:
    extra = ranked.b
    return [extra] if isinstance(extra, SynonymSet) else list(extra.subqueries)


def test_the_neighbours_join_the_coarse_query_at_their_own_weight(monkeypatch):
    monkeypatch.setattr(spelling, "SPELLING_WEIGHT", 0.5)
    table = CoarseTable.from_terms({"اضطراب": 12, "نوم": 30})
    spelt = [
        c for c in concepts(with_coarse(build_query("اظطراب النوم"), table, weight=0.3)) if c.boost == 0.5
    ]
    assert [(c.source, c.alternatives) for c in spelt] == [("اظطراب", [(("اضطراب",), 1.0)])]
    monkeypatch.setattr(spelling, "SPELLING_WEIGHT", 0.0)
    assert with_coarse(build_query("اظطراب النوم"), table, weight=0.3) == build_query("اظطراب النوم")


def test_only_the_first_words_of_a_long_query_get_a_class(monkeypatch):
    monkeypatch.setattr(coarse, "MAX_WORDS", 1)
    ranked = with_coarse(build_query("سقطت تأسست"), TABLE, weight=0.3)
    assert [c.source for c in concepts(ranked)] == ["سقطت"]
