"""Atom feed twins of searches: subscribe to a query in any feed reader.

    GET /search.atom?q=…&city=nador          (the page's twin, linked from the page)
    GET /api/v1/search.atom?q=…              (the same in the API)

    >>> atom_document(ix, SearchRequest("خلية", sort="newest"), "http://localhost:8000/", "ar")

The newest matching articles (one page, `per_page` of them). Entry ids are tag: URIs of the article
id, so they stay the same across index builds; the feed's `updated` is the time of the last index
build (a feed reader polls and sees new entries after each build). Everything is written through
ElementTree, which escapes it; characters XML cannot carry at all (C0 controls) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from search import Index, SearchRequest, __version__

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_MIMETYPE = "application/atom+xml"
TAG_AUTHORITY = "mirsad.local,2025"  # the tag: URI authority of every entry and feed id
FEED_SIZE = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def entry_id(article_id: str) -> str:
    """The stable Atom id of an article: `tag:mirsad.local,2025:article/hs-1`."""
    return f"tag:{TAG_AUTHORITY}:article/{quote(article_id, safe='/:@')}"


def _rfc3339(value: str | None, fallback: str) -> str:
    """An ISO date as Atom wants it, with a zone (the archive's dates are naive: read as UTC)."""
    if not value:
        return fallback
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def feed_args(req: SearchRequest) -> list[tuple[str, str]]:
    """The parameters that define the search of a feed (its id, its links); no page, no sort."""
    args = [("q", req.query)] if req.query else []
    args += [(name, value) for name, values in sorted(req.filters.items()) for value in values]
    args += [(k, v) for k, v in (("from", req.date_from), ("to", req.date_to)) if v]
    return args


def atom_document(ix: Index, req: SearchRequest, base_url: str, lang: str, title: str) -> bytes:
    """The Atom XML of a search's newest matching articles."""
    req.sort, req.page, req.facets, req.timeline = "newest", 1, False, False
    result = ix.run(req)
    built = _rfc3339(ix.manifest.get("built_at"), datetime.now(UTC).isoformat(timespec="seconds"))
    base = base_url.rstrip("/")
    args = feed_args(req)
    query = urlencode(args)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": lang})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: _text(v) for k, v in attrs.items()})
        if text is not None:
            element.text = _text(text)
        return element

    add(feed, "id", f"tag:{TAG_AUTHORITY}:search?{query}")
    add(feed, "title", f"{title}: {req.query}" if req.query else title)
    add(feed, "subtitle", " ".join(f"{k}={v}" for k, v in args) or None)
    add(feed, "updated", built)
    add(feed, "generator", "Mirsad", version=__version__)
    add(add(feed, "author"), "name", "Mirsad")
    add(feed, "link", rel="self", type="application/atom+xml", href=f"{base}/search.atom?{query}")
    add(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=f"{base}/search?{urlencode([*args, ('sort', 'newest')])}",
    )
    for hit in result.hits:
        entry = add(feed, "entry")
        add(entry, "id", entry_id(hit.id))
        add(entry, "title", hit.title)
        add(entry, "updated", _rfc3339(hit.date, built))
        if hit.date:
            add(entry, "published", _rfc3339(hit.date, built))
        add(add(entry, "author"), "name", hit.author or hit.outlet or "Mirsad")
        add(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=f"{base}/article/{quote(hit.id, safe='/:')}",
        )
        if hit.url:
            add(entry, "link", rel="related", href=hit.url)
        add(entry, "summary", hit.snippet_text)
        for name in ("city", "agency"):
            for value in hit.facets.get(name, []):
                add(
                    entry,
                    "category",
                    term=value.id,
                    scheme=f"tag:{TAG_AUTHORITY}:{name}",
                    label=value.label(lang),
                )
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        feed, encoding="utf-8", xml_declaration=False
    )
