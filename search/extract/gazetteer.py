"""The bilingual gazetteer: cities, agencies and wire services with their aliases.

    >>> GAZETTEER.lookup("city", "بالناظور").id
    'nador'

The data lives in gazetteer.json, reviewed like code. Each entry has a stable ASCII id, an English
and an Arabic label, and aliases in Arabic, English, French and Spanish spellings. Lookups compare
normalised forms (diacritics, hamza/alef, ة/ه, case and accents folded), so one alias covers its
spelling variants.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from ..analysis import fold_latin, has_arabic, normalize_arabic, strip_marks

KINDS = ("city", "agency", "wire")


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
    def __init__(self, entries: list[Entry], blockers: tuple[str, ...] = ()):
        self.entries = entries
        self.blockers = blockers  # phrases holding a name that do not mean it (clubs, ports, treaties)
        self.by_id = {(e.kind, e.id): e for e in entries}

    @classmethod
    def load(cls) -> Gazetteer:
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
                    )
                )
        return cls(entries, tuple(data.get("block", [])))

    @cached_property
    def alias_index(self) -> dict[tuple[str, str], Entry]:
        """(kind, normalised alias) → entry; labels and ids are aliases too."""
        index: dict[tuple[str, str], Entry] = {}
        for e in self.entries:
            for alias in (e.id, e.label_en, e.label_ar, *e.aliases):
                index.setdefault((e.kind, normalize_name(alias)), e)
        return index

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


GAZETTEER = Gazetteer.load()
