"""Facet metadata read out of an article: cities, agencies, wire services, years.

>>> entities = extract(article)
>>> entities.cities, entities.year
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .context import agency_in_context, article_country, outlet_country
from .discover import discover_places, discovered_label
from .gazetteer import GAZETTEER, Entry, Gazetteer, normalize_name
from .link import link_discovered
from .matcher import find_entities
from .precision import SPORT_CATEGORIES
from .years import years_mentioned

if TYPE_CHECKING:  # clean imports the gazetteer: a runtime import here would be circular
    from ..clean import Article

__all__ = [
    "GAZETTEER",
    "Entities",
    "Entry",
    "Gazetteer",
    "Mention",
    "discovered_label",
    "extract",
    "normalize_name",
    "years_mentioned",
]


@dataclass
class Mention:
    """Where an entity was found: the text as written and its character offsets in the field."""

    kind: str
    id: str
    surface: str
    field: str  # "title", "body", "dateline", "author"
    start: int
    end: int
    source: str = "listed"  # a place: listed (reviewed core), geonames, or discovered by a cue
    country: str | None = None  # a place's country (ISO 3166 alpha-2), when known


@dataclass
class Entities:
    cities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # lowercase ISO codes of the cities' countries
    agencies: list[str] = field(default_factory=list)
    wires: list[str] = field(default_factory=list)
    years_mentioned: list[int] = field(default_factory=list)
    year: int | None = None  # publication year, only when known: never guessed
    mentions: list[Mention] = field(default_factory=list)

    def add(self, mention: Mention) -> None:
        bucket = {"city": self.cities, "agency": self.agencies, "wire": self.wires}[mention.kind]
        if mention.id not in bucket:
            bucket.append(mention.id)
        if mention.country and mention.country.lower() not in self.countries:
            self.countries.append(mention.country.lower())
        self.mentions.append(mention)


def extract(article: Article, gazetteer: Gazetteer = GAZETTEER) -> Entities:
    """Entities of one article: cities, agencies and wires named in it, years, publication year."""
    entities = Entities()
    from_country = outlet_country(article.outlet, gazetteer)
    found = [
        (name, f)
        for name, text in (("title", article.title), ("body", article.body))
        for f in find_entities(text, gazetteer, home=from_country)
    ]
    # A capital named only as an actor ("تترقب الرباط", "بين مدريد والرباط") stands for its
    # government: it is a city of the article only if some mention reads as a place.
    as_place = {f.id for _, f in found if f.place_cue}
    sport = (article.category or "").lower() in SPORT_CATEGORIES
    kept = []
    for field_name, f in found:
        entry = gazetteer.get(f.kind, f.id)
        if entry is not None and entry.capital and f.id not in as_place:
            continue
        if f.kind == "city" and sport and not f.located:
            continue  # a club: بين برشلونة وريال مدريد, ضيفا على إشبيلية
        if f.kind == "city" and f.source == "hcp" and from_country not in (None, "MA"):
            continue  # a Moroccan commune's name in another country's press names something else there
        kept.append((field_name, f, entry))
    places = [e.country for _, f, e in kept if f.kind == "city" and e is not None and e.country]
    country = article_country(article.outlet, places, gazetteer)
    for field_name, f, entry in kept:
        if f.kind == "agency" and entry is not None:
            entry = agency_in_context(entry, f.surface, country, gazetteer)
            if entry is None:
                continue
        place_country = entry.country if entry is not None and f.kind == "city" else None
        entity_id = entry.id if entry is not None else f.id
        entities.add(
            Mention(f.kind, entity_id, f.surface, field_name, f.start, f.end, f.source, place_country)
        )
    _add_discovered(entities, article, found, gazetteer, country)
    if article.author:  # a byline credits wires: "هسبريس - أ.ف.ب"
        for f in find_entities(article.author, gazetteer, kinds=("wire",)):
            entities.add(Mention(f.kind, f.id, f.surface, "author", f.start, f.end))
    if article.dateline is not None:
        where = max(article.body.find(article.dateline.text), 0)
        for kind, name in (("city", article.dateline.city), ("wire", article.dateline.agency)):
            entry = gazetteer.lookup(kind, name) if name else None
            if entry is not None and name and entry.id not in (entities.cities + entities.wires):
                start = where + article.dateline.text.find(name)
                country = entry.country if kind == "city" else None
                mention = Mention(
                    kind, entry.id, name, "body", start, start + len(name), entry.source, country
                )
                entities.add(mention)
    entities.years_mentioned = years_mentioned(article.title + "\n" + article.body)
    entities.year = article.published.year if article.published else None
    return entities


def _add_discovered(
    entities: Entities, article: Article, found: list, gazetteer: Gazetteer, article_country: str | None
) -> None:
    """Places a cue proposes; with no country from the cue, the one country of the listed places.
    A cue that implies another country than the article's (بقيادة, a Moroccan caidat, in a Tunisian
    article: "led by") proposes nothing."""
    listed_countries = set(entities.countries)
    for field_name, text in (("title", article.title), ("body", article.body)):
        known = [f for name, f in found if name == field_name]
        for f, country in discover_places(text, known, gazetteer):
            if country is not None and article_country is not None and country != article_country:
                continue
            if country is None and len(listed_countries) == 1:
                country = next(iter(listed_countries)).upper()
            place = link_discovered(f.surface, country or article_country, gazetteer)
            if place is not None:  # مدينة الدندان: Den Den, a GeoNames town with no Arabic name
                entities.add(
                    Mention(
                        "city", place.id, f.surface, field_name, f.start, f.end, "geonames", place.country
                    )
                )
                continue
            entities.add(Mention("city", f.id, f.surface, field_name, f.start, f.end, "discovered", country))
