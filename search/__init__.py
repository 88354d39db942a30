"""Mirsad: bilingual Arabic–English full-text search for news archives.

>>> from search import Index, build_index
>>> build_index("seeds", "index/current")
>>> Index.open("index/current").search("مليلية").total
"""

__version__ = "0.1.0"

from .facets import FacetValue
from .indexer import BuildReport, build_index
from .query import build_filter, build_query, parse
from .searcher import BadRequest, Hit, Index, IndexNotFound, SearchRequest, SearchResult

__all__ = [
    "BadRequest",
    "BuildReport",
    "FacetValue",
    "Hit",
    "Index",
    "IndexNotFound",
    "SearchRequest",
    "SearchResult",
    "__version__",
    "build_filter",
    "build_index",
    "build_query",
    "parse",
]
