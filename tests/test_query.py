"""Building queries from user syntax: the built query itself is asserted, no index needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from search.query import MAX_QUERY_CHARS, build_filter, build_query, highlight_terms, parse


def text_term(stem: str, written: str | None = None, french: str | None = None) -> wq.Query:
    """A word's query: its stem in title or body, and the word as written (normalised) in `exact`;
    a Latin word also its French stem in title or body (French articles are stemmed in French)."""
    exact = wq.Term("exact", written or stem, boost=0.5)
    alternatives = [wq.Term("title", stem), wq.Term("body", stem), exact]
    if french:
        alternatives += [wq.Term("title", french), wq.Term("body", french)]
    return wq.Or(alternatives)


def test_words_are_ored():
    q = build_query("خلايا ارهابية")
    assert isinstance(q, wq.Or)
    assert q.subqueries == [text_term("خل", "خلايا"), text_term("ارهاب", "ارهابيه")]


def test_single_word_with_diacritics_and_hamza():
    assert build_query("الإرهـــاب") == build_query("الارهاب") == text_term("ارهاب", "الارهاب")
    assert build_query("أَعْلَنَت") == text_term("اعلنت", "اعلنت")


def test_phrase_is_exact_and_required():
    q = build_query('"تفكيك خلايا" الناظور')
    assert isinstance(q, wq.AndMaybe)
    assert q.a == wq.Phrase("exact", ["تفكيك", "خلايا"])
    assert q.b == wq.Or([text_term("ناظور", "الناظور"), wq.Term("city", "nador", boost=0.5)])


def test_phrase_with_arabic_quotes_and_unclosed_quote():
    assert build_query("«تفكيك خلايا»") == wq.Phrase("exact", ["تفكيك", "خلايا"])
    assert build_query('"تفكيك خلايا') == wq.Phrase("exact", ["تفكيك", "خلايا"])


def test_exclusion():
    q = build_query("الارهاب -مليلية")
    assert q == wq.AndNot(text_term("ارهاب", "الارهاب"), text_term("مليل", "مليليه"))


def test_or_between_phrases_and_fields():
    q = build_query('"الدولة الإسلامية" OR "داعش"')
    assert q == wq.Or([wq.Phrase("exact", ["الدوله", "الاسلاميه"]), wq.Term("exact", "داعش")])
    assert build_query("city:nador | city:melilla") == wq.Or(
        [wq.Term("city", "nador"), wq.Term("city", "melilla")]
    )


def test_fields_resolve_aliases_in_any_script():
    assert build_query("city:Nador") == build_query("city:الناظور") == wq.Term("city", "nador")
    assert build_query("city:بالناظور") == wq.Term("city", "nador")
    assert build_query("agency:DGST") == wq.Term("agency", "dgst")


def test_year_and_year_range():
    assert build_query("year:2020") == wq.Term("year", "2020")
    assert build_query("year:٢٠١٥") == wq.Term("year", "2015")
    assert build_query("year:2020..2015") == wq.TermRange("year", "2015", "2020")
    assert build_query("years:2002-2015") == wq.TermRange("years_mentioned", "2002", "2015")
    # Not a year: read as words rather than failing.
    assert build_query("year:abc") == text_term("abc", french="fr:abc")


def test_title_and_author_fields():
    assert build_query("title:مليلية") == wq.And([wq.Term("title", "مليل")])
    assert build_query('title:"ضربات الاستباقية"') == wq.Phrase("title", ["ضرب", "استباق"])
    # The author field keeps no positions, so a two-word name is every word, never a phrase.
    assert build_query('author:"محمود معروف"') == wq.And(
        [wq.Term("author", "محمود"), wq.Term("author", "معروف")]
    )


def test_unknown_field_is_read_as_words():
    q = build_query("http://example.com")
    assert isinstance(q, wq.Or | wq.Term | wq.And)
    assert "http" in {t for _, t in q.iter_all_terms()}


def test_required_fields_with_words():
    q = build_query("خلية city:nador")
    assert q == wq.AndMaybe(wq.Term("city", "nador"), text_term("خل", "خليه"))


def test_empty_and_stopword_only_queries():
    assert build_query("") == wq.Every()
    assert build_query("   ") == wq.Every()
    assert build_query("في") == wq.Term("exact", "في")  # look for it as written, not everything
    assert build_query("-مليلية") == wq.AndNot(wq.Every(), text_term("مليل", "مليليه"))


def test_broken_syntax_gets_a_best_reading():
    assert build_query("((الارهاب") == text_term("ارهاب", "الارهاب")
    assert build_query("city: الناظور") == wq.Term("city", "nador")
    assert build_query("- : OR OR") == wq.Every()
    assert build_query("*") == wq.Every()


def test_long_query_is_cut_with_a_note():
    parsed = parse("كلمة " * 1000)
    assert any("cut" in n for n in parsed.notes)
    assert len(parsed.groups) <= MAX_QUERY_CHARS


def test_filters_or_within_and_across_facets():
    f = build_filter({"city": ["Nador", "مليلية"], "year": ["2020"]})
    assert f == wq.And(
        [wq.Or([wq.Term("city", "nador"), wq.Term("city", "melilla")]), wq.Term("year", "2020")]
    )
    assert build_filter({}) is None


def test_highlight_terms_include_restemmed_phrases():
    terms = highlight_terms(build_query('"تفكيك الخلايا" مليلية'))
    assert {"تفكيك", "خل", "مليل"} <= terms


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "-():|*ORالناظورخلية١٢\u200c\u064e')), max_size=60))
def test_query_builder_never_raises(text):
    assert isinstance(build_query(text), wq.Query)


def test_gazetteer_names_in_words_also_query_the_facet_fields():
    # An English name finds Arabic articles that name the place, and the other way round.
    q = build_query("Nador cell")
    assert wq.Term("city", "nador", boost=0.5) in q.subqueries
    assert wq.Term("city", "nador", boost=0.5) in build_query("بالناظور").subqueries
    # Multi-word names, longest first; common words are not entities.
    assert wq.Term("agency", "guardia_civil", boost=0.5) in build_query("Guardia Civil arrests").subqueries
    assert wq.Term("city", "casablanca", boost=0.5) in build_query("الدار البيضاء").subqueries
    assert all(f not in ("city", "agency") for f, _ in build_query("police arrest").iter_all_terms())
