"""Bilingual (Arabic/English) analysis: tokenizer, normalisation, stopwords, stemmers."""

from .arabic import has_arabic, light_stem, normalize_arabic, strip_marks
from .chains import analyze, exact_analyzer, text_analyzer
from .english import english_stem, fold_latin

__all__ = [
    "analyze",
    "english_stem",
    "exact_analyzer",
    "fold_latin",
    "has_arabic",
    "light_stem",
    "normalize_arabic",
    "strip_marks",
    "text_analyzer",
]
