"""Arabic normalisation and a light stemmer for news text.

    >>> normalize_arabic("أَعْلَنَت الإرهـــاب ٢٠١٥")
    'اعلنت الارهاب 2015'
    >>> light_stem("بالناظور") == light_stem("والناظور") == light_stem("الناظور")
    True

Why a light stemmer and not a root extractor: Whoosh's ISRI stemmer reduces words to roots and
wrecks place names (الناظور → نظر "look", مليلية → ليل "night"). Stripping clitics and common
suffixes keeps names whole enough to match while still conflating the forms news uses.

The stemmer works on *normalised* text (ة already ه, ى already ي), so every suffix below is written
in its normalised form; a query typed with ه for ة and an article written with ة stem alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pyarabic import araby

# Marks that never change which word is meant: tashkeel (from pyarabic), Quranic annotation marks,
# the superscript alef, and tatweel (kashida), which only stretches a word on the page.
_DIACRITICS = (
    "".join(araby.TASHKEEL)
    + "".join(chr(c) for c in range(0x0610, 0x061B))
    + "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))
    + araby.TATWEEL
)

# Invisible formatting characters that editors and social-media copy leave inside words. They must
# neither split a word nor hide it: "الإر\u200cهاب" is "الإرهاب".
INVISIBLE = (
    "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)

_LETTER_FORMS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ی": "ي",  # Persian yeh
    "ک": "ك",  # Persian kaf
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}

_NORMALIZE_TABLE = str.maketrans({**{c: None for c in _DIACRITICS + INVISIBLE}, **_LETTER_FORMS, **_DIGITS})
_STRIP_TABLE = str.maketrans({c: None for c in _DIACRITICS + INVISIBLE})

ARABIC_LETTER_RE = re.compile(r"[\u0620-\u064a\u0671-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
_PRESENTATION_FORMS_RE = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefc]")


def has_arabic(text: str) -> bool:
    """True when the text holds at least one Arabic letter: `has_arabic("Nador الناظور")`."""
    return ARABIC_LETTER_RE.search(text) is not None


def strip_marks(text: str) -> str:
    """Remove diacritics, tatweel and invisible characters, keeping letter forms as written."""
    return text.translate(_STRIP_TABLE)


def normalize_arabic(text: str) -> str:
    """Strip marks, unify alef/hamza forms, ى→ي, ة→ه and Arabic-Indic digits → ASCII."""
    if _PRESENTATION_FORMS_RE.search(text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_NORMALIZE_TABLE)


# --- light stemmer -------------------------------------------------------------------------------

# Broken plurals frequent in news, mapped to their singular (normalised spelling). A light stemmer
# cannot reach these: خلايا and خلية share no affix. Keys and values are normalised forms.
BROKEN_PLURALS_RAW = {
    "خلايا": "خلية",
    "عناصر": "عنصر",
    "أسلحة": "سلاح",
    "أجهزة": "جهاز",
    "مصالح": "مصلحة",
    "دول": "دولة",
    "مدن": "مدينة",
    "أشخاص": "شخص",
    "أفراد": "فرد",
    "أعضاء": "عضو",
    "سجون": "سجن",
    "أطفال": "طفل",
    "رجال": "رجل",
    "أخبار": "خبر",
    "أسباب": "سبب",
    "أبحاث": "بحث",
    "جرائم": "جريمة",
    "أموال": "مال",
    "قضايا": "قضية",
    "ضحايا": "ضحية",
    "مناطق": "منطقة",
    "أحزاب": "حزب",
    "وزراء": "وزير",
    "رؤساء": "رئيس",
    "أشهر": "شهر",
    "شهور": "شهر",
    "أيام": "يوم",
    "أعوام": "عام",
    "أسواق": "سوق",
    "شوارع": "شارع",
    "مساجد": "مسجد",
    "مدارس": "مدرسة",
    "مراكز": "مركز",
    "مكاتب": "مكتب",
    "تهم": "تهمة",
    "أراضي": "أرض",
    "بلدان": "بلد",
    "جيوش": "جيش",
    "قضاة": "قاضي",
    "أجانب": "أجنبي",
    "شبان": "شاب",
    "مهربين": "مهرب",
    "موانئ": "ميناء",
    "حدود": "حد",
    "قوارب": "قارب",
    "سيارات": "سيارة",
    "مخابرات": "مخابرات",
    "معطيات": "معطى",
    "عصابات": "عصابة",
    "أحكام": "حكم",
    "محاكم": "محكمة",
    "قوانين": "قانون",
    "مساكن": "مسكن",
    "طرق": "طريق",
    "أسر": "أسرة",
    "نساء": "امرأة",
}

# Clitics that attach before a word: conjunctions و ف, prepositions ب ك ل, and the article ال
# (ل + ال is written لل). Longest first.
_ARTICLE_PREFIXES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_SINGLE_PREFIXES = ("و", "ف", "ب", "ل", "ك")
# Suffixes in normalised spelling (ة → ه, so ية is written يه). Longest first.
_SUFFIXES = ("هما", "يات", "يين", "يون", "تين", "تان", "ها", "ان", "ات", "ون", "ين", "يه", "هم", "ه", "ي")

MIN_STEM = 2


def _strip_prefix(word: str, single_min: int) -> list[str]:
    """Candidates from the word with fewer and fewer clitics, the word itself first."""
    candidates = [word]
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix) :]
            candidates.append(word)
            break
    # A single-letter clitic is only taken off when the stem left after suffix stripping keeps at
    # least `single_min` letters (so وطن and الوطني keep their و); it is tried after the article
    # too, so that الوزير, وزير and والوزير all reach the same stem.
    for _ in range(2):
        if word[:1] in _SINGLE_PREFIXES and len(_strip_suffix(word[1:])) >= single_min:
            word = word[1:]
            candidates.append(word)
        else:
            break
    return candidates


def _strip_suffix(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


class LightStemmer:
    """Clitic and suffix stripping with a broken-plural table: `LightStemmer().stem("وبالخلايا")`.

    `single_min` is the shortest stem left after taking off a single-letter clitic (و ف ب ل ك);
    below it the letter is taken to be part of the word (وقت, بلد).
    """

    def __init__(self, single_min: int = 3, plurals: dict[str, str] | None = None):
        self.single_min = single_min
        raw = BROKEN_PLURALS_RAW if plurals is None else plurals
        self.plurals = {normalize_arabic(k): normalize_arabic(v) for k, v in raw.items()}
        self.stem = lru_cache(maxsize=200_000)(self._stem)

    def _stem(self, word: str) -> str:
        candidates = _strip_prefix(word, self.single_min)
        for candidate in candidates:
            singular = self.plurals.get(candidate)
            if singular is not None:
                # Stem the singular as if it had been written: same result as the singular itself.
                return _strip_suffix(_strip_prefix(singular, self.single_min)[-1])
        return _strip_suffix(candidates[-1])


_DEFAULT_STEMMER = LightStemmer()


def light_stem(word: str) -> str:
    """Stem one normalised Arabic word: `light_stem("والخلايا") == light_stem("خلية")`."""
    return _DEFAULT_STEMMER.stem(word)
