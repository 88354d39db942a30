"""Places no list knows, proposed by a place cue in the text: `بجماعة أولاد بوعزة`, "the town of Zgharta".

    >>> [(p.id, p.surface) for p, country in discover_places("اعتقل شاب بجماعة أولاد بوعزة", [])]
    [('oulad_bouaza', 'أولاد بوعزة')]

A cue (مدينة، بلدة، قرية، ضواحي، نواحي، جماعة، الجماعة الترابية، منطقة، قيادة، معتمدية, "town of",
"near") followed by a name that the gazetteer does not know proposes a city value: an ASCII id and an
English label by transliteration, flagged `source="discovered"`. A weekday souk (سوق الأربعاء + name)
is its own cue. Never from a bare word: without a cue nothing is proposed. The name must not be a
common or frequent word (common_words.txt), and after the generic cues (جماعة، منطقة، قيادة)
not a noun with the article or an adjective (جماعة إرهابية, منطقة صناعية). A name runs over the
unknown words that follow it, up to three (مدينة ناكهون راتاسيما), to the first common word,
function word, word with the article or punctuation. Not دوار: the
annotation rules count a douar as a hamlet, not a city.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..analysis import has_arabic, normalize_arabic, strip_marks
from ..analysis.stopwords import ARABIC_STOPWORDS
from .gazetteer import GAZETTEER, Gazetteer, clitic_variants, normalize_name
from .matcher import Found, _Word, _words
from .precision import NAME_HEADS


def _norm(words: str) -> frozenset[str]:
    return frozenset(normalize_arabic(w) for w in words.split())


# Hand-written cue lists (reviewed like code). The value is the country a cue implies, if any.
ARABIC_CUES: dict[str, str | None] = {
    **dict.fromkeys(_norm("مدينة بلدة قرية ضواحي نواحي"), None),
    # Not دوار: a douar is a hamlet, which the city facet does not count (eval/facets-GUIDELINES.md).
    **dict.fromkeys(_norm("قيادة"), "MA"),  # caidat: a Moroccan unit (بقيادة المشير: "led by")
    **dict.fromkeys(_norm("الجماعة"), "MA"),  # only as الجماعة الترابية/القروية/الحضرية X
    **dict.fromkeys(_norm("معتمدية عمادة"), "TN"),  # delegation, imada: Tunisian units
    # Not مركز: a centre is far more often a shop, a clinic or a border post (مركز تسوق, مركز حدودي)
    # than a rural centre; the centres that are communes are in the HCP list already.
    **dict.fromkeys(_norm("جماعة منطقة"), None),
}
GENERIC_CUES = _norm("جماعة منطقة قيادة")  # also common nouns: no name with the article after them
COMMUNE_WORDS = _norm("الترابية القروية الحضرية الترابي ترابية قروية حضرية")  # جماعة (الترابية) X
CUE_CLITICS = ("وب", "ول", "و", "ف", "ب", "ل")
# Hand-written: second words of a compound name that take a third (سيدي عبد الحميد, أولاد بن سليمان).
SECOND_HEADS = _norm("عبد بن ابن ولد أبو ابو")
MAX_NAME_WORDS = 3  # ناكهون راتاسيما, موحى أحمو: a name of several unknown words
WEEKDAYS = _norm(
    "الأحد أحد حد الاثنين اثنين الإثنين إثنين تنين لتنين الثلاثاء ثلاثاء الأربعاء أربعاء اربعاء "
    "الخميس خميس الجمعة جمعة السبت سبت"
)
SOUK = normalize_arabic("سوق")
# After a weekday souk (سوق الأحد من ولاية قبلي) a function word ends the name.
_FUNCTION_WORDS = frozenset(normalize_arabic(w) for w in ARABIC_STOPWORDS)
LATIN_CUES = (
    ("town", "of"),
    ("city", "of"),
    ("village", "of"),
    ("commune", "de"),
    ("ville", "de"),
    ("near",),
)
LATIN_NOT_NAMES = frozenset(
    "the a an its his her their this that monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december".split()
)

_TRANSLIT = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s", "ش": "ch", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "d", "ع": "a", "غ": "gh", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "a", "و": "ou", "ي": "i", "ى": "a", "ء": "", "ئ": "", "ؤ": "",
}  # fmt: skip


def transliterate(word: str) -> str:
    """ASCII spelling of an Arabic name in the Maghreb's French style: `transliterate("بوعزة")` → `bouaza`."""
    if not has_arabic(word):
        return re.sub(r"[^a-z0-9]", "", word.lower())
    if word.startswith("ال") and len(word) > 3:
        return "el_" + transliterate(word[2:])
    out = []
    for n, ch in enumerate(word):
        if n == 0 and ch == "ي":
            out.append("y")
        elif n == 0 and ch in "اأ" and word[1:2] == "و":
            continue  # أولاد → oulad
        elif ch == "ي" and 0 < n < len(word) - 1 and word[n + 1] in "اوي":
            out.append("y")  # a consonant before a vowel letter: بوعياش → bouayach
        else:
            out.append(_TRANSLIT.get(ch, ""))
        if _unwritten_vowel(word, n):
            out.append("e")  # دندان → dendan, كركر → kerker, غزالة → ghezala
    return re.sub(r"(ou)+", "ou", "".join(out)).replace("aa", "a")


# Letters written as vowels in the French-style spelling (ع too: عمدون → amdoun).
_VOWEL_LETTERS = frozenset("اأإآىةويعءئؤ")


def _unwritten_vowel(word: str, n: int) -> bool:
    """Arabic writes no short vowel; the Maghreb's French spelling writes "e" where two consonants
    open the word (كركر → kerker) or three follow each other (مدرسة → medersa), not elsewhere."""
    if n + 1 >= len(word) or word[n] in _VOWEL_LETTERS or word[n + 1] in _VOWEL_LETTERS:
        return False
    if n == 0:
        return True
    return n >= 1 and word[n - 1] not in _VOWEL_LETTERS and not _unwritten_vowel(word, n - 1)


def discovered_label(place_id: str) -> str:
    """The English label of a discovered place id: `discovered_label("oulad_bouaza")` → `Oulad Bouaza`."""
    return " ".join(part.capitalize() for part in place_id.split("_") if part)


# Every cue with every clitic it may carry (بمدينة, لجماعة, وبضواحي) → (the cue, its country).
_CUE_KEYS = {
    clitic + cue: (cue, country) for cue, country in ARABIC_CUES.items() for clitic in ("", *CUE_CLITICS)
}
_LATIN_HEADS = frozenset(cue[0] for cue in LATIN_CUES)


def _arabic_name(words: Sequence[_Word], j: int, cue: str, common: frozenset[str]) -> int:
    """How many words from j make an unknown place name after an Arabic cue (0: none)."""
    if j >= len(words) or not has_arabic(words[j].text) or words[j].key in ARABIC_CUES:
        return 0
    first = words[j].key
    if first.startswith(("لل", "بال", "وال", "فال", "كال")):
        return 0  # a preposition on the word: مركز للإيواء is a shelter, not a place
    if first == SOUK and j + 2 < len(words) and words[j + 1].key in WEEKDAYS:
        return 3 if words[j + 2].key not in _FUNCTION_WORDS else 0
    if first in NAME_HEADS or first in WEEKDAYS:
        nxt = words[j + 1] if j + 1 < len(words) else None
        if nxt is None or not has_arabic(nxt.text) or nxt.key in ARABIC_CUES:
            return 0
        if _separated(words, j):
            return 0
        third = j + 2 < len(words) and nxt.key in SECOND_HEADS and not _separated(words, j + 1)
        return 3 if third and has_arabic(words[j + 2].text) else 2
    if first in common or len(first) < 3 or _starts_blocker(words, j):
        return 0
    if cue in GENERIC_CUES and (first.startswith("ال") or first.endswith("ه")):
        return 0  # منطقة الشرق, منطقة صناعية/متاخمة: nouns and adjectives, not names
    if any(form in common for form, _ in clitic_variants(first, CUE_CLITICS)):
        return 0  # لاحتجاز: ل + a frequent word
    n = 1
    while n < MAX_NAME_WORDS and _name_goes_on(words, j + n, common):
        n += 1
    return n


def _name_goes_on(words: Sequence[_Word], k: int, common: frozenset[str]) -> bool:
    """words[k] continues an unknown name: right after the word before it, and itself no common word,
    function word, adjective with the article or word with a preposition (مدينة ناكهون راتاسيما, but
    not مدينة تدمر وسط سوريا, بلدة صيدا، لترتفع, معتمدية كندار بولاية سوسة)."""
    if k >= len(words) or _separated(words, k - 1) or not has_arabic(words[k].text):
        return False
    key = words[k].key
    if key in common or key in _FUNCTION_WORDS or key in ARABIC_CUES or len(key) < 3:
        return False
    if key.startswith(("ال", "لل", "بال", "وال", "فال", "كال")):
        return False
    return not any(form in common or form in _FUNCTION_WORDS for form, _ in clitic_variants(key, CUE_CLITICS))


def _starts_blocker(words: Sequence[_Word], j: int) -> bool:
    """The words from j begin a phrase that is not a city (a province: اشتوكة آيت باها)."""
    return words[j].key in _blocker_heads(GAZETTEER.blockers)


@lru_cache(maxsize=4)
def _blocker_heads(blockers: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize_name(b).split()[0] for b in blockers if normalize_name(b))


def _separated(words: Sequence[_Word], j: int) -> bool:
    """Punctuation or more than a space between words j and j+1: not one name."""
    return words[j + 1].start - words[j].end > 1


def discover_places(
    text: str, found: Sequence[Found], gazetteer: Gazetteer = GAZETTEER
) -> list[tuple[Found, str | None]]:
    """Unknown places a cue proposes, each with the country the cue implies (or None)."""
    words = _words(text)
    taken = [(f.start, f.end) for f in found]
    common = gazetteer.not_names
    out: list[tuple[Found, str | None]] = []
    for i, word in enumerate(words):
        span: tuple[int, int] | None = None
        country: str | None = None
        souk = (
            word.key == SOUK
            and i + 2 < len(words)
            and words[i + 1].key in WEEKDAYS
            and words[i + 2].key not in _FUNCTION_WORDS
        )
        key = word.key
        if key not in _CUE_KEYS and key != SOUK and key not in _LATIN_HEADS:
            continue  # most words: one set lookup
        cue = _CUE_KEYS.get(key)
        if souk:
            span, country = (i, i + 3), None
        elif cue is not None:
            j = i + 1
            if j < len(words) and words[j].key in COMMUNE_WORDS:
                j += 1  # الجماعة الترابية X
            elif cue[0].startswith("ال"):
                continue
            n = _arabic_name(words, j, cue[0], common)
            span, country = ((j, j + n), cue[1]) if n else (None, None)
        elif key in _LATIN_HEADS:
            span = _latin_name(words, i, common)
        if span is None:
            continue
        while span[1] - span[0] > 1 and any(
            s < words[span[1] - 1].end and words[span[1] - 1].start < e for s, e in taken
        ):
            span = (span[0], span[1] - 1)  # a known place ends the unknown name before it
        if any(s < words[span[1] - 1].end and words[span[0]].start < e for s, e in taken):
            continue
        surface = text[words[span[0]].start : words[span[1] - 1].end]
        if gazetteer.lookup("city", surface) or gazetteer.lookup("agency", surface):
            continue  # known: the matcher has read it (or ruled it out) already
        place_id = "_".join(transliterate(strip_marks(w.text)) for w in words[span[0] : span[1]])
        place_id = re.sub(r"_+", "_", place_id).strip("_")
        if not place_id or not place_id.isascii():
            continue
        if gazetteer.get("city", place_id) is not None:
            place_id += "_x"  # the spelling of a listed place: keep them apart
        start, end = words[span[0]].start, words[span[1] - 1].end
        out.append((Found("city", place_id, surface, start, end, True, "discovered"), country))
        taken.append((start, end))
    return out


def _latin_name(words: Sequence[_Word], i: int, common: frozenset[str]) -> tuple[int, int] | None:
    """Capitalised words after "town of", "near"...: (start, end) word indexes of the name."""
    for cue in LATIN_CUES:
        k = i + len(cue)
        if k > len(words) or tuple(w.key for w in words[i:k]) != cue:
            continue
        end = k
        while end < len(words) and end - k < 3 and _latin_name_word(words[end], common):
            end += 1
            if end < len(words) and _separated(words, end - 1):
                break
        return (k, end) if end > k else None
    return None


def _latin_name_word(word: _Word, common: frozenset[str]) -> bool:
    return (
        not has_arabic(word.text)
        and word.text[:1].isupper()
        and word.key not in common
        and word.key not in LATIN_NOT_NAMES
        and not word.text.isupper()
    )
