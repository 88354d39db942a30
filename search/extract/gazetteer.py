"""The bilingual gazetteer: cities, agencies and wire services with their aliases.

    >>> GAZETTEER.lookup("city", "بالناظور").id
    'nador'

The data lives in gazetteer.json, reviewed like code. Each entry has a stable ASCII id, an English
and an Arabic label, and aliases in Arabic, English, French and Spanish spellings. Lookups compare
normalised forms (diacritics, hamza/alef, ة/ه, case and accents folded), so one alias covers its
spelling variants.
"""

from __future__ import annotations

import gc
import gzip
import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from ..analysis import fold_latin, has_arabic, normalize_arabic, strip_marks

KINDS = ("city", "agency", "wire")
# A GeoNames place is matched by its Latin names only when it is this big or in the Maghreb: the
# Latin names of 40,000 European villages would mostly match English and French words.
LATIN_MATCH_MIN_POPULATION = 15_000
LATIN_MATCH_COUNTRIES = frozenset({"MA", "DZ", "TN", "LY", "MR"})


def normalize_name(text: str) -> str:
    """The comparison key of a name: `normalize_name("Tánger")` → `tanger`."""
    text = normalize_arabic(strip_marks(text))
    words = text.replace("-", " ").replace("’", "'").split()
    return " ".join(w if has_arabic(w) else fold_latin(w) for w in words)


@dataclass(frozen=True)
class Entry:
    kind: str
    id: str
    label_en: str
    label_ar: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    city: str | None = None  # for a local unit (ولاية أمن الدار البيضاء), the city it sits in
    context_required: tuple[str, ...] = field(default=())  # aliases that are also common words
    capital: bool = False  # a national capital: often stands for its government (metonymy)
    # "listed" (gazetteer.json, reviewed), "geonames", "hcp" (Moroccan communes), "discovered" (by a cue)
    source: str = "listed"
    match_latin: bool = True  # its Latin names are looked for in running text
    arabic_known: bool = True  # False: GeoNames has no Arabic form, label_ar is the Latin name
    population: int = 0  # GeoNames places only
    normalized: bool = False  # aliases are comparison keys already (GeoNames places): not normalised again
    # An agency's generic names (وزارة الداخلية) that name it only in its own country's press; elsewhere
    # they name that country's body (`counterpart_of`: the body this one is the counterpart of).
    home_aliases: tuple[str, ...] = ()
    counterpart_of: str | None = None

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_en


# Clitics a name may carry in running text (ومليلية, بالناظور, للمديرية). Longest first.
LOOKUP_CLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


def clitic_variants(key: str, clitics: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """A normalised word and its forms without a leading clitic: (form, clitic), the word first.

    A clitic is only taken off when at least three letters remain; لل is ل + ال with the alef dropped,
    so للناظور also yields الناظور.
    """
    variants = [(key, "")]
    if not has_arabic(key):
        return tuple(variants)
    for clitic in clitics:
        if key.startswith(clitic) and len(key) - len(clitic) >= 3:
            rest = key[len(clitic) :]
            variants.append((rest, clitic))
            if clitic.endswith("ل") and rest.startswith("ل"):
                variants.append(("ا" + rest, clitic))
    return tuple(variants)


class Gazetteer:
    def __init__(
        self,
        entries: list[Entry],
        blockers: tuple[str, ...] = (),
        common_words: frozenset[str] = frozenset(),
    ):
        self.entries = entries
        self.blockers = blockers  # phrases holding a name that do not mean it (clubs, ports, treaties)
        self.common_words = common_words  # normalised words a GeoNames name may not be on its own
        self.frequent_words: frozenset[str] = frozenset()  # words a discovered name may not be
        self.by_id = {(e.kind, e.id): e for e in entries}

    @classmethod
    def load(cls, with_geonames: bool = True) -> Gazetteer:
        """The reviewed core (gazetteer.json), then GeoNames places it does not already hold."""
        data = json.loads(resources.files(__package__).joinpath("gazetteer.json").read_text("utf-8"))
        entries = []
        for kind in KINDS:
            for item in data[kind]:
                entries.append(
                    Entry(
                        kind=kind,
                        id=item["id"],
                        label_en=item["en"],
                        label_ar=item["ar"],
                        aliases=tuple(item.get("aliases", [])),
                        country=item.get("country"),
                        city=item.get("city"),
                        context_required=tuple(item.get("context_required", [])),
                        capital=bool(item.get("capital", False)),
                        home_aliases=tuple(item.get("home_aliases", [])),
                        counterpart_of=item.get("counterpart_of"),
                    )
                )
        common: frozenset[str] = frozenset()
        frequent: frozenset[str] = frozenset()
        if with_geonames:
            entries += geonames_entries(entries)
            common, frequent = load_common_words()
        gazetteer = cls(entries, tuple(data.get("block", [])), common)
        gazetteer.frequent_words = frequent
        return gazetteer

    @cached_property
    def alias_index(self) -> dict[tuple[str, str], Entry]:
        """(kind, normalised alias) → entry; labels and ids are aliases too."""
        index: dict[tuple[str, str], Entry] = {}
        for e in self.entries:
            if e.normalized:
                for key in (e.id, *e.aliases):
                    index.setdefault((e.kind, key), e)
                continue
            for alias in (e.id, e.label_en, e.label_ar, *e.aliases):
                index.setdefault((e.kind, normalize_name(alias)), e)
        return index

    @cached_property
    def not_names(self) -> frozenset[str]:
        """Common and frequent words: what a name proposed by a cue may not be."""
        return self.common_words | self.frequent_words

    def is_common_word(self, entry: Entry, name: str) -> bool:
        """A GeoNames name that is also a common word ("police", ليل): not a place on its own."""
        return entry.source != "listed" and all(w in self.common_words for w in normalize_name(name).split())

    def get(self, kind: str, entity_id: str) -> Entry | None:
        return self.by_id.get((kind, entity_id))

    def lookup(self, kind: str, name: str) -> Entry | None:
        """The entry a name refers to, with Arabic clitics tolerated (ومليلية, بالناظور)."""
        key = normalize_name(name)
        for form, _ in clitic_variants(key, LOOKUP_CLITICS):
            found = self.alias_index.get((kind, form))
            if found:
                return found
        return None


COMMON_ARABIC_RANK = 3000  # the first Arabic words of common_words.txt are common words


def load_common_words() -> tuple[frozenset[str], frozenset[str]]:
    """(common words, frequent Arabic words) of common_words.txt (`make gazetteer`), normalised.

    The file lists Arabic words by corpus frequency, then Latin words seen in lowercase; the common
    words are the first COMMON_ARABIC_RANK Arabic ones and every Latin one.
    """
    text = resources.files(__package__).joinpath("common_words.txt").read_text("utf-8")
    words = [w for w in text.splitlines() if w and not w.startswith("#")]  # normalised by the build
    arabic = [w for w in words if has_arabic(w)]
    latin = [w for w in words if not has_arabic(w)]
    return frozenset(arabic[:COMMON_ARABIC_RANK] + latin), frozenset(arabic)


# GeoNames files the cities of the Western Sahara (Laayoune, Dakhla) under EH; the core lists them
# under MA. Both codes are one for merging, so a city is not listed twice.
SAME_COUNTRY = {"EH": "MA"}
PLACES_FILE = "geonames_places.json.gz"


def geonames_entries(core: list[Entry]) -> list[Entry]:
    """Countries and places of geonames_places.json.gz (`make gazetteer`), after the core.

    The build already dropped every place that is a core city (same name, same country), and
    stored each place's names normalised (`keys`), so loading normalises nothing.
    """
    path = resources.files(__package__).joinpath(PLACES_FILE)
    if not path.is_file():
        return []  # a checkout without the generated file: the reviewed core alone
    data = json.loads(gzip.decompress(path.read_bytes()))
    out: list[Entry] = []
    for code, names in data["countries"].items():
        out.append(Entry("country", code.lower(), names["en"], names["ar"], (code,), country=code))
    core_ids = {e.id for e in core if e.kind == "city"}
    column = {name: n for n, name in enumerate(data["columns"])}
    if "keys" not in column:
        return out  # a file from an older build: `make gazetteer` rebuilds it
    pid_, name_, arabic_, keys_ = column["id"], column["name"], column["arabic_forms"], column["keys"]
    country_, population_, capital_ = column["country"], column["population"], column["capital"]
    for row in data["places"]:
        pid, country, population, arabic = row[pid_], row[country_], row[population_], row[arabic_]
        match_latin = matched_in_latin(country, population)
        out.append(
            Entry(
                kind="city",
                id=pid if pid not in core_ids else f"{pid}_{country.lower()}",
                label_en=row[name_],
                label_ar=arabic[0] if arabic else row[name_],
                aliases=tuple(row[keys_]),
                country=country,
                source=row[column["source"]] if "source" in column else "geonames",
                match_latin=match_latin,
                arabic_known=bool(arabic),
                capital=bool(row[capital_]),
                population=population,
                normalized=True,
            )
        )
    return out


def matched_in_latin(country: str, population: int) -> bool:
    """Whether a GeoNames place's Latin names are looked for in running text."""
    return population >= LATIN_MATCH_MIN_POPULATION or country in LATIN_MATCH_COUNTRIES


def core_keys(core: list[Entry]) -> set[tuple[str | None, str]]:
    """(country, normalised name) of every core city: a GeoNames place among them is not added."""
    return {
        (SAME_COUNTRY.get(e.country or "", e.country), normalize_name(alias))
        for e in core
        if e.kind == "city"
        for alias in (e.id, e.label_en, e.label_ar, *e.aliases)
    }


GAZETTEER = Gazetteer.load()
gc.freeze()  # 60,000 entries for the life of the process: not for the garbage collector to walk
