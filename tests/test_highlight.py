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
