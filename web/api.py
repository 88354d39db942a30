"""The versioned JSON API under /api/v1. Parameters are declared once (PARAMS) and both validate
requests and generate the OpenAPI document, so the two cannot drift apart.

    GET /api/v1/search?q=…&city=nador&year=2020&sort=newest&page=2&per_page=50
    GET /api/v1/articles/<id>      GET /api/v1/facets?q=…      GET /api/v1/health
    GET /api/v1/export.csv?q=…     GET /api/v1/export.jsonl?q=…
    GET /api/v1/openapi.json
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context

from search import BadRequest, IndexNotFound, SearchRequest, __version__
from search.export import csv_cells
from search.schema import FACET_FIELDS
from search.searcher import EXPORT_FIELDS, MAX_PAGE, MAX_PER_PAGE, SORTS
from search.translate import XLANG_MODES

from .pages import get_index

api = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_QUERY_CHARS = 1000
HIT_FIELDS = (
    "id",
    "title",
    "title_html",
    "snippet",
    "snippet_html",
    "score",
    "lang",
    "date",
    "year",
    "outlet",
    "author",
    "url",
    "facets",
    "why",
    "story",
    "story_size",
    "snippet_segments",
    "title_segments",
)
_YEAR_VALUE = re.compile(r"^(\d{4}|unknown)$")


@dataclass(frozen=True)
class Param:
    """One query parameter: its type, limits and help, for validation and for the OpenAPI document."""

    name: str
    type: str  # "string", "integer", "boolean"
    help: str
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[str, ...] | None = None
    max_length: int | None = None
    repeatable: bool = False
    pattern: str | None = None


FILTER_PARAMS = tuple(
    Param(
        name,
        "string",
        f"filter by {name.replace('_', ' ')}: an id or any alias; repeat for several (OR)",
        repeatable=True,
        max_length=100,
        pattern=_YEAR_VALUE.pattern if name in ("year", "years_mentioned") else None,
    )
    for name in FACET_FIELDS
)
QUERY_PARAM = Param(
    "q",
    "string",
    'the query, in Mirsad\'s syntax (words, "phrases", -exclude, OR, field:value)',
    default="",
    max_length=MAX_QUERY_CHARS,
)
DATE_PATTERN = r"^[1-9]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
DATE_PARAMS = tuple(
    Param(name, "string", help, max_length=10, pattern=DATE_PATTERN)
    for name, help in (
        ("from", "published on or after this day: YYYY, YYYY-MM (its first day) or YYYY-MM-DD"),
        ("to", "published on or before this day: YYYY, YYYY-MM (its last day) or YYYY-MM-DD"),
    )
)
# Not "lang": that is the article-language filter.
LABELS_PARAM = Param(
    "labels", "string", "language of each facet value's `label`", default="en", enum=("ar", "en")
)
XLANG_PARAMS = (
    Param(
        "xlang",
        "string",
        "cross-language search: auto (translate when the archive holds articles in the query's other "
        "language), on, off",
        default="auto",
        enum=XLANG_MODES,
    ),
    Param(
        "xlang_drop",
        "string",
        "a translation (as shown in `translation`) to leave out; repeat for several",
        repeatable=True,
        max_length=100,
    ),
)
SEARCH_PARAMS = (
    QUERY_PARAM,
    *FILTER_PARAMS,
    *XLANG_PARAMS,
    *DATE_PARAMS,
    Param("sort", "string", "result order", default="relevance", enum=SORTS),
    Param("page", "integer", "page number, from 1", default=1, minimum=1, maximum=MAX_PAGE),
    Param("per_page", "integer", "hits per page", default=20, minimum=1, maximum=MAX_PER_PAGE),
    Param("highlight", "boolean", "mark the query words in snippets and titles", default=True),
    Param(
        "collapse",
        "boolean",
        "one hit per story, language and publication day (its best-ranked article); `groups` counts them",
        default=False,
    ),
    Param(
        "fields",
        "string",
        "comma-separated hit fields to return (default: all): " + ", ".join(HIT_FIELDS),
        max_length=300,
        pattern=rf"^({'|'.join(HIT_FIELDS)})(,({'|'.join(HIT_FIELDS)}))*$",
    ),
    LABELS_PARAM,
)
FACETS_PARAMS = (QUERY_PARAM, *FILTER_PARAMS, *DATE_PARAMS, *XLANG_PARAMS, LABELS_PARAM)
FEED_PARAMS = (
    QUERY_PARAM,
    *FILTER_PARAMS,
    *DATE_PARAMS,
    *XLANG_PARAMS,
    Param(
        "per_page", "integer", "entries in the feed (the newest)", default=50, minimum=1, maximum=MAX_PER_PAGE
    ),
    LABELS_PARAM,
)
EXPORT_PARAMS = (
    QUERY_PARAM,
    *FILTER_PARAMS,
    *DATE_PARAMS,
    *XLANG_PARAMS,
    Param("sort", "string", "result order", default="relevance", enum=SORTS),
)


class ApiError(Exception):
    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter


def parse_params(params: tuple[Param, ...]) -> dict[str, Any]:
    """Validate the request's query string against the declared parameters."""
    known = {p.name: p for p in params}
    for name in request.args:
        if name not in known:
            raise ApiError(400, f"unknown parameter {name[:40]!r}; accepted: {', '.join(known)}", name[:40])
    out: dict[str, Any] = {}
    for p in params:
        raw_values = request.args.getlist(p.name)
        if not raw_values:
            out[p.name] = [] if p.repeatable else p.default
            continue
        if len(raw_values) > 1 and not p.repeatable:
            raise ApiError(400, f"{p.name} may be given once", p.name)
        values = [_convert(p, raw) for raw in raw_values]
        out[p.name] = values if p.repeatable else values[0]
    return out


def _convert(p: Param, raw: str) -> Any:
    if p.max_length is not None and len(raw) > p.max_length:
        raise ApiError(400, f"{p.name} is longer than {p.max_length} characters", p.name)
    if p.type == "integer":
        try:
            value: Any = int(raw)
        except ValueError:
            raise ApiError(400, f"{p.name} must be a whole number, not {raw[:40]!r}", p.name) from None
        if (p.minimum is not None and value < p.minimum) or (p.maximum is not None and value > p.maximum):
            raise ApiError(400, f"{p.name} must be between {p.minimum} and {p.maximum}", p.name)
        return value
    if p.type == "boolean":
        if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
            raise ApiError(400, f"{p.name} must be true or false", p.name)
        return raw.lower() in ("true", "1", "yes")
    if p.enum is not None and raw not in p.enum:
        raise ApiError(400, f"{p.name} must be one of {', '.join(p.enum)}", p.name)
    if p.pattern is not None and not re.fullmatch(p.pattern, raw):
        expected = "a four-digit year or 'unknown'" if p.name in FACET_FIELDS else f"of the form {p.pattern}"
        if p.pattern == DATE_PATTERN:
            expected = "a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2020-09-15)"
        raise ApiError(400, f"{p.name} must be {expected}, not {raw[:40]!r}", p.name)
    return raw


def _request(values: dict[str, Any], page: int = 1, per_page: int = 20) -> SearchRequest:
    filters = {name: values[name] for name in FACET_FIELDS if values.get(name)}
    return SearchRequest(
        query=values.get("q") or "",
        filters=filters,
        sort=values.get("sort") or "relevance",
        page=values.get("page") or page,
        per_page=values.get("per_page") or per_page,
        highlight=values.get("highlight", True) is not False,
        facets=True,
        xlang=values.get("xlang") or "auto",
        xlang_removed=values.get("xlang_drop") or [],
        date_from=values.get("from") or "",
        date_to=values.get("to") or "",
        collapse=values.get("collapse") is True,
    )


def _labelled(facets: dict[str, list[dict[str, Any]]], lang: str) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [{**v, "label": v["label_ar"] if lang == "ar" else v["label_en"]} for v in values]
        for name, values in facets.items()
    }


def _link(values: dict[str, Any], page: int) -> str:
    args = [(p.name, v) for p in SEARCH_PARAMS if p.name != "page" for v in _as_list(values.get(p.name))]
    args = [(k, str(v).lower() if isinstance(v, bool) else str(v)) for k, v in args if v not in ("", None)]
    return f"{request.path}?{urlencode([*args, ('page', str(page))])}"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@api.errorhandler(ApiError)
def api_error(exc: ApiError) -> Response:
    body: dict[str, Any] = {"status": exc.status, "message": exc.message}
    if exc.parameter:
        body["parameter"] = exc.parameter
    response = jsonify({"error": body})
    response.status_code = exc.status
    return response


def _index() -> Any:
    try:
        return get_index()
    except IndexNotFound as exc:
        raise ApiError(503, f"no index is built yet: {exc}") from None


@api.route("/search")
def search() -> Response:
    values = parse_params(SEARCH_PARAMS)
    ix = _index()
    try:
        result = ix.run(_request(values))
    except BadRequest as exc:
        raise ApiError(400, str(exc), exc.parameter) from None
    data = result.to_dict()
    fields = [f.strip() for f in (values.get("fields") or "").split(",") if f.strip()]
    unknown = [f for f in fields if f not in HIT_FIELDS]
    if unknown:
        raise ApiError(
            400, f"unknown field {unknown[0][:40]!r}; available: {', '.join(HIT_FIELDS)}", "fields"
        )
    hits = [{k: h[k] for k in (fields or HIT_FIELDS)} for h in data["hits"]]
    page, pages = data["page"], data["pages"]
    return jsonify(
        {
            "query": data["query"],
            "filters": data["filters"],
            "sort": data["sort"],
            "total": data["total"],
            "groups": data["groups"],
            "page": page,
            "per_page": data["per_page"],
            "pages": pages,
            "hits": hits,
            "facets": _labelled(data["facets"], values["labels"]),
            "timeline": data["timeline"],
            "from": data["from"],
            "to": data["to"],
            "timing": {"took_ms": data["took_ms"]},
            "notes": data["notes"],
            "xlang": data["xlang"],
            "translation": data["translation"],
            "links": {
                "self": _link(values, page),
                "next": _link(values, page + 1) if page < pages else None,
                "previous": _link(values, page - 1) if page > 1 else None,
            },
        }
    )


@api.route("/search.atom")
def search_atom() -> Response:
    """The newest matching articles as an Atom feed (web/feeds.py)."""
    from .feeds import ATOM_MIMETYPE, atom_document

    values = parse_params(FEED_PARAMS)
    ix = _index()
    try:
        req = _request(values, per_page=values.get("per_page") or 50)
        body = atom_document(ix, req.validate(), request.host_url, values["labels"], "Mirsad search")
    except BadRequest as exc:
        raise ApiError(400, str(exc), exc.parameter) from None
    return Response(body, mimetype=ATOM_MIMETYPE)


@api.route("/facets")
def facets() -> Response:
    values = parse_params(FACETS_PARAMS)
    ix = _index()
    try:
        result = ix.run(_request(values, per_page=1))
    except BadRequest as exc:
        raise ApiError(400, str(exc), exc.parameter) from None
    data = result.to_dict()
    return jsonify(
        {
            "query": data["query"],
            "filters": data["filters"],
            "total": data["total"],
            "facets": _labelled(data["facets"], values["labels"]),
            "timing": {"took_ms": data["took_ms"]},
        }
    )


@api.route("/articles/<path:article_id>")
def article(article_id: str) -> Response:
    parse_params((Param("q", "string", "query words to highlight", default="", max_length=MAX_QUERY_CHARS),))
    ix = _index()
    found = ix.article(article_id, request.args.get("q", ""))
    if found is None:
        raise ApiError(404, f"no article with id {article_id[:100]!r}")
    facets = {name: [v.to_dict() for v in values] for name, values in found["facets"].items()}
    keys = (
        "id",
        "title",
        "lang",
        "date",
        "year",
        "outlet",
        "author",
        "url",
        "dateline",
        "mentions",
        "body",
        "source_path",
        "source_record",
        "provenance",
    )
    data = {key: found[key] for key in keys}
    data["facets"] = facets
    data["similar"] = [{"id": h.id, "title": h.title, "date": h.date} for h in ix.similar(article_id)]
    return jsonify(data)


@api.route("/health")
def health() -> Response:
    parse_params(())
    try:
        ix = get_index()
    except IndexNotFound:
        return jsonify(
            {"status": "no index", "version": __version__, "documents": 0, "built_at": None, "corpus": None}
        )
    manifest = ix.manifest
    return jsonify(
        {
            "status": "ok",
            "version": __version__,
            "documents": ix.doc_count,
            "built_at": manifest.get("built_at"),
            "corpus": manifest.get("corpus"),
        }
    )


def _export_rows() -> Iterator[dict[str, Any]]:
    values = parse_params(EXPORT_PARAMS)
    ix = _index()
    try:
        req = _request(values).validate()
    except BadRequest as exc:
        raise ApiError(400, str(exc), exc.parameter) from None
    return ix.iter_results(req)


@api.route("/export.csv")
def export_csv() -> Response:
    """The whole result set as CSV, streamed; UTF-8 with a BOM so spreadsheets read Arabic right."""
    rows = _export_rows()

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_FIELDS)
        yield "\ufeff" + buffer.getvalue()
        for row in rows:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(csv_cells(row, EXPORT_FIELDS))
            yield buffer.getvalue()

    return Response(
        stream_with_context(generate()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="mirsad-export.csv"'},
    )


@api.route("/export.jsonl")
def export_jsonl() -> Response:
    """The whole result set as JSON Lines, streamed."""
    rows = _export_rows()

    def generate() -> Iterator[str]:
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"

    return Response(
        stream_with_context(generate()),
        mimetype="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="mirsad-export.jsonl"'},
    )


@api.route("/openapi.json")
def openapi() -> Response:
    from .openapi import openapi_document

    parse_params(())
    return jsonify(openapi_document(current_app))
