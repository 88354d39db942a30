"""The article's own country, from its outlet, and what it decides about the places and agencies named.

    >>> outlet_country("Jawhara FM (Tunisia)", GAZETTEER)
    'TN'

A generic name of a body ("وزارة الداخلية", "the interior ministry") means the body of the country the
article is written from: Moroccan in Hespress, Tunisian in Jawhara FM. The country comes from the
outlet ("Hespress (Morocco)"), else from the places the article names when they all lie in one
country; with neither, nothing is decided (the gazetteer's reading stands). A Moroccan commune (HCP)
named in an article from another country is a homonym there (المنزه: El Menzah, a district of Tunis),
and a cue that implies a country (قيادة: a Moroccan caidat) does not apply in another country's press
(بقيادة لقمان: "led by Luqman" in Tunisia).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import Entry, Gazetteer, normalize_name

_PARENTHESIS = re.compile(r"\(([^()]+)\)\s*$")


def outlet_country(outlet: str | None, gazetteer: Gazetteer) -> str | None:
    """The ISO code of the country an outlet names in brackets ("Hespress (Morocco)" → MA), if any."""
    if not outlet:
        return None
    m = _PARENTHESIS.search(outlet)
    return _country_codes(gazetteer).get(normalize_name(m.group(1))) if m else None


@lru_cache(maxsize=4)
def _country_codes(gazetteer: Gazetteer) -> dict[str, str]:
    """Normalised English and Arabic country names → ISO code."""
    codes: dict[str, str] = {}
    for e in gazetteer.entries:
        if e.kind == "country" and e.country:
            for name in (e.label_en, e.label_ar):
                codes[normalize_name(name)] = e.country
    return codes


def article_country(outlet: str | None, place_countries: list[str], gazetteer: Gazetteer) -> str | None:
    """The outlet's country, else the one country of the article's places (ISO, upper case), else None."""
    country = outlet_country(outlet, gazetteer)
    if country is not None:
        return country
    countries = {c.upper() for c in place_countries}
    return countries.pop() if len(countries) == 1 else None


def agency_in_context(entry: Entry, surface: str, country: str | None, gazetteer: Gazetteer) -> Entry | None:
    """The agency a mention names in an article from `country`: the entry itself, the same body of the
    article's country for a generic name (وزارة الداخلية in Tunisia), or None when there is none."""
    if country is None or entry.country is None or country == entry.country or not entry.home_aliases:
        return entry
    if not _is_home_alias(entry, surface):
        return entry  # named with its country: وزارة الداخلية الإسبانية is Spain's wherever it is read
    return _counterparts(gazetteer).get((entry.id, country))


def _is_home_alias(entry: Entry, surface: str) -> bool:
    words = normalize_name(surface).split()
    for alias in entry.home_aliases:
        key = normalize_name(alias).split()
        # The surface may carry a clitic (لوزارة) or be the construct form (وزارة for الوزارة).
        if len(words) == len(key) and words[1:] == key[1:] and words[0].endswith(key[0].removeprefix("ال")):
            return True
    return False


@lru_cache(maxsize=4)
def _counterparts(gazetteer: Gazetteer) -> dict[tuple[str, str], Entry]:
    """(the home body's id, a country) → that country's body."""
    return {
        (e.counterpart_of, e.country): e
        for e in gazetteer.entries
        if e.kind == "agency" and e.counterpart_of and e.country
    }
