"""Facet metadata read out of an article: cities, agencies, wire services, years.

>>> entities = extract(article)
>>> entities.cities, entities.year
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .gazetteer import GAZETTEER, Entry, Gazetteer, normalize_name
from .years import years_mentioned

if TYPE_CHECKING:  # clean imports the gazetteer: a runtime import here would be circular
    from ..clean import Article

__all__ = [
    "GAZETTEER",
    "Entities",
    "Entry",
    "Gazetteer",
    "Mention",
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


@dataclass
class Entities:
    cities: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    wires: list[str] = field(default_factory=list)
    years_mentioned: list[int] = field(default_factory=list)
    year: int | None = None  # publication year, only when known: never guessed
    mentions: list[Mention] = field(default_factory=list)

    def add(self, mention: Mention) -> None:
        bucket = {"city": self.cities, "agency": self.agencies, "wire": self.wires}[mention.kind]
        if mention.id not in bucket:
            bucket.append(mention.id)
        self.mentions.append(mention)


def extract(article: Article, gazetteer: Gazetteer = GAZETTEER) -> Entities:
    """Entities of one article: the dateline city and wire, years, and the publication year."""
    entities = Entities()
    if article.dateline is not None:
        where = article.body.find(article.dateline.text)
        for kind, name in (("city", article.dateline.city), ("wire", article.dateline.agency)):
            entry = gazetteer.lookup(kind, name) if name else None
            if entry is not None and name:
                start = max(where, 0) + article.dateline.text.find(name)
                entities.add(Mention(kind, entry.id, name, "body", start, start + len(name)))
    entities.years_mentioned = years_mentioned(article.title + "\n" + article.body)
    entities.year = article.published.year if article.published else None
    return entities
