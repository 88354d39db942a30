"""The analysis chains on real Arabic strings: what matches what."""

from __future__ import annotations

import pytest

from search.analysis import analyze, exact_analyzer, light_stem, normalize_arabic, text_analyzer

TEXT = text_analyzer()
EXACT = exact_analyzer()


def same_terms(a: str, b: str) -> bool:
    return analyze(a, TEXT) == analyze(b, TEXT)


def test_diacritics_are_stripped():
    assert analyze("أَعْلَنَت", EXACT) == ["اعلنت"]
    assert same_terms("أَعْلَنَت", "أعلنت")
    assert same_terms("المُخَابَرَات", "المخابرات")


def test_diacritics_do_not_split_a_word():
    # Whoosh's default tokenizer would cut this into four one-letter tokens.
    assert analyze("مُحَمَّد", EXACT) == ["محمد"]


def test_tatweel_is_stripped():
    assert analyze("الإرهـــاب", EXACT) == ["الارهاب"]
    assert same_terms("الإرهـــاب", "الإرهاب")


@pytest.mark.parametrize("variant", ["إرهاب", "ارهاب", "أرهاب", "آرهاب"])
def test_alef_hamza_forms_are_unified(variant):
    assert analyze(variant, TEXT) == analyze("إرهاب", TEXT)


def test_alef_maqsura_and_ya():
    assert normalize_arabic("مستشفى") == normalize_arabic("مستشفي")
    assert same_terms("مستشفى", "مستشفي")


def test_ta_marbuta_and_ha():
    assert same_terms("خلية إرهابية", "خليه ارهابيه")
    assert same_terms("مدينة", "مدينه")


def test_arabic_indic_and_persian_digits():
    assert analyze("٢٠١٥", TEXT) == ["2015"]
    assert analyze("۲۰۱۵", TEXT) == ["2015"]
    assert analyze("عام ٢٠١٩", EXACT) == ["عام", "2019"]


@pytest.mark.parametrize("form", ["الناظور", "بالناظور", "والناظور", "للناظور", "وبالناظور"])
def test_clitics_keep_place_names_matching(form):
    assert light_stem(normalize_arabic(form)) == light_stem(normalize_arabic("الناظور"))


def test_names_are_not_reduced_to_roots():
    # ISRI would give نظر ("look") and ليل ("night"); the light stemmer keeps the names apart.
    assert analyze("الناظور", TEXT) != analyze("نظر", TEXT)
    assert analyze("مليلية", TEXT) != analyze("ليل", TEXT)
    assert same_terms("ومليلية", "مليلية")


def test_clitic_stack_on_a_word():
    assert same_terms("وبالمغرب", "المغرب")
    assert same_terms("فبالمغرب", "مغرب")


def test_single_letter_clitic_kept_when_part_of_the_word():
    # و in وطن and وقت is a root letter: stripping it would conflate الوطني with طن ("ton").
    assert analyze("الوطني", TEXT) == analyze("وطن", TEXT)
    assert analyze("الوطني", TEXT) != analyze("طن", TEXT)
    assert analyze("الوقت", TEXT) == analyze("وقت", TEXT)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("خلايا", "خلية"), ("عناصر", "عنصر"), ("أسلحة", "سلاح"), ("الخلايا", "الخلية"), ("بالأسلحة", "سلاح")],
)
def test_broken_plurals_meet_their_singular(plural, singular):
    assert same_terms(plural, singular)


def test_sound_plurals_and_suffixes():
    assert same_terms("العمليات", "عملية")
    assert same_terms("المهاجرين", "المهاجر")


def test_glued_sentences_are_split():
    assert analyze("المستويات.وأشار", EXACT) == ["المستويات", "واشار"]
    assert analyze("المستويات.وأشار", TEXT) == analyze("المستويات وأشار", TEXT)


def test_invisible_characters_do_not_split_or_hide_words():
    assert same_terms("الإر\u200cهاب", "الإرهاب")
    assert same_terms("\u200fمليلية\u200e", "مليلية")
    assert analyze("\u200c\u200d", TEXT) == []


def test_stopwords_drop_function_words_but_keep_content_words():
    assert analyze("في من على الذي", TEXT) == []
    # Some published lists drop these; in news they carry meaning (النيابة العامة, أمس).
    assert analyze("العامة", TEXT) == analyze("عامة", TEXT) != []
    assert analyze("أمس", TEXT) == ["امس"]
    assert "في" in analyze("في", EXACT)  # the exact field keeps everything


def test_mixed_arabic_latin_line():
    terms = analyze("اعتقال 3 أشخاص في Nador و Melilla arrested", TEXT)
    assert terms[:1] == ["اعتقال"]
    assert "nador" in terms and "melilla" in terms and "arrest" in terms
    assert "3" in terms


def test_english_chain_lowercases_stems_and_folds_accents():
    assert analyze("The Police Arrested suspects", TEXT) == ["polic", "arrest", "suspect"]
    assert analyze("Tánger", TEXT) == analyze("tanger", TEXT)


def test_token_offsets_point_into_the_original_text():
    text = "وأعلنت الشرطةُ في الناظور"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in TEXT(text, chars=True)]
    assert ("ناظور", "الناظور") in tokens
    assert ("شرط", "الشرطةُ") in tokens
