"""French as a first-class language: stopwords, elision, Snowball French, per article; and queries in
Latin script that find English and French articles."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from search import Index, build_index
from search.analysis import analyze, text_analyzer
from search.analysis.french import french_term, is_french
from search.clean import detect_language
from search.highlight import mark_all
from search.query import build_query, highlight_terms

TEXT = text_analyzer()


def fr(text: str) -> list[str]:
    return analyze(text, TEXT, lang="fr")


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_elision_with_both_apostrophes(apostrophe):
    a = apostrophe
    assert fr(f"l{a}armée") == fr("armée") == fr("armées") == ["fr:arme"]
    assert fr(f"d{a}Agadir") == fr("Agadir") == ["fr:agad"]
    assert fr(f"qu{a}il jusqu{a}à lorsqu{a}on puisqu{a}elle") == []
    assert fr(f"j{a}ai n{a}est s{a}est c{a}est") == []


def test_french_stopwords_and_stems():
    assert fr("Les forces de sécurité ont arrêté des suspects") == [
        "fr:forc",
        "fr:secur",
        "fr:arret",
        "fr:suspect",
    ]
    assert fr("arrêtée") == fr("arrêtés") == fr("arrêté") == ["fr:arret"]
    assert fr("terroriste terroristes terrorisme") == ["fr:terror"] * 3
    assert fr("marocaine marocains") == ["fr:marocain"] * 2
    assert fr("SÉCURITÉ") == fr("sécurité") == ["fr:secur"]  # stemmed with its accents, then folded


def test_english_is_untouched_and_never_meets_a_french_stem():
    assert analyze("The army arrested suspects in Nador", TEXT) == ["armi", "arrest", "suspect", "nador"]
    assert fr("pain") != analyze("pain", TEXT)  # French bread is not English pain


def test_arabic_and_numbers_in_a_french_article_are_as_anywhere():
    assert fr("Nador وبالمغرب ٢٠١٥") == ["fr:nador", "مغرب", "2015"]
    assert fr("الإرهـــاب") == analyze("الإرهاب", TEXT)


def test_french_term_and_language_codes():
    assert french_term("Sécurité") == "fr:secur"
    assert french_term("h1n1") == "h1n1"
    assert is_french("fr") and is_french("FR") and is_french("fr-MA") and is_french("fr_FR")
    assert not is_french("en") and not is_french(None) and not is_french("")


def test_language_detection_tells_french_from_english():
    assert (
        detect_language("L'armée a démantelé une cellule terroriste près de Nador, selon la police") == "fr"
    )
    assert detect_language("The army dismantled a terrorist cell near Nador, the police said") == "en"
    assert detect_language("Arrestation d’un suspect à Nador") == "fr"  # short: elision and "à"
    assert detect_language("Nador Melilla") == "other"


ARTICLES = [
    {
        "id": "fr-1",
        "lang": "fr",
        "title": "L’armée marocaine démantèle une cellule terroriste à Nador",
        "date_iso": "2017-03-02T10:00:00",
        "outlet": "Le Desk",
        "text": "Les forces de sécurité et l'armée ont arrêté quatre suspects à Nador. "
        "Selon l’enquête, la cellule préparait des attentats. Les armées de la région sont en alerte.",
    },
    {
        "id": "fr-2",
        "lang": "fr",
        "title": "Migration : des centaines de migrants secourus au large de Nador",
        "date_iso": "2018-07-01T09:00:00",
        "text": "La marine a secouru des migrants. La sécurité des côtes et l’armée sont mobilisées.",
    },
    {
        "id": "en-1",
        "lang": "en",
        "title": "Moroccan army dismantles a terrorist cell in Nador",
        "date_iso": "2017-03-02T11:00:00",
        "text": "The army and security forces arrested four suspects in Nador, police said.",
    },
    {
        "id": "en-2",
        "title": "Armed men arrested in Tangier",  # no lang: detected as English
        "text": "Police arrested two armed men in Tangier on Monday, the interior ministry said.",
    },
    {
        "id": "ar-1",
        "lang": "ar",
        "title": "تفكيك خلية إرهابية بالناظور",
        "text": "أعلنت السلطات تفكيك خلية إرهابية بمدينة الناظور سنة ٢٠١٧.",
    },
]
RAW_FR = """Le parquet de Rabat ouvre une enquête
Le parquet a ouvert jeudi une enquête sur l'attaque d'un commissariat à Rabat, selon les autorités.
"""


@pytest.fixture(scope="module")
def french_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    root = tmp_path_factory.mktemp("french")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "news.jsonl").write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n")
    (corpus / "parquet.txt").write_text(RAW_FR, encoding="utf-8")  # no metadata: detected as French
    build_index(corpus, root / "ix")
    return Index.open(root / "ix")


def ids(result) -> set[str]:
    return {h.id for h in result.hits}


@pytest.mark.parametrize("query", ["armée", "l'armée", "l’armée", "armées", "ARMÉE", "armee"])
def test_french_forms_find_the_french_articles(french_index, query):
    found = ids(french_index.search(query))
    assert {"fr-1", "fr-2"} <= found
    assert "en-2" not in found  # "armed" is not "armée"


def test_english_query_finds_english_and_a_name_finds_both(french_index):
    assert ids(french_index.search("army")) == {"en-1"}
    assert {"fr-1", "fr-2", "en-1", "ar-1"} <= ids(french_index.search("Nador"))
    assert ids(french_index.search("arrested")) == {"en-1", "en-2"}
    assert ids(french_index.search("arrêté")) == {"fr-1"}


def test_unaccented_french_still_finds_the_article(french_index):
    assert "fr-1" in ids(french_index.search("securite"))  # "sécurité": the written form in `exact`
    assert "fr-1" in ids(french_index.search("sécurité"))


def test_french_phrase_and_title_queries(french_index):
    assert ids(french_index.search('"l’armée marocaine"')) == {"fr-1"}
    assert ids(french_index.search('"armée marocaine"')) == {"fr-1"}
    assert ids(french_index.search("title:armée")) == {"fr-1"}
    assert ids(french_index.search('title:"cellule terroriste"')) == {"fr-1"}


def test_language_facet_and_filter_show_french(french_index):
    result = french_index.search("")
    langs = {v.id: v.count for v in result.facets["lang"]}
    assert langs["fr"] == 3 and langs["en"] == 2 and langs["ar"] == 1
    assert ids(french_index.search("lang:fr")) == {"fr-1", "fr-2", "parquet"}
    assert ids(french_index.search("Nador", lang=["fr"])) == {"fr-1", "fr-2"}


def test_detected_french_article_is_stemmed_in_french(french_index):
    assert ids(french_index.search("enquêtes")) == {"parquet", "fr-1"}  # enquête, stemmed in French


def marked(segments) -> list[str]:
    return [s.text for s in segments if s.match]


def test_french_words_highlight_for_a_french_query(french_index):
    hit = next(h for h in french_index.search("armées").hits if h.id == "fr-1")
    assert marked(hit.title_segments) == ["armée"]
    assert {"armée", "armées"} <= set(marked(hit.snippet))
    article = french_index.article("fr-1", query="l'armée sécurité")
    words = [w for p in article["paragraphs"] for w in marked(p)]
    assert "sécurité" in words and "armée" in words and "l" not in words and "l'" not in words
    # Unaccented, and inside a quoted phrase: still marked where written.
    article = french_index.article("fr-1", query='securite "armée marocaine"')
    assert marked(article["title_segments"]) == ["armée", "marocaine"]
    assert "sécurité" in [w for p in article["paragraphs"] for w in marked(p)]


def test_english_article_is_highlighted_as_before(french_index):
    hit = next(h for h in french_index.search("army").hits if h.id == "en-1")
    assert marked(hit.title_segments) == ["army"]
    terms = highlight_terms(build_query("armées"))
    assert marked(mark_all("The armies of Nador", terms, "en")) == []  # no French stem in English text


def test_similar_articles_of_a_french_article(french_index):
    similar = [h.id for h in french_index.similar("fr-1")]
    assert similar and similar[0] == "fr-2"


def test_ranker_matches_whoosh_on_french(french_index):
    state = french_index.state()
    for text in ["armée", "l'armée Nador", "army OR armée", '"armée marocaine"', "title:armée", "securite"]:
        q = build_query(text)
        mask, scores = state.ranker.evaluate(q, state.searcher)
        expected = dict(state.searcher.search(q, limit=None, optimize=False).items())
        assert set(np.flatnonzero(mask).tolist()) == set(expected)
        for docnum, score in expected.items():
            assert scores[docnum] == pytest.approx(score, rel=1e-9)


def test_to_document_marks_french_text_but_stores_it_as_written(tmp_path: Path):
    from search.clean import clean
    from search.extract import extract
    from search.indexer import to_document
    from search.read import ReadReport, iter_corpus

    (tmp_path / "a.jsonl").write_text(json.dumps(ARTICLES[0], ensure_ascii=False) + "\n")
    article = clean(next(iter(iter_corpus(tmp_path, ReadReport()))))
    doc = to_document(article, extract(article))
    assert doc["_stored_title"] == ARTICLES[0]["title"] and doc["title"].endswith(ARTICLES[0]["title"])
    assert doc["title"] != doc["_stored_title"] and doc["exact"].startswith(ARTICLES[0]["title"])


def test_update_replaces_a_french_article_with_french_analysis(tmp_path: Path):
    corpus, ix_path = tmp_path / "corpus", tmp_path / "ix"
    corpus.mkdir()
    article = dict(ARTICLES[1])
    (corpus / "a.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n")
    build_index(corpus, ix_path)
    article["text"] = "Les gendarmes ont intercepté des embarcations près de Nador."
    (corpus / "a.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n")
    build_index(corpus, ix_path, update=True)
    with Index.open(ix_path) as ix:
        assert ids(ix.search("embarcation")) == {"fr-2"}  # singular finds the plural: French stemming
        assert ids(ix.search("marine")) == set()  # the old body is gone
        assert ids(ix.search("lang:fr")) == {"fr-2"}
