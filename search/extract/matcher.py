"""Find gazetteer entities in running text, Arabic and Latin, with their surface forms and offsets.

    >>> [(m.id, m.surface) for m in find_entities("تفكيك خلية بين الناظور ومليلية")]
    [('nador', 'الناظور'), ('melilla', 'ومليلية')]

How it survives Arabic morphology and spelling:
- every alias and every text word is compared in normalised form (diacritics, hamza/alef, ة/ه);
- the first word of a match may carry clitics (و ف ب ل ك, and لل for ل + ال): بالناظور, للمديرية;
- a multi-word agency name also matches in construct, without its article (مديرية … for المديرية …);
- the longest match wins, so "ولاية أمن" (DGSN) is read before "الدار البيضاء" (the city it sits in),
  and blockers such as "طنجة المتوسط" (the port) or "حسنية أكادير" (the club) consume their words;
- a name that is also a common word (الجديدة "new", العيون "eyes") needs a place cue around it
  (مدينة، إقليم، ب…، في، قرب…); a Latin name must be capitalised as a proper noun ("fez hat" is not Fez).
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from ..analysis import fold_latin, has_arabic, normalize_arabic, strip_marks
from ..analysis.stopwords import ARABIC_STOPWORDS
from .gazetteer import GAZETTEER, Entry, Gazetteer, clitic_variants, normalize_name
from .precision import (
    BIG_CITY,
    NAME_HEADS,
    after_place_noun,
    cue_positions,
    is_adjective,
    located,
    needs_cue,
    never_a_name,
    not_a_place,
)

MAX_ALIAS_WORDS = 8
ARTICLE_CITY = 100_000  # a name with the article this big may be read after في alone
MATCHED_KINDS = ("city", "agency", "wire")
# The Maghreb and Egypt: a GeoNames name of these countries needs no place cue (unless a common word).
NEAR_COUNTRIES = frozenset({"MA", "DZ", "TN", "LY", "MR", "EG"})
# A word is a run of one script: "الـDGST" is the article, then DGST.
_WORD_RE = re.compile(
    r"[\u0610-\u061a\u0620-\u0669\u066e-\u06d3\u06d5-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc\u200c\u200d]+"
    r"|[^\W_\u0600-\u06ff]+(?:['’-][^\W_\u0600-\u06ff]+)*"
)
# No ك: "كسلا" is "as laziness", not "like Salé"; ك before a place name is rare in news.
_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
_PLACE_CUES = frozenset(
    normalize_arabic(w)
    for w in (
        "مدينة بمدينة لمدينة ومدينة ضواحي بضواحي نواحي بنواحي "
        "قرب بالقرب ساكنة سكان أمن محكمة ابتدائية استئنافية جماعة بجماعة مطار في من إلى الى نحو داخل "
        "مستشفى سجن باشوية دائرة قيادة شاطئ منطقة بمنطقة المقيم المقيمين شوارع أحياء حي "
        # وفي: two letters are left once و is off; الترابي: المركز الترابي دار ولد زيدوح
        "وفي ففي العاصمة بالعاصمة للعاصمة والعاصمة الترابي الترابية القروية الحضرية اتجاه صوب"
    ).split()
)
# A name right after these is a region, province or prefecture, which is not a city.
_TERRITORY_CUES = frozenset(
    normalize_arabic(w)
    for w in (
        "جهة بجهة لجهة إقليم بإقليم لإقليم عمالة بعمالة لعمالة مديرية "
        "ولاية بولاية لولاية بلاد region province "  # a Tunisian ولاية is a governorate; بلاد شنقيط a land
        # plurals and duals (ولايات سوسة والمهدية, إقليمي مكناس والحاجب); محافظة: a Syrian or Egyptian one
        "ولايات بولايات أقاليم بأقاليم عمالات جهات إقليمي بإقليمي عمالتي ولايتي جهتي "
        "محافظة بمحافظة لمحافظة محافظات"
    ).split()
)
_WIRE_CUES = frozenset(
    normalize_arabic(w).lower()
    for w in (
        "حسب بحسب وفق وفقا نقلا ذكرت أفادت قالت أوردت نقلت أكدت أعلنت لوكالة وكالة "
        "according told reported said via quoted"
    ).split()
)


@dataclass(frozen=True)
class Found:
    kind: str
    id: str
    surface: str
    start: int
    end: int
    place_cue: bool = False  # read as a place (في مدريد, بالرباط, a dateline), not as a government
    source: str = "listed"  # listed (reviewed core), geonames, discovered (proposed by a cue)
    located: bool = False  # named with ب, في or a place noun (what a sports article needs of a city)


# Letters of Maghrebi and Persian spelling (ڨفصة: Gafsa) read as the standard letter they stand for.
_LETTERS = str.maketrans("ڨڤگپچ", "قفكبج")
_FUNCTION_WORDS = frozenset(normalize_arabic(w) for w in ARABIC_STOPWORDS)
# Nouns with the article that a name may follow without being their adjective (العاصمة الرباط).
_NOT_NOUNS = frozenset(
    normalize_arabic(w) for w in "العاصمة المدينة الحاضرة الجماعة الترابية القروية الحضرية".split()
)


class _Word(NamedTuple):  # a tuple: built for every word of every article (a frozen dataclass is 4x slower)
    text: str
    start: int
    end: int
    key: str  # normalised comparison form


@lru_cache(maxsize=200_000)
def _key(raw: str) -> str:
    return normalize_arabic(strip_marks(raw)) if has_arabic(raw) else fold_latin(raw)


_RARE_LETTERS = re.compile("[ڨڤگپچ]")


@lru_cache(maxsize=8)  # the matcher and discovery read the same field one after the other
def _words(text: str) -> list[_Word]:
    # A word begins and ends with a letter (the pattern allows - and ' only inside a Latin word).
    # Built as plain tuples: this runs for every word of every article (the biggest cost measured).
    key, make = _key, tuple.__new__
    if _RARE_LETTERS.search(text) is None:
        return [make(_Word, (m.group(), m.start(), m.end(), key(m.group()))) for m in _WORD_RE.finditer(text)]
    return [
        make(_Word, (m.group(), m.start(), m.end(), key(m.group().translate(_LETTERS))))
        for m in _WORD_RE.finditer(text)
    ]


@lru_cache(maxsize=200_000)
def _clitic_variants(key: str) -> tuple[tuple[str, str], ...]:
    """(form without clitics, the clitic) for the first word of a match."""
    return clitic_variants(key, _CLITICS)


class _Trie:
    """Alias word sequences → (kind, entry or None for a blocker, alias as written)."""

    def __init__(self, gazetteer: Gazetteer):
        self.root: dict[str, Any] = {}
        for entry in gazetteer.entries:
            if entry.kind not in MATCHED_KINDS:
                continue  # countries are a facet derived from cities, not looked for in text
            if entry.normalized:  # GeoNames: keys already normalised at build time
                for key in entry.aliases:
                    if entry.match_latin or has_arabic(key):
                        self._add_words(key.split(), key, entry)
                continue
            for alias in (entry.label_en, entry.label_ar, *entry.aliases):
                self._add(alias, entry)
                words = normalize_name(alias).split()
                if (
                    entry.kind == "agency"
                    and len(words) > 1
                    and words[0].startswith("ال")
                    and len(words[0]) > 4
                ):
                    self._add_words([words[0][2:], *words[1:]], alias, entry)  # construct form
        for phrase in gazetteer.blockers:
            self._add(phrase, None)

    def _add(self, alias: str, entry: Entry | None) -> None:
        self._add_words(normalize_name(alias).split(), alias, entry)

    def _add_words(self, words: list[str], alias: str, entry: Entry | None) -> None:
        if not words or len(words) > MAX_ALIAS_WORDS:
            return
        node = self.root
        for w in words:
            node = node.setdefault(w, {})
        # Keep the first entry for an alias (the data lists the main meaning first); blockers win;
        # between two GeoNames places of one name, the bigger (Birmingham, England, not Alabama).
        held = node.get("$", (None, ""))[0]
        if (
            "$" not in node
            or entry is None
            or (
                held is not None
                and entry is not None
                and held.source == entry.source == "geonames"
                and entry.population > held.population
            )
        ):
            node["$"] = (entry, alias)


@lru_cache(maxsize=4)
def _trie(gazetteer: Gazetteer) -> _Trie:
    trie = _Trie(gazetteer)
    # Hundreds of thousands of dicts that live as long as the process: out of the cyclic garbage
    # collector's sight, or every full collection walks them again (measured: +40% extraction time).
    gc.freeze()
    return trie


def _latin_case_ok(word: str, alias: str) -> bool:
    """A Latin name must look like one: capitalised (Nador, RABAT); an acronym as written (MAP)."""
    first = alias.split()[0]
    if first.isupper() and len(first) <= 5:
        return word == first or (word.upper() == word and word.lower() == first.lower())
    return word[:1].isupper()


_HAMZAS = frozenset("أإؤئ")


def _writes_another_hamza(word: str, clitic: str, alias: str) -> bool:
    """The word writes a hamza inside it where the name, as the gazetteer writes it, has none."""
    body = strip_marks(word)[len(clitic) :]
    return has_arabic(alias) and any(ch in _HAMZAS for ch in body[1:]) and not _HAMZAS & set(alias)


def _any_form_in(key: str, cues: frozenset[str]) -> bool:
    """The word, with or without its clitics (بمديرية → مديرية), is one of the cue words."""
    return any(form in cues for form, _ in _clitic_variants(key))


def _has_place_cue(words: list[_Word], i: int, clitic: str, end: int, text: str) -> bool:
    if clitic.endswith("ب") or clitic.endswith("ل"):
        return True  # بالجديدة "in El Jadida", للعيون "to Laayoune"
    if i > 0 and any(_any_form_in(words[j].key, _PLACE_CUES) for j in cue_positions(words, i)):
        return True
    following = text[end : end + 4].lstrip()
    if i == 0 and following.startswith(("،", ",")):
        return True  # a dateline: "دبي، الإمارات العربية المتحدة (CNN) –"
    return following.startswith(("–", "-", "—"))  # a dateline


def _name_goes_on(words: list[_Word], i: int, text: str) -> bool:
    """An Arabic word follows words[i] after a single space: words[i] heads a compound name."""
    return (
        i + 1 < len(words)
        and has_arabic(words[i + 1].text)
        and text[words[i].end : words[i + 1].start] == " "
    )


def _coordinated(words: list[_Word], i: int, clitic: str, text: str) -> bool:
    """words[i] is joined to the word before by و or a comma or hyphen: the next item of a list."""
    gap = text[words[i - 1].end : words[i].start]
    if clitic.startswith("و"):
        return gap.strip() == ""
    return len(gap) <= 3 and gap.strip() in ("،", ",", "-", "–")


def find_entities(
    text: str,
    gazetteer: Gazetteer = GAZETTEER,
    kinds: tuple[str, ...] = ("city", "agency", "wire"),
    home: str | None = None,
) -> list[Found]:
    """Every gazetteer entity named in the text, longest match first, in reading order.

    `home`: the country the text is written from (ISO code, from its outlet). A place of that country
    whose name is frequent in the region's news only because it is a place there (برادس, بالحمامات in
    the Tunisian press) needs an ordinary place cue, not a place noun."""
    trie = _trie(gazetteer)
    words = _words(text)
    found: list[Found] = []
    # The city just before, if it ends where the next name begins: ("place", end) read as a place,
    # ("plain", end) named without a cue, ("territory", end) a province or region. A list inherits it:
    # في لندن وباريس (places), إقليمي مكناس والحاجب and جهة الرباط-سلا-القنيطرة (provinces, regions).
    before: tuple[str, int] = ("", -1)
    i = 0
    while i < len(words):
        best: tuple[int, Entry | None, str, str] | None = None  # (end index, entry, clitic, alias)
        for first, clitic in _clitic_variants(words[i].key):
            node = trie.root.get(first)
            j = i
            while node is not None:
                if "$" in node:
                    entry, alias = node["$"]
                    if best is None or j + 1 > best[0]:
                        best = (j + 1, entry, clitic, alias)
                j += 1
                if j >= len(words) or j - i >= MAX_ALIAS_WORDS:
                    break
                node = node.get(words[j].key)
        if best is None:
            i += 1
            continue
        end, entry, clitic, alias = best
        surface_start, surface_end = words[i].start, words[end - 1].end
        listed_with = before[0] if before[1] == i and i > 0 and _coordinated(words, i, clitic, text) else ""
        accepted = entry is not None and entry.kind in kinds
        if accepted and entry is not None and not has_arabic(words[i].text):
            accepted = _latin_case_ok(words[i].text, alias)
        if accepted and entry is not None and entry.context_required and _needs_context(alias, entry):
            accepted = listed_with in ("place", "plain") or _has_place_cue(
                words, i, clitic, surface_end, text
            )
        if (
            accepted
            and entry is not None
            and not entry.normalized
            and _writes_another_hamza(words[i].text, clitic, alias)
        ):
            accepted = False  # بتأهله "its qualifying" is no تاهلة (Tahla), though both fold to تاهله
        if accepted and entry is not None and entry.kind == "wire":
            accepted = _wire_is_credited(words, i, text, surface_start, surface_end)
        territory = (
            entry is not None
            and entry.kind == "city"
            and i > 0
            and (listed_with == "territory" or _any_form_in(words[i - 1].key, _TERRITORY_CUES))
        )
        accepted = accepted and not territory
        if accepted and entry is not None and entry.kind == "city":
            accepted = not not_a_place(words, i, end, clitic) and not is_adjective(
                words, i, end, clitic, text, _NOT_NOUNS
            )
        if accepted and entry is not None and entry.source != "listed":  # GeoNames, HCP communes
            rule = _name_rule(alias, entry, gazetteer)
            # Not a HCP commune: every rural commune is listed, many named after a common word
            # (السهول "the plains", الساحل "the coast"), where GeoNames lists the towns.
            at_home = home is not None and entry.country == home and entry.source == "geonames"
            if at_home and rule in ("place noun", "short") and _home_name(alias, entry, gazetteer):
                rule = "cue"
            if rule == "place noun" or (
                rule != "never"
                and clitic
                and not (at_home and clitic.endswith("ب"))  # برادس "in Radès"; للفحص is "for a check-up"
                and (entry.population < BIG_CITY or rule == "short")
                and _is_frequent_word(words[i].key, gazetteer)
            ):
                accepted = after_place_noun(words, i)
            elif rule == "never":
                accepted = False
            elif rule == "article":
                # الساحل "the coast", للبيض "for the eggs": a place with ب on it or after a place
                # noun, or a city of 100,000 after في (في الدوحة; not في الطور الابتدائي, El Tor)
                accepted = clitic.endswith("ب") or after_place_noun(words, i)
                if not accepted and entry.population >= ARTICLE_CITY:
                    accepted = located(words, i, clitic)
            elif rule == "short":  # دبي, حلب: ب, في or a place noun, or a dateline; not من كابل ("cable")
                accepted = located(words, i, clitic) or (
                    i == 0 and _has_place_cue(words, i, clitic, surface_end, text)
                )
            elif rule == "cue":
                accepted = (
                    listed_with in ("place", "plain")
                    or _has_place_cue(words, i, clitic, surface_end, text)
                    or after_place_noun(words, i)
                )
            if accepted and end == i + 1 and words[i].key in _FUNCTION_WORDS:
                accepted = False  # فإن "for", إن: a particle, whatever town GeoNames spells so
            if accepted and end == i + 1 and alias in NAME_HEADS and _name_goes_on(words, i, text):
                accepted = False  # بن قردان is Ben Gardane, not Bonn (بن) and a word
        if accepted and entry is not None:
            cue = entry.kind == "city" and (
                listed_with == "place" or _has_place_cue(words, i, clitic, surface_end, text)
            )
            surface = text[surface_start:surface_end]
            found.append(
                Found(
                    entry.kind,
                    entry.id,
                    surface,
                    surface_start,
                    surface_end,
                    cue,
                    entry.source,
                    entry.kind == "city" and located(words, i, clitic),
                )
            )
            if entry.kind == "city":  # a capital without a cue is an actor (بين بغداد وأربيل): no list
                before = ("place" if cue else "actor" if entry.capital else "plain", end)
            i = end
        elif entry is None:
            i = end  # a blocker: its words mean something else
        else:
            if territory:
                before = ("territory", end)
            i += 1
    return found


@lru_cache(maxsize=100_000)
def _name_rule(alias: str, entry: Entry, gazetteer: Gazetteer) -> str:
    """What a GeoNames or HCP name needs to count, decided once per name: "never", "place noun"
    (a common, frequent or short word), "short" (a short name of a big city: دبي), "article" (الساحل),
    "cue" (a one-word name from far away,
    كسلا: Kassala, or of a rural commune, often also a family name: البرلماني شقران), or ""."""
    key = alias if entry.normalized else normalize_name(alias)
    if never_a_name(key):
        return "never"
    if key in _country_names(gazetteer):
        return "place noun"  # عمان: Oman before Amman, unless after العاصمة or مدينة
    if needs_cue(key, gazetteer, entry.population):
        return "place noun"
    if " " not in key and len(key) <= 4:
        return "short"  # a short name of a city of a million (needs_cue let it through)
    parts = key.split()
    if len(parts) > 1 and parts[0] in NAME_HEADS and all(p in gazetteer.frequent_words for p in parts[1:]):
        return "cue"  # أولاد عياد: a name, but its words are also a phrase
    if " " not in key and key.startswith("ال"):
        return "article"
    if " " not in key and (entry.country not in NEAR_COUNTRIES or entry.source == "hcp"):
        return "cue"
    return ""


@lru_cache(maxsize=10_000)
def _needs_context(alias: str, entry: Entry) -> bool:
    """The alias is one the data marks as also a common word (وزان "weights"): it needs a place cue."""
    return normalize_name(alias) in {normalize_name(a) for a in entry.context_required}


@lru_cache(maxsize=10_000)
def _home_name(alias: str, entry: Entry, gazetteer: Gazetteer) -> bool:
    """A name that is frequent but no common word (not among the most frequent, nor a country):
    in its own country's press, it is the place."""
    key = alias if entry.normalized else normalize_name(alias)
    if key in _country_names(gazetteer) or never_a_name(key):
        return False
    return not all(p in gazetteer.common_words for p in key.split())


@lru_cache(maxsize=4)
def _country_names(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(normalize_name(e.label_ar) for e in gazetteer.entries if e.kind == "country")


def _is_frequent_word(key: str, gazetteer: Gazetteer) -> bool:
    """The word as written, or with لل read as ل + ال, is a frequent word (للرسوم: "for the fees")."""
    return any(form in gazetteer.frequent_words for form, _ in _clitic_variants(key))


def _wire_is_credited(words: list[_Word], i: int, text: str, start: int, end: int) -> bool:
    """A wire service counts when credited: in brackets, after a citing verb, or in a byline."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if "(" in before or ")" in after or "-" in before.strip() or not text[:start].strip():
        return True
    return any(w.key.lower() in _WIRE_CUES for w in words[max(0, i - 3) : i])
