"""Context rules that keep a place name from counting when the text does not mean the place.

    >>> not_a_place(words, i, end, clitic)   # words around a gazetteer match in the matcher

General rules, not a list of exceptions (the word lists below are hand-written, reviewed like code):
- a sports club: a club word before the name (نهضة بركان, اتحاد طنجة, "Real Madrid", "Olympique Safi");
- a street or square: شارع, زنقة, نهج, ساحة, درب + name ("شارع طنجة"), or "rue"/"avenue" before,
  "Street"/"Avenue" after a Latin name;
- a person: a title or a first name right before the name (السيد ... بنسليمان, "M. Fassi");
- a GeoNames name that is also a common word (in common_words.txt, built from corpus word counts by
  `make gazetteer`), or a very short one, needs a place cue: see `needs_cue`;
- a facility named after a city: a port (ميناء طنجة: the rules count no port), a school (ثانوية القيروان);
- an adjective: a one-word name with the article right after a noun with the article agrees with it
  (الأسلحة البيضاء "knives", الوزرة البيضاء "the white coat"), so it is not Casablanca;
- in a sports article, a city named without ب, في or a place noun is a club (ضيفا على إشبيلية, بين
  برشلونة وريال مدريد): see `located`.
A name that carries its own preposition (بنهضة is not one: بالناظور, لطنجة) is read as a place
unless a club or street word stands before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from ..analysis import has_arabic, normalize_arabic
from .gazetteer import Gazetteer, clitic_variants


class _HasKey(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def key(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def _norm(words: str) -> frozenset[str]:
    return frozenset(normalize_arabic(w).lower() for w in words.split())


# Hand-written: Moroccan, Tunisian, Algerian and European club name heads.
CLUB_WORDS = _norm(
    "نهضة اتحاد الاتحاد وداد الوداد رجاء الرجاء مولودية حسنية شباب أولمبيك اولمبيك نادي النادي فريق "
    "لفريق الفريق المنتخب منتخب الترجي الملعب النجم نجم الشبيبة شبيبة اتفاق سريع يوسفية الكوكب الدفاع "
    "ريال أتلتيكو اتلتيكو اتليتيكو أتليتيكو ملعب مستقبل "
    "real atletico atlético fc cf ac as olympique sporting inter stade racing dynamo club union"
)
# Hand-written: street and square words (Moroccan زنقة/درب, Tunisian نهج).
STREET_WORDS = _norm("شارع زنقة نهج ساحة درب ممر rue avenue boulevard bd av place plaza calle")
STREET_AFTER = _norm("street avenue road square boulevard")
# Hand-written: facilities a city name may follow that do not locate the article there: a port (the
# annotation rules count no port: ميناء طنجة المتوسط, ميناء الجزيرة الخضراء) and schools named after
# a city (ثانوية القيروان in Midelt).
FACILITY_WORDS = _norm("ميناء الميناء ثانوية إعدادية اعدادية مدرسة")
# Hand-written: titles and frequent first names that put a family name after them. Not علي, حسن,
# سعيد: once normalised they are also على "on" and the adjectives "good", "happy".
PERSON_WORDS = _norm(
    "السيد السيدة الأستاذ الاستاذ الدكتور الدكتورة المدعو المدعوة الحاج الشيخ المواطن الفنان الفنانة "
    "الوزير الكاتب اللاعب البرلماني النائب المستشار الباحث المدرب الحارس المهاجم المدافع "
    "محمد أحمد احمد عبد الله الرحمن مصطفى يوسف إدريس ادريس الحسن حمزة "
    "عمر خالد رشيد فاطمة خديجة مريم عائشة "
    "mr mrs ms dr m mme mlle sr sra president minister king prince mohamed mohammed ahmed abdel abdelkader"
)
PREPOSITION_CLITICS = ("ب", "ل", "وب", "ول", "فب", "فل")
# Hand-written: words that begin a compound place name; the next word belongs to the name (أولاد علي,
# عين عودة, مولاي بوعزة). A GeoNames or HCP name that begins with one is a name, even when its other
# word is frequent (أولاد عياد).
NAME_HEADS = _norm(
    "سيدي أولاد اولاد بني عين آيت أيت ايت واد وادي تيزي دار بير مولاي رأس راس ذراع زاوية بن ابن أم ام "
    "حاسي تل سوق كاف سيد إمي ايمي"
)
# Hand-written: nouns that announce a place name. A name that is also a common word counts only
# after one of them (قضى ليل أمس: "night"; بمدينة ليل: Lille); they are never names themselves.
PLACE_NOUNS = _norm(
    "مدينة بمدينة لمدينة ومدينة المدينة بلدة ببلدة لبلدة قرية بقرية لقرية دوار بدوار لدوار جماعة بجماعة "
    "لجماعة مركز بمركز ضواحي بضواحي نواحي بنواحي قرب بالقرب مقربة عاصمة بعاصمة العاصمة بالعاصمة "
    "والعاصمة للعاصمة معتمدية "
    "بمعتمدية مشيخة town city village near commune ville"
)


@lru_cache(maxsize=100_000)
def _forms(key: str) -> tuple[str, ...]:
    return tuple(form.lower() for form, _ in clitic_variants(key, ("و", "ف", "ل", "ب", "وب", "ول")))


def not_a_place(words: Sequence[_HasKey], i: int, end: int, clitic: str) -> bool:
    """The match words[i:end] names a club, a street or a person here, not a place of the article."""
    if i > 0:
        before = _forms(words[i - 1].key)
        if any(f in CLUB_WORDS or f in STREET_WORDS for f in before):
            return True
        if clitic not in PREPOSITION_CLITICS and any(f in FACILITY_WORDS for f in before):
            return True  # ميناء طنجة, ثانوية القيروان; but ثانوية بنابل is "a school in Nabeul"
        if clitic not in PREPOSITION_CLITICS and any(f in PERSON_WORDS for f in before):
            return True
        if i > 1 and words[i - 2].key.lower() in ("عبد", "abd", "abdel"):  # عبد + name: a first name
            return True
    if end < len(words) and not has_arabic(words[i].text):
        return words[end].key.lower() in STREET_AFTER
    return False


def cue_positions(words: Sequence[_HasKey], i: int) -> tuple[int, ...]:
    """Where a place cue for words[i] stands: the word before, and the place noun before a nisba
    adjective between them (العاصمة المصرية القاهرة, بالعاصمة السعودية الرياض; not في الاتفاقية
    الجديدة, where في is no place noun)."""
    if i > 1:
        key = words[i - 1].key
        if key.startswith("ال") and key.endswith("يه") and len(key) > 5:
            if any(f in PLACE_NOUNS for f in _forms(words[i - 2].key)):
                return (i - 1, i - 2)
    return (i - 1,)


def after_place_noun(words: Sequence[_HasKey], i: int) -> bool:
    """A place noun right before the name (بمدينة ليل, وجماعة رأس الماء), or "of" after one
    ("the town of Police")."""
    if i > 0 and any(f in PLACE_NOUNS for j in cue_positions(words, i) for f in _forms(words[j].key)):
        return True
    return i > 1 and words[i - 1].key.lower() in ("of", "de") and words[i - 2].key.lower() in PLACE_NOUNS


def is_adjective(
    words: Sequence[_HasKey], i: int, end: int, clitic: str, text: str, not_nouns: frozenset[str]
) -> bool:
    """A one-word name with the article, of the shape of a colour adjective (فعلاء: البيضاء, الحمراء),
    that agrees with the noun before it: الأسلحة البيضاء ("knives"), الحمامة البيضاء ("the white dove"),
    not Casablanca. A place noun before it (العاصمة, المدينة, الجماعة الترابية) is no such noun."""
    key = words[i].key
    if end != i + 1 or clitic or i == 0 or not (key.startswith("ال") and key.endswith("اء")):
        return False
    before = words[i - 1]
    if not before.key.startswith("ال") or before.key in not_nouns or before.key in PLACE_NOUNS:
        return False
    return text[before.end : words[i].start] == " "  # adjacent: "الرباط، الحسيمة" is a list


SPORT_CATEGORIES = frozenset({"sport", "sports", "رياضة"})
# A place is named as one in a sports article with ب, في or a place noun (في إشبيلية, بمدينة ميلانو).
LOCATING_WORDS = _norm("في وفي ففي") | PLACE_NOUNS


def located(words: Sequence[_HasKey], i: int, clitic: str) -> bool:
    """The name at words[i] carries ب, or follows في or a place noun: it names a place, not a club."""
    if clitic.endswith("ب"):
        return True
    return i > 0 and any(f in LOCATING_WORDS for j in cue_positions(words, i) for f in _forms(words[j].key))


def never_a_name(alias_key: str) -> bool:
    """A GeoNames alternate name that is a place noun itself (مدينة for Medina) is never matched."""
    return alias_key.lower() in PLACE_NOUNS


BIG_CITY = 1_000_000  # a frequent word that names a city this big is usually that city (موسكو)


def needs_cue(alias_key: str, gazetteer: Gazetteer, population: int = 0) -> bool:
    """A GeoNames name that is a common word (ليل "night", "Police"), a frequent word naming a
    smaller place (معسكر "camp": Mascara) or a short one (اولو in باولو "Paolo") needs a place noun.
    Not a name that begins with a name head (أولاد عياد, مولاي بوعزة), nor a short name of a city of a
    million (دبي, حلب): those need only an ordinary place cue (في, ب...)."""
    parts = alias_key.split()
    if all(p.lower() in gazetteer.common_words for p in parts):
        return True
    if len(parts) > 1 and parts[0] in NAME_HEADS:
        return False
    if population < BIG_CITY and all(p in gazetteer.frequent_words for p in parts):
        return True
    return len(parts) == 1 and len(parts[0]) <= 4 and population < BIG_CITY
