"""Run a SearchRequest against an index: hits, highlights, facet counts over the whole result set.

>>> ix = Index.open("index/current")
>>> result = ix.search("خلايا ارهابية", city=["Nador"], year=[2020], sort="relevance")
>>> result.total, result.hits[0].title, result.facets["city"][0].count
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.scoring import BM25F

from . import coarse
from .analysis.french import similar_terms
from .collapse import StoryColumn, collapsed_page
from .dateranges import MISSING_DATE, BadDate, DateRange, date_mask
from .facets import FacetColumns, FacetValue, facet_labels
from .feedback import with_feedback
from .highlight import Segment, lead, mark_all, segments_html, snippet
from .indexer import read_manifest
from .proximity import with_proximity
from .query import build_query, entity_id, highlight_terms, parse, query_entities, translatable_words
from .ranking import LRUCache, Ranker
from .schema import FACET_FIELDS
from .segment_reading import numeric_column
from .timeline import Timeline, timeline
from .translate import XLANG_MODES, Translation, targets_for, translate, translated_why
from .translate.vocabulary import IndexVocabulary

SORTS = ("relevance", "newest", "oldest")
# Columns of an export row (Index.iter_results), in order: CSV header, JSON Lines keys.
EXPORT_FIELDS = (
    "id",
    "title",
    "date",
    "year",
    "outlet",
    "author",
    "url",
    "lang",
    "city",
    "country",
    "agency",
    "wire",
    "years_mentioned",
    "score",
    "lead",
    "story",
    "story_size",
)
SIMILAR_CACHE = 4096  # articles whose similar articles are remembered (per index build)
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
FACET_LIMIT = 30  # values shown per facet; selected values are always shown
SHOWN_FACETS = ("city", "country", "agency", "year", "source", "wire", "lang", "years_mentioned")
BM25_K1, BM25_B = 0.9, 0.4  # measured on XQuAD ar+en (bench/eval_quality.py); Lucene uses the same
_MISSING_DATE = MISSING_DATE  # what Whoosh's column holds for "no date"


class IndexNotFound(FileNotFoundError):
    """There is no index at the path (run `mirsad index` first)."""


class BadRequest(ValueError):
    """A search parameter is out of range (page 0, per_page 10000, an unknown sort)."""

    parameter: str | None = None  # the URL parameter at fault, when one is


@dataclass
class SearchRequest:
    """Everything that defines a search; it maps one to one onto the URL of a search page."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    highlight: bool = True
    facets: bool = True  # count facet values over the whole result set
    date_from: str = ""  # publication date bounds (URL `from`/`to`): YYYY, YYYY-MM or YYYY-MM-DD
    date_to: str = ""
    timeline: bool = True  # count the whole result set over publication time
    collapse: bool = False  # one hit per story, language and day; not when a story is selected
    xlang: str = "auto"  # cross-language search: auto, on, off (see search.translate)
    xlang_removed: list[str] = field(default_factory=list)  # translations the user took out

    @classmethod
    def of(
        cls,
        query: str,
        sort: str,
        page: int,
        per_page: int,
        highlight: bool,
        facets: bool,
        filters: dict[str, Any],
        xlang: str = "auto",
        xlang_removed: list[str] | None = None,
    ) -> SearchRequest:
        """A request from keyword filters, each a value or a list (`city="nador"`, `year=[2020]`)."""
        filters = dict(filters)
        date_from, date_to = str(filters.pop("date_from", "") or ""), str(filters.pop("date_to", "") or "")
        normalized = {
            k: [str(v) for v in (vs if isinstance(vs, (list, tuple)) else [vs])]
            for k, vs in filters.items()
            if vs
        }
        return cls(
            query,
            normalized,
            sort,
            page,
            per_page,
            highlight,
            facets,
            date_from,
            date_to,
            xlang=xlang,
            xlang_removed=list(xlang_removed or []),
        )

    def date_range(self) -> DateRange:
        """The `from`/`to` bounds as a range (raises BadRequest naming the parameter)."""
        try:
            return DateRange.from_params(self.date_from, self.date_to)
        except BadDate as exc:
            error = BadRequest(str(exc))
            error.parameter = exc.parameter
            raise error from None

    def validate(self) -> SearchRequest:
        if self.sort not in SORTS:
            raise BadRequest(f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")
        if not 1 <= self.page <= MAX_PAGE:
            raise BadRequest(f"page must be between 1 and {MAX_PAGE}")
        if self.xlang not in XLANG_MODES:
            raise BadRequest(f"unknown xlang {self.xlang!r}; use one of {', '.join(XLANG_MODES)}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page must be between 1 and {MAX_PER_PAGE}")
        unknown = set(self.filters) - set(FACET_FIELDS)
        if unknown:
            raise BadRequest(f"unknown filter {sorted(unknown)[0]!r}; use one of {', '.join(FACET_FIELDS)}")
        self.date_range()
        return self


@dataclass
class Hit:
    id: str
    title: str
    score: float
    snippet: list[Segment]
    title_segments: list[Segment]
    lang: str
    date: str | None
    year: str | None
    outlet: str | None
    author: str | None
    url: str | None
    facets: dict[str, list[FacetValue]]
    why: list[dict[str, Any]] = field(default_factory=list)  # entities of the query found here, as written
    story: str | None = None  # same-story id (search/stories.py)
    story_size: int = 1  # articles in the story, this one included

    @property
    def snippet_html(self) -> str:
        return segments_html(self.snippet)

    @property
    def title_html(self) -> str:
        return segments_html(self.title_segments)

    @property
    def snippet_text(self) -> str:
        return "".join(s.text for s in self.snippet)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_html": self.title_html,
            "snippet": self.snippet_text,
            "snippet_html": self.snippet_html,
            "score": round(self.score, 4),
            "lang": self.lang,
            "date": self.date,
            "year": self.year,
            "outlet": self.outlet,
            "author": self.author,
            "url": self.url,
            "facets": {k: [v.to_dict() for v in vs] for k, vs in self.facets.items()},
            "why": self.why,
            "story": self.story,
            "story_size": self.story_size,
            "snippet_segments": [[seg.text, seg.match] for seg in self.snippet],
            "title_segments": [[seg.text, seg.match] for seg in self.title_segments],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hit:
        """The inverse of to_dict: what the HTTP client builds from an API response."""
        return cls(
            id=data["id"],
            title=data.get("title", ""),
            score=float(data.get("score", 0.0)),
            snippet=[Segment(t, bool(m)) for t, m in data.get("snippet_segments", [])],
            title_segments=[Segment(t, bool(m)) for t, m in data.get("title_segments", [])],
            lang=data.get("lang", ""),
            date=data.get("date"),
            year=data.get("year"),
            outlet=data.get("outlet"),
            author=data.get("author"),
            url=data.get("url"),
            facets={k: [FacetValue.from_dict(v) for v in vs] for k, vs in data.get("facets", {}).items()},
            why=data.get("why", []),
            story=data.get("story"),
            story_size=int(data.get("story_size", 1)),
        )


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    took_ms: float
    query_repr: str
    notes: list[str] = field(default_factory=list)
    timeline: Timeline | None = None
    groups: int | None = None  # with collapse: the lines (story × language × day) among the `total` articles
    translation: dict[str, Any] | None = None  # what the query was also searched as (Translation)

    @property
    def pages(self) -> int:
        shown = self.total if self.groups is None else self.groups
        return max(1, -(-shown // self.request.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.request.query,
            "parsed_query": self.query_repr,
            "filters": self.request.filters,
            "from": self.request.date_from or None,
            "to": self.request.date_to or None,
            "sort": self.request.sort,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "pages": self.pages,
            "total": self.total,
            "groups": self.groups,
            "took_ms": round(self.took_ms, 2),
            "notes": self.notes,
            "xlang": self.request.xlang,
            "translation": self.translation,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vs] for k, vs in self.facets.items()},
            "timeline": self.timeline.to_dict() if self.timeline else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchResult:
        request = SearchRequest(
            query=data.get("query", ""),
            filters=data.get("filters", {}),
            sort=data.get("sort", "relevance"),
            page=data.get("page", 1),
            per_page=data.get("per_page", 20),
            xlang=data.get("xlang", "auto"),
            date_from=data.get("from") or "",
            date_to=data.get("to") or "",
        )
        return cls(
            request=request,
            total=data["total"],
            hits=[Hit.from_dict(h) for h in data.get("hits", [])],
            facets={k: [FacetValue.from_dict(v) for v in vs] for k, vs in data.get("facets", {}).items()},
            took_ms=float(data.get("took_ms", 0.0)),
            query_repr=data.get("parsed_query", ""),
            notes=data.get("notes", []),
            translation=data.get("translation"),
            timeline=Timeline.from_dict(data["timeline"]) if data.get("timeline") else None,
            groups=data.get("groups"),
        )


def display_title(body: str, chars: int = 110) -> str:
    """What to show for an untitled article: the start of its first line."""
    first = body.strip().split("\n", 1)[0]
    return first if len(first) <= chars else first[:chars].rsplit(" ", 1)[0] + " …"


class Index:
    """A search index on disk. Thread-safe for searching; reopens itself when a rebuild swaps in."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not whoosh_index.exists_in(str(self.path)):
            raise IndexNotFound(f"no index at {self.path} (build one with `mirsad index`)")
        self._lock = threading.Lock()
        self._state: _State | None = None
        self._previous: _State | None = None
        self._state_stamp: float | None = None

    @classmethod
    def open(cls, path: str | Path) -> Index:
        return cls(path)

    # --- state: one open searcher plus its cached facet columns -----------------------------------

    def _stamp(self) -> float | None:
        try:
            return (self.path / "manifest.json").stat().st_mtime
        except OSError:
            return None

    def state(self) -> _State:
        stamp = self._stamp()
        with self._lock:
            if self._state is None or stamp != self._state_stamp:
                # Requests still running on the previous build keep using it: it is closed only
                # when the next build replaces it (a request lasts far less than a rebuild).
                if self._previous is not None:
                    self._previous.close()
                self._previous = self._state
                self._state = _State(self.path)
                self._state_stamp = stamp
            return self._state

    def close(self) -> None:
        """Close the open files (also done when the Index is garbage-collected)."""
        with self._lock:
            for state in (self._state, self._previous):
                if state is not None:
                    state.close()
            self._state = self._previous = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def manifest(self) -> dict[str, Any]:
        return read_manifest(self.path)

    @property
    def doc_count(self) -> int:
        return self.state().searcher.doc_count()

    # --- searching ----------------------------------------------------------------------------------

    def search(
        self,
        query: str = "",
        *,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 20,
        highlight: bool = True,
        facets: bool = True,
        xlang: str = "auto",
        xlang_removed: list[str] | None = None,
        **filters: Any,
    ) -> SearchResult:
        """Search with facet filters as keyword lists: `ix.search("نيابة", city=["nador"], year=[2020])`.

        `xlang`: "auto" (translate when the archive holds articles in the query's other language),
        "on" or "off"; `xlang_removed`: translations (as written) to leave out.
        """
        request = SearchRequest.of(
            query, sort, page, per_page, highlight, facets, filters, xlang, xlang_removed
        )
        return self.run(request)

    def run(self, request: SearchRequest) -> SearchResult:
        start = time.perf_counter()
        m = self._match(request)
        state, q, filters, query_mask, facet_masks, final = (
            m.state,
            m.query,
            m.filters,
            m.query_mask,
            m.facet_masks,
            m.final,
        )
        total = int(np.count_nonzero(final))
        offset = (request.page - 1) * request.per_page
        groups = None
        if request.collapse and not _selects_story(request, m.parsed):
            column = state.story_column()
            groups = column.groups(final)

            def rank(start: int, end: int) -> tuple[list[int], list[float]]:
                return self._page(m, replace(request, page=1, per_page=max(end, 1)), start)

            docnums, scores = collapsed_page(rank, total, column, offset, offset + request.per_page)
        else:
            docnums, scores = self._page(m, request, offset)
        terms = highlight_terms(q) if request.highlight else set()
        wanted = query_entities(q)
        hits = [state.hit(d, s, terms, wanted) for d, s in zip(docnums, scores, strict=True)]
        if m.translation:
            for hit, why in zip(hits, translated_why(m.translation, state.ranker, docnums), strict=True):
                hit.why.extend(why)
        facets = {}
        for name in SHOWN_FACETS if request.facets else ():
            base = query_mask.copy()
            for other, mask in facet_masks.items():
                if other != name:  # a facet's own selection does not narrow its counts (OR within)
                    base &= mask
            facets[name] = state.columns(name).facet_values(
                base, filters.get(name, []), limit=FACET_LIMIT, with_unknown=name == "year"
            )
        over_time = timeline(state.dates, final) if request.timeline else None
        took = (time.perf_counter() - start) * 1000
        translation = m.translation.to_dict() if m.translation is not None else None
        return SearchResult(
            request,
            total,
            hits,
            facets,
            took,
            repr(q),
            list(m.parsed.notes),
            over_time,
            groups,
            translation=translation,
        )

    def _match(self, request: SearchRequest) -> _Match:
        """The documents a request matches: the query's, each facet selection's, and both together."""
        request.validate()
        state = self.state()
        parsed = parse(request.query)
        translation = state.translation(parsed, request.xlang, request.xlang_removed)
        q = build_query(parsed, translation=translation, xlang=request.xlang)
        filters = {k: [self.filter_value(k, v) for v in vs] for k, vs in request.filters.items()}
        query_mask, scores = state.ranker.evaluate(
            coarse.with_coarse(q, state.coarse_table()), state.searcher
        )
        scores = with_feedback(state.ranker, state.searcher, q, query_mask, scores)
        scores = with_proximity(state.ranker, state.searcher, q, query_mask, scores)
        dated = date_mask(state.dates, request.date_range(), parsed.dates)
        if dated is not None:  # a date range narrows the result set and every facet's counts
            query_mask &= dated
        facet_masks = {
            name: state.columns(name).mask_for(values, state.size) for name, values in filters.items()
        }
        final = query_mask.copy()
        for mask in facet_masks.values():
            final &= mask
        return _Match(state, parsed, q, filters, query_mask, scores, facet_masks, final, translation)

    def filter_value(self, name: str, value: str) -> str:
        """A filter value as the facet id it selects (`filter_value("city", "الناظور")` → `nador`)."""
        kind = FACET_FIELDS.get(name)
        return entity_id(kind, value) if kind else value.strip().lower()

    def _page(self, m: _Match, request: SearchRequest, offset: int) -> tuple[list[int], list[float]]:
        end = offset + request.per_page
        if request.sort == "relevance" and not isinstance(m.query, wq.Every):
            return m.state.ranker.top(m.final, m.scores, offset, end)
        candidates = np.flatnonzero(m.final)
        dates = m.state.dates[candidates]
        if request.sort == "oldest":
            order = np.lexsort((candidates, dates))
        else:  # newest first (also the order of a match-all "relevance" search); undated last
            key = np.where(dates == _MISSING_DATE, np.uint64(0), dates)
            order = np.lexsort((candidates, ~key))
        chosen_docs = candidates[order][offset:end]
        return [int(d) for d in chosen_docs], [0.0] * len(chosen_docs)

    def iter_results(self, request: SearchRequest) -> Iterator[dict[str, Any]]:
        """Every hit of the request (all pages), in its order, as flat export rows, produced lazily.

        Only document numbers and scores are held for the whole result set; stored fields are read
        one article at a time as the caller consumes rows (a CSV download of thousands of articles).
        """
        m = self._match(request)
        total = int(np.count_nonzero(m.final))
        everything = SearchRequest(
            request.query,
            request.filters,
            request.sort,
            1,
            max(total, 1),
            False,
            False,
            request.date_from,
            request.date_to,
            timeline=False,
        )
        docnums, scores = self._page(m, everything, 0)
        for docnum, score in zip(docnums, scores, strict=True):
            yield m.state.export_row(docnum, score)

    # --- articles -----------------------------------------------------------------------------------

    def article(self, article_id: str, query: str = "", xlang: str = "auto") -> dict[str, Any] | None:
        """An article's stored fields, facets and body segments with the query words highlighted
        (translated words too, so an Arabic article opened from an English query shows them)."""
        state = self.state()
        docnum = state.searcher.document_number(id=article_id)
        if docnum is None:
            return None
        stored = dict(state.searcher.stored_fields(docnum))
        terms: set[str] = set()
        if query.strip():
            parsed = parse(query)
            translation = state.translation(parsed, xlang, [])
            terms = highlight_terms(build_query(parsed, translation=translation, xlang=xlang))
        body, lang = stored.get("body", ""), stored.get("lang")
        return {
            "id": article_id,
            "docnum": docnum,
            "title": stored.get("title", "") or display_title(body),
            "title_segments": mark_all(stored.get("title", "") or display_title(body), terms, lang),
            "body": body,
            "paragraphs": [mark_all(p, terms, lang) for p in body.split("\n") if p.strip()],
            "lang": stored.get("lang"),
            "date": stored["published"].isoformat() if stored.get("published") else None,
            "year": stored.get("year"),
            "outlet": stored.get("outlet"),
            "author": stored.get("author"),
            "url": stored.get("url"),
            "dateline": stored.get("dateline"),
            "source_path": stored.get("source_path"),
            "source_record": stored.get("source_record"),
            "provenance": stored.get("provenance") or {},
            "facets": state.doc_facets(stored),
            "mentions": stored.get("entities", []),
        }

    def similar(self, article_id: str, top: int = 5) -> list[Hit]:
        """Articles most like this one: its key body terms (Whoosh's Bo1 model) as an OR query."""
        state = self.state()
        docnum = state.searcher.document_number(id=article_id)
        if docnum is None:
            return []
        return [state.hit(d, s, set()) for d, s in state.similar_docs(docnum, top)]


def _selects_story(request: SearchRequest, parsed: Any) -> bool:
    """A search narrowed to a story shows all its articles: it is not collapsed."""
    return "story" in request.filters or any(c.field == "story" for g in parsed.groups for c in g)


def _why(stored: dict[str, Any], wanted: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """The query's entities this article names, with the forms it uses: why an English query hit it."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for m in stored.get("entities", []):
        key = (m["kind"], m["id"])
        if key in wanted:
            label_en, label_ar = facet_labels(m["kind"], m["id"])
            item = out.setdefault(
                key,
                {
                    "facet": m["kind"],
                    "id": m["id"],
                    "label_en": label_en,
                    "label_ar": label_ar,
                    "surfaces": [],
                },
            )
            if m["surface"] not in item["surfaces"]:
                item["surfaces"].append(m["surface"])
    return list(out.values())


def _dates(reader: Any, size: int) -> np.ndarray:
    """Publication dates of every document (Whoosh's raw column values; _MISSING_DATE if none).

    Read segment by segment: a segment added by an update may hold no dated article at all, and
    then has no column, which Whoosh's multi-segment column reader does not account for.
    """
    dates = np.full(size, _MISSING_DATE, dtype=np.uint64)
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        if count and leaf.has_column("published"):
            column = leaf.column_reader("published", translate=False)
            values = numeric_column(leaf, column, count)
            if values is None:
                values = np.fromiter(column, dtype=np.uint64, count=count)
            dates[offset : offset + count] = values
    return dates


def _close_all(opened: list[Any], lock: threading.Lock) -> None:
    with lock:
        closing = list(opened)
        opened.clear()
    for item in closing:
        with contextlib.suppress(Exception):  # already closed, or its files already gone
            item.close()


@dataclass
class _Match:
    state: _State
    parsed: Any
    query: wq.Query
    filters: dict[str, list[str]]
    query_mask: np.ndarray
    scores: np.ndarray  # of every document (0 where the query does not match)
    facet_masks: dict[str, np.ndarray]
    final: np.ndarray
    translation: Translation | None = None


class _State:
    """One build of the index: a searcher per thread, and the arrays derived from it (shared,
    read-only). Replaced whole when the index changes.

    Whoosh searchers are not safe to share between threads (concurrent matchers corrupt each
    other's postings reads), so each server thread opens its own on first use.
    """

    def __init__(self, path: Path):
        self.build = Path(path).resolve()  # this build's folder (`index/current` is a symlink)
        self.ix = whoosh_index.open_dir(str(path))
        self._local = threading.local()
        self._opened: list[Any] = []  # searchers and readers, closed with the state (or when collected)
        self._opened_lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _close_all, self._opened, self._opened_lock)
        reader = self.searcher.reader()
        self.size = reader.doc_count_all()
        self.alive = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            self.alive[:] = False
            self.alive[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.dates = _dates(reader, self.size)
        # Its own reader: the ranker reads postings under its own lock, apart from any searcher.
        ranker_reader = self.ix.reader()
        with self._opened_lock:
            self._opened.append(ranker_reader)
        self.ranker = Ranker(ranker_reader, self.size, self.alive, BM25_K1, BM25_B)
        self._columns: dict[str, FacetColumns] = {}
        self._columns_lock = threading.Lock()
        self._story: StoryColumn | None = None
        self._similar = LRUCache(SIMILAR_CACHE)  # (docnum, top) → [(docnum, score)]
        self.vocabulary = IndexVocabulary(ranker_reader, self.ranker._reader_lock, self.ranker.postings)
        self._languages: set[str] | None = None
        self._coarse: coarse.CoarseTable | None = None
        self._coarse_lock = threading.Lock()

    def languages(self) -> set[str]:
        """The languages the archive holds articles in (what `xlang=auto` translates into)."""
        if self._languages is None:
            column = self.columns("lang")
            counts = column.count(self.alive)
            self._languages = {term for term, n in zip(column.terms, counts, strict=True) if n}
        return self._languages

    def coarse_table(self) -> coarse.CoarseTable | None:
        """The coarse (root-like) classes of this build's Arabic terms, built on first use (None: off)."""
        if coarse.COARSE_WEIGHT <= 0:
            return None
        with self._coarse_lock:
            if self._coarse is None:
                self._coarse = coarse.CoarseTable.load(self.build / coarse.TABLE_FILE)
                if self._coarse is None:  # an index built before the table was saved with it
                    reader, lock = self.ranker._reader, self.ranker._reader_lock
                    self._coarse = coarse.CoarseTable.from_reader(reader, lock)
            return self._coarse

    def translation(self, parsed: Any, mode: str, removed: list[str]) -> Translation | None:
        """The query's translation for this archive, or None when none applies."""
        words = translatable_words(parsed)
        targets = targets_for(words, mode, self.languages())
        if not targets:
            return None
        return translate(words, self.vocabulary, targets, set(removed))

    @property
    def searcher(self) -> Any:
        found = getattr(self._local, "searcher", None)
        if found is None:
            found = self.ix.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1))
            self._local.searcher = found
            with self._opened_lock:
                self._opened.append(found)
        return found

    def close(self) -> None:
        self._finalizer()

    def columns(self, name: str) -> FacetColumns:
        with self._columns_lock:
            if name not in self._columns:
                label_field = "outlet" if name == "source" else None
                self._columns[name] = FacetColumns.build(self.searcher.reader(), name, self.size, label_field)
            return self._columns[name]

    def story_column(self) -> StoryColumn:
        """Story number and size of every document (built once per index build, like the facets)."""
        columns = self.columns("story")
        self.columns("lang")
        with self._columns_lock:
            if self._story is None:
                self._story = StoryColumn.build(columns, self.size, self._columns.get("lang"), self.dates)
            return self._story

    def similar_docs(self, docnum: int, top: int) -> list[tuple[int, float]]:
        """(document, score) of the articles most like one; computed once per article and build."""
        found: list[tuple[int, float]] | None = self._similar.get((docnum, top))
        if found is not None:
            return found
        key_terms = similar_terms(self.searcher, docnum)
        found = []
        if key_terms:
            q = wq.Or([wq.Term("body", word, boost=weight) for word, weight in key_terms])
            mask, scores = self.ranker.evaluate(q, self.searcher)
            mask[docnum] = False
            found = list(zip(*self.ranker.top(mask, scores, 0, top), strict=True))
        self._similar.put((docnum, top), found)
        return found

    def doc_facets(self, stored: dict[str, Any]) -> dict[str, list[FacetValue]]:
        out: dict[str, list[FacetValue]] = {}
        for name in SHOWN_FACETS:
            raw = stored.get(name)
            if not raw:
                continue
            label_source = stored.get("outlet") if name == "source" else None
            out[name] = [
                FacetValue(v, *facet_labels(name, v, label_source), count=0) for v in str(raw).split(",") if v
            ]
        return out

    def export_row(self, docnum: int, score: float) -> dict[str, Any]:
        stored = self.searcher.stored_fields(docnum)
        published: datetime | None = stored.get("published")
        body = stored.get("body", "")
        return {
            "id": stored["id"],
            "title": stored.get("title", "") or display_title(body),
            "date": published.isoformat() if published else None,
            "year": stored.get("year"),
            "outlet": stored.get("outlet"),
            "author": stored.get("author"),
            "url": stored.get("url"),
            "lang": stored.get("lang"),
            "city": stored.get("city", ""),
            "country": stored.get("country", ""),
            "agency": stored.get("agency", ""),
            "wire": stored.get("wire", ""),
            "years_mentioned": stored.get("years_mentioned", ""),
            "score": round(score, 4),
            "lead": display_title(body, 300),
            "story": stored.get("story"),
            "story_size": self.story_column().size_of(docnum),
        }

    def hit(
        self,
        docnum: int,
        score: float,
        terms: set[str],
        wanted: set[tuple[str, str]] | None = None,
    ) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        body = stored.get("body", "")
        title = stored.get("title", "") or display_title(body)
        found = snippet(body, terms, stored.get("lang")) if terms else []
        published: datetime | None = stored.get("published")
        return Hit(
            id=stored["id"],
            title=title,
            score=score,
            snippet=found or lead(body),
            title_segments=mark_all(title, terms, stored.get("lang")),
            lang=stored.get("lang", ""),
            date=published.isoformat() if published else None,
            year=stored.get("year"),
            outlet=stored.get("outlet"),
            author=stored.get("author"),
            url=stored.get("url"),
            facets=self.doc_facets(stored),
            why=_why(stored, wanted or set()),
            story=stored.get("story"),
            story_size=self.story_column().size_of(docnum),
        )
