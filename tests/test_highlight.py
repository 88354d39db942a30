"""Highlighting: query words found in their written forms, snippets cut at words, text kept whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import analyze, text_analyzer
from search.highlight import Segment, mark_all, segments_html, snippet

TEXT = text_analyzer()


def terms(query: str) -> set[str]:
    return set(analyze(query, TEXT))


def marked(segments: list[Segment]) -> list[str]:
    return [s.text for s in segments if s.match]


def test_written_forms_are_marked():
    text = "أَعْلَنَت الشرطة وبالمغرب عن تفكيك خلايا الإرهـــاب قرب ٢٠١٥ Nador police"
    segments = mark_all(text, terms("اعلنت المغرب خلية الارهاب policing"))
    assert marked(segments) == ["أَعْلَنَت", "وبالمغرب", "خلايا", "الإرهـــاب", "police"]
    assert "".join(s.text for s in segments) == text


def test_no_terms_or_no_match_keeps_the_text():
    assert mark_all("نص بلا كلمات", set()) == [Segment("نص بلا كلمات")]
    assert snippet("نص بلا كلمات", terms("الناظور")) == []


def test_snippet_shows_the_passages_with_the_most_query_words():
    filler = " ".join(["كلام"] * 80)
    text = f"{filler} الناظور وحده {filler} تفكيك خلية في الناظور {filler} خلية أخرى {filler}"
    segments = snippet(text, terms("خلية الناظور"))
    shown = "".join(s.text for s in segments)
    # The passage with both words, then (a tie between one-word passages) the earlier one.
    assert marked(segments) == ["الناظور", "خلية", "الناظور"]
    assert "تفكيك" in shown and "أخرى" not in shown
    assert shown.startswith("… ") and shown.endswith(" …") and " … " in shown
    assert len(shown) < 2 * 220 + 20
    for piece in shown.strip("… ").split(" … "):
        assert piece in text  # cut at words, nothing rewritten


def test_overlapping_fragments_are_one_passage():
    text = "الناظور " + "كلمة " * 20 + "خلية"  # two fragments whose contexts overlap
    shown = "".join(s.text for s in snippet(text, terms("خلية الناظور")))
    assert shown == text


def test_markup_in_a_document_is_escaped():
    segments = mark_all('<script>alert("x")</script> الناظور', terms("الناظور"))
    assert segments_html(segments) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>الناظور</mark>"
    )


words = st.sampled_from(["الناظور", "وبالناظور", "خلية", "خلايا", "police", "<b>", "،", "\n", "٢٠١٥", "a"])


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=200), st.lists(words, max_size=3))
def test_segments_always_reproduce_the_text(parts, query):
    text = " ".join(parts)
    wanted = terms(" ".join(query))
    assert "".join(s.text for s in mark_all(text, wanted)) == text
    shown = "".join(s.text for s in snippet(text, wanted))
    for piece in shown.strip("… ").split(" … "):
        assert piece.strip() in text


def _spans_word_by_word(text: str, query_terms: set[str], lang: str | None = None) -> list[tuple]:
    """match_spans as it was written first: every word of the text analysed in turn (the reference)."""
    from search.analysis.french import FRENCH_STOPWORDS, is_french
    from search.highlight import _WORD_RE, WRITTEN_PREFIX, word_term, written_term

    french = is_french(lang)
    written = french and any(t.startswith(WRITTEN_PREFIX) for t in query_terms)
    out = []
    for m in _WORD_RE.finditer(text):
        word = m.group()
        term = word_term(word, french)
        if term is not None and term in query_terms:
            out.append((m.start(), m.end(), term))
        elif written and (form := written_term(word)) in query_terms and word.lower() not in FRENCH_STOPWORDS:
            out.append((m.start(), m.end(), term or str(form)))
    return out


def test_match_spans_finds_what_a_word_by_word_scan_finds():
    """The set-and-pattern scan marks exactly the words a scan of every word marks: words inside
    longer words, diacritics, tatweel, digits, Latin beside Arabic, French written forms."""
    from pathlib import Path

    from search.highlight import match_spans, word_term

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("seeds").glob("*.txt"))]
    texts.append("المغرب والمغربي وبالمغرب المغربية؛ المغرب. «المغرب» المغرب2015 ٢٠١٥ أَعْلَنَت الإرهـــاب Nador")
    queries = ["المغرب", "خلية ارهابية الناظور", "اعلنت الارهاب 2015 nador", "الرباط وزارة الداخلية"]
    for text in texts:
        for query in queries:
            assert match_spans(text, terms(query)) == _spans_word_by_word(text, terms(query))
    french = "L'armée a renforcé la sécurité; les armées et la Sécurité civile. securite"
    for query_terms in ({"=securite", word_term("armée", True)}, {"=l", "=la", "=armee"}):
        got = match_spans(french, query_terms, "fr")
        assert got == _spans_word_by_word(french, query_terms, "fr") and got
