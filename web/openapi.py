"""The OpenAPI 3 document of /api/v1, generated from the app's routes and the declared parameters.

    >>> openapi_document(app)["paths"].keys()

Every API route must have an entry in OPERATIONS; a route without one makes the document fail to
build (and the tests fail), so the document can never silently miss a route.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from search import __version__

from .api import EXPORT_PARAMS, FACETS_PARAMS, FEED_PARAMS, QUERY_PARAM, SEARCH_PARAMS, Param

NULLABLE_STRING = {"type": "string", "nullable": True}
FACET_VALUE = {
    "type": "object",
    "required": ["id", "label_en", "label_ar", "count", "selected"],
    "properties": {
        "id": {"type": "string"},
        "label_en": {"type": "string"},
        "label_ar": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "selected": {"type": "boolean"},
    },
}
FACETS = {"type": "object", "additionalProperties": {"type": "array", "items": FACET_VALUE}}
HIT = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "title_html": {"type": "string"},
        "snippet": {"type": "string"},
        "snippet_html": {"type": "string", "description": "escaped HTML; query words in <mark>"},
        "score": {"type": "number"},
        "lang": {"type": "string"},
        "date": NULLABLE_STRING,
        "year": NULLABLE_STRING,
        "outlet": NULLABLE_STRING,
        "author": NULLABLE_STRING,
        "url": NULLABLE_STRING,
        "facets": FACETS,
        "why": {
            "type": "array",
            "description": "why the article matched: entities of the query it names (`facet`, `id`, "
            "`surfaces`), and translated query words it holds (`translation`, `forms`, `origins`)",
            "items": {"type": "object"},
        },
        "story": {"type": "string", "nullable": True, "description": "same-story id; filter with story="},
        "story_size": {"type": "integer", "minimum": 1, "description": "articles in the story"},
        "snippet_segments": {"type": "array", "items": {"type": "array"}},
        "title_segments": {"type": "array", "items": {"type": "array"}},
    },
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "parameter": {"type": "string"},
            },
        }
    },
}
ALTERNATIVE = {
    "type": "object",
    "required": ["form", "terms", "origin", "weight"],
    "properties": {
        "form": {"type": "string", "description": "the translation as written"},
        "terms": {"type": "array", "items": {"type": "string"}},
        "origin": {
            "type": "string",
            "enum": ["gazetteer", "news", "freedict", "freedict-reverse", "transliteration"],
        },
        "weight": {"type": "number", "minimum": 0, "maximum": 1},
    },
}
TRANSLATION = {
    "type": "object",
    "nullable": True,
    "description": "what the query was also searched as (null: no translation applied)",
    "properties": {
        "concepts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["source", "target", "alternatives"],
                "properties": {
                    "source": {"type": "string"},
                    "target": {"type": "string", "enum": ["ar", "en"]},
                    "alternatives": {"type": "array", "items": ALTERNATIVE},
                },
            },
        },
        "untranslated": {"type": "array", "items": {"type": "string"}},
        "removed": {"type": "array", "items": {"type": "string"}},
    },
}
TIMELINE = {
    "type": "object",
    "nullable": True,
    "description": "the whole result set over publication time; bucket unit chosen from the span",
    "required": ["unit", "buckets", "undated"],
    "properties": {
        "unit": {"type": "string", "enum": ["", "day", "week", "month", "year"]},
        "buckets": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end", "count"],
                "properties": {
                    "start": {"type": "string", "format": "date", "description": "first day"},
                    "end": {"type": "string", "format": "date", "description": "last day, included"},
                    "count": {"type": "integer", "minimum": 0},
                },
            },
        },
        "undated": {"type": "integer", "minimum": 0, "description": "matching articles without a date"},
    },
}
SEARCH_RESPONSE = {
    "type": "object",
    "required": ["query", "total", "page", "per_page", "pages", "hits", "facets", "timing", "links"],
    "properties": {
        "query": {"type": "string"},
        "filters": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "sort": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "groups": {"type": "integer", "nullable": True, "description": "with collapse: lines shown"},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "hits": {"type": "array", "items": HIT},
        "facets": FACETS,
        "timeline": TIMELINE,
        "from": NULLABLE_STRING,
        "to": NULLABLE_STRING,
        "timing": {"type": "object", "properties": {"took_ms": {"type": "number"}}},
        "notes": {"type": "array", "items": {"type": "string"}},
        "xlang": {"type": "string", "enum": ["auto", "on", "off"]},
        "translation": TRANSLATION,
        "links": {
            "type": "object",
            "properties": {"self": {"type": "string"}, "next": NULLABLE_STRING, "previous": NULLABLE_STRING},
        },
    },
}
FACETS_RESPONSE = {
    "type": "object",
    "required": ["query", "total", "facets"],
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer"},
        "facets": FACETS,
        "filters": {"type": "object"},
        "timing": {"type": "object"},
    },
}
ARTICLE = {
    "type": "object",
    "required": ["id", "title", "body", "facets", "similar"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "body": {"type": "string"},
        "lang": NULLABLE_STRING,
        "date": NULLABLE_STRING,
        "year": NULLABLE_STRING,
        "outlet": NULLABLE_STRING,
        "author": NULLABLE_STRING,
        "url": NULLABLE_STRING,
        "dateline": {"type": "object", "nullable": True},
        "source_path": {"type": "string", "nullable": True, "description": "the file it was read from"},
        "source_record": {
            "type": "integer",
            "nullable": True,
            "description": "the record, row or item number inside that file (none for a one-article file)",
        },
        "provenance": {
            "type": "object",
            "description": "origin beyond the file: a web archive's `target_uri` and `captured`, a feed "
            "item's `body_is_summary`",
        },
        "mentions": {"type": "array", "items": {"type": "object"}},
        "facets": FACETS,
        "similar": {"type": "array", "items": {"type": "object"}},
    },
}
HEALTH = {
    "type": "object",
    "required": ["status", "version", "documents"],
    "properties": {
        "status": {"type": "string"},
        "version": {"type": "string"},
        "documents": {"type": "integer", "minimum": 0},
        "built_at": NULLABLE_STRING,
        "corpus": NULLABLE_STRING,
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _json(ERROR, "a parameter is invalid; the body says which and why"),
    "503": _json(ERROR, "no index has been built yet"),
}

# endpoint → (path template, summary, parameters, success response)
OPERATIONS: dict[str, tuple[str, str, tuple[Param, ...], dict[str, Any]]] = {
    "api.search": (
        "/api/v1/search",
        "Search: hits of one page, total, facet counts over the whole result set",
        SEARCH_PARAMS,
        _json(SEARCH_RESPONSE, "one page of results"),
    ),
    "api.search_atom": (
        "/api/v1/search.atom",
        "The newest articles matching a search, as an Atom feed (stable entry ids; updated at each build)",
        FEED_PARAMS,
        {"description": "Atom 1.0", "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
    ),
    "api.facets": (
        "/api/v1/facets",
        "Facet value counts for a query, without hits",
        FACETS_PARAMS,
        _json(FACETS_RESPONSE, "facet counts"),
    ),
    "api.article": (
        "/api/v1/articles/{article_id}",
        "One article: full text, metadata, facets, similar articles",
        (QUERY_PARAM,),
        _json(ARTICLE, "the article"),
    ),
    "api.health": ("/api/v1/health", "Index size, last build time, version", (), _json(HEALTH, "status")),
    "api.export_csv": (
        "/api/v1/export.csv",
        "Every result of a query as CSV (UTF-8 with BOM), streamed",
        EXPORT_PARAMS,
        {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
    ),
    "api.export_jsonl": (
        "/api/v1/export.jsonl",
        "Every result of a query as JSON Lines, streamed",
        EXPORT_PARAMS,
        {"description": "JSON Lines", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
    ),
    "api.openapi": (
        "/api/v1/openapi.json",
        "This document",
        (),
        _json({"type": "object"}, "the OpenAPI document"),
    ),
}


def _parameter(p: Param) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": p.type}
    for key, value in (
        ("default", p.default),
        ("minimum", p.minimum),
        ("maximum", p.maximum),
        ("maxLength", p.max_length),
        ("pattern", p.pattern),
    ):
        if value is not None:
            schema[key] = value
    if p.enum:
        schema["enum"] = list(p.enum)
    if p.repeatable:
        return {
            "name": p.name,
            "in": "query",
            "description": p.help,
            "required": False,
            "style": "form",
            "explode": True,
            "schema": {"type": "array", "items": schema, "maxItems": 20},
        }
    return {"name": p.name, "in": "query", "description": p.help, "required": False, "schema": schema}


def openapi_document(app: Flask) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        if rule.endpoint not in OPERATIONS:
            raise LookupError(f"API route {rule.rule} has no OpenAPI description")
        path, summary, params, success = OPERATIONS[rule.endpoint]
        parameters = [_parameter(p) for p in params]
        if "{article_id}" in path:
            parameters.insert(
                0,
                {
                    "name": "article_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 300},
                },
            )
        responses = {"200": success, **ERRORS}
        if "{article_id}" in path:
            responses["404"] = _json(ERROR, "no article with this id")
        paths[path] = {
            "get": {
                "operationId": rule.endpoint.replace("api.", ""),
                "summary": summary,
                "parameters": parameters,
                "responses": responses,
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Mirsad search API",
            "version": __version__,
            "description": "Bilingual Arabic–English news search. Limits: q ≤ 1000 characters, "
            "per_page ≤ 100, page ≤ 10000; exports stream every result.",
        },
        "paths": dict(sorted(paths.items())),
    }
