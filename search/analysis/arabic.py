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

from .lexicon import ArabicLexicon, arabic_lexicon

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

# Broken plurals frequent in news, mapped to their singular: hand-written (the first table, before
# the lexicon), kept as checked overrides of the pairs derived from Ayaspell (lexicon.py), which
# misses some (أيام, أخبار: no singular beside them in the dictionary) or pairs them wrongly
# (أسباب with سبابة). A light stemmer cannot reach these: خلايا and خلية share no affix.
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
# Suffixes that are also the last letters of many nouns (قانون, فلسطين, لبنان, فهم): not taken off
# a word the lexicon lists as it stands. ه, ات, يه, ي are always taken off: ة is written ه, so
# مدينة, مدينتين and مدينات must all lose it to meet.
_GUARDED_SUFFIXES = frozenset(("هما", "يين", "يون", "تين", "تان", "ها", "ان", "ون", "ين", "هم"))

# Possessive pronouns: before them ة is written ت (عاصمة → عاصمتها, مدينة → مدينته).
_PRONOUN_SUFFIXES = frozenset(("هما", "ها", "هم", "ه", "ي"))

MIN_STEM = 2
MIN_TANWEEN_WORD = 4  # اهتماما → اهتمام; shorter words ending in ا (ابا, دنا) are left alone


def _strip_suffix(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def _arabic_stopwords() -> frozenset[str]:
    from .stopwords import ARABIC_STOPWORDS

    return frozenset(normalize_arabic(strip_marks(w)) for w in ARABIC_STOPWORDS)


class LightStemmer:
    """Clitic and suffix stripping checked against a lexicon: `LightStemmer().stem("وبالخلايا")`.

    A clitic or suffix comes off only when what remains is a word of the lexicon, or when the
    lexicon knows neither form and the rules say so (names it does not list: الناظور, مليلية).
    A word the lexicon lists as it stands keeps its letters (وزير, والي, بريطانيا, قانون).
    `single_min` is the shortest stem left after taking off a single-letter clitic (و ف ب ل ك)
    when the lexicon cannot tell; below it the letter is taken to be part of the word (وقت, بلد).
    A function word behind clitics (والتي, وفي, بأن) stems to "" and is dropped like a stopword.
    """

    def __init__(
        self,
        single_min: int = 3,
        plurals: dict[str, str] | None = None,
        lexicon: ArabicLexicon | None = None,
    ):
        self.single_min = single_min
        self.lexicon = arabic_lexicon() if lexicon is None else lexicon
        self.nouns = self.lexicon.nouns
        raw = {**self.lexicon.plurals, **BROKEN_PLURALS_RAW} if plurals is None else plurals
        self.plurals = {normalize_arabic(k): normalize_arabic(v) for k, v in raw.items()}
        self.stopwords = _arabic_stopwords()
        self.stem = lru_cache(maxsize=200_000)(self._stem)

    # --- what the lexicon knows -----------------------------------------------------------------

    def known(self, word: str) -> bool:
        """The word, or the word without one suffix (ة restored: مدينتين → مدينة), is listed."""
        nouns = self.nouns
        if not nouns:
            return False
        if word in nouns or word in self.plurals:
            return True
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                rest = word[: -len(suffix)]
                if rest in nouns or rest + "ه" in nouns or (rest[-1] == "ت" and rest[:-1] + "ه" in nouns):
                    return True
        return word[-1:] == "ا" and word[:-1] in nouns

    # --- stripping ------------------------------------------------------------------------------

    def _is_function_word(self, word: str) -> bool:
        """والتي, وفي, بأن, ولكن: one or two clitic letters before a stopword.

        A noun of the lexicon is kept when it has four letters or more (والي "governor"); shorter
        ones (بان "ban tree", وان) are far rarer than the function word they spell (بأن, وأن).
        """
        if len(word) >= 4 and word in self.nouns:
            return False
        for k in (1, 2):
            head, rest = word[:k], word[k:]
            if rest in self.stopwords and all(c in _SINGLE_PREFIXES for c in head):
                return True
        return False

    def _strip_prefixes(self, word: str) -> str:
        if self.known(word):
            return word
        for prefix in _ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
                word = word[len(prefix) :]
                break
        # A single-letter clitic is tried after the article too, so that الوزير, وزير and والوزير
        # reach the same stem; الكائنة keeps its ك because كائنة is a word and ائنة is not.
        for _ in range(2):
            rest = word[1:]
            if word[:1] not in _SINGLE_PREFIXES or self.known(word):
                break
            if self.known(rest) or len(_strip_suffix(rest)) >= self.single_min:
                word = rest
            else:
                break
        return word

    def _strip_suffixes(self, word: str) -> str:
        if (
            len(word) >= MIN_TANWEEN_WORD
            and word.endswith("ا")
            and word not in self.nouns
            and self.known(word[:-1])
        ):
            word = word[:-1]  # the accusative tanween alef, its mark already gone: اهتماماً → اهتمام
        singular = self.plurals.get(word)
        if singular is not None:
            word = singular
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                if suffix in _GUARDED_SUFFIXES and word in self.nouns:
                    return word
                rest = word[: -len(suffix)]
                if suffix in _PRONOUN_SUFFIXES and rest[-1] == "ت" and self._construct_state(rest):
                    return rest[:-1]  # عاصمتها → عاصمت → عاصم, as عاصمة → عاصم
                return rest
        return word

    def _construct_state(self, rest: str) -> bool:
        """ة is written ت before a pronoun: true when the lexicon has the word with ة and not with ت."""
        return rest not in self.nouns and rest[:-1] + "ه" in self.nouns

    def _stem(self, word: str) -> str:
        if self._is_function_word(word):
            return ""
        core = self._strip_prefixes(word)
        singular = self.plurals.get(core)
        if singular is not None:
            # Stem the singular as if it had been written: same result as the singular itself.
            return self._strip_suffixes(self._strip_prefixes(singular))
        return self._strip_suffixes(core)


_DEFAULT_STEMMER = LightStemmer()


def light_stem(word: str) -> str:
    """Stem one normalised Arabic word: `light_stem("والخلايا") == light_stem("خلية")`."""
    return _DEFAULT_STEMMER.stem(word)
