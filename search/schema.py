"""The one Whoosh schema: which field is stemmed, exact, stored, or a facet.

    >>> sorted(FACET_FIELDS)
    ['agency', 'city', 'country', 'lang', 'source', 'story', 'wire', 'year', 'years_mentioned']

Every field names its analyzer; nothing falls back to Whoosh's English defaults.
- `title`, `body`: the script-aware stemming chain, for ranking (title weighted up in BM25F); only
  the title keeps positions (for `title:"…"`), the body does not need them.
- `exact`: title and body normalised but unstemmed, with positions, for "quoted phrases".
- facet fields: lowercase ASCII ids, one token per value, multi-valued (comma separated).
"""

from __future__ import annotations

from whoosh.analysis import CommaSeparatedTokenizer, IDTokenizer, LowercaseFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import exact_analyzer, text_analyzer
from .analysis.oneshot import AnalysedText

TITLE_BOOST = 2.0

# Facet fields and the entity kind behind each (None: plain values, labelled by themselves).
FACET_FIELDS: dict[str, str | None] = {
    "city": "city",
    "country": "country",  # derived: the countries of the article's cities
    "agency": "agency",
    "year": None,
    "source": None,
    "wire": "wire",
    "lang": None,
    "years_mentioned": None,
    "story": None,  # same-story id (search/stories.py), assigned at index time
}


def _facet_field() -> KEYWORD:
    return KEYWORD(stored=True, commas=True, analyzer=CommaSeparatedTokenizer() | LowercaseFilter())


def _id_field(unique: bool = False) -> ID:
    return ID(stored=True, unique=unique, analyzer=IDTokenizer())


def build_schema() -> Schema:
    return Schema(
        id=_id_field(unique=True),
        title=AnalysedText(analyzer=text_analyzer(), stored=True, field_boost=TITLE_BOOST),
        body=AnalysedText(analyzer=text_analyzer(), stored=True, phrase=False),  # phrases use `exact`
        exact=AnalysedText(analyzer=exact_analyzer(), phrase=True),
        author=TEXT(analyzer=exact_analyzer(), stored=True, phrase=False),
        outlet=STORED(),
        url=STORED(),
        category=_facet_field(),
        published=DATETIME(stored=True, sortable=True),
        dateline=STORED(),
        source_path=_id_field(),  # searchable: an update deletes the articles of a removed file
        source_record=STORED(),  # the record, row or item number inside that file
        provenance=STORED(),  # what the reader knew of the item's origin (WARC target URI, capture date…)
        content_hash=_id_field(),
        entities=STORED(),  # mentions with surface forms and offsets, to show why a facet applies
        **{name: _facet_field() for name in FACET_FIELDS},
    )


SCHEMA = build_schema()
