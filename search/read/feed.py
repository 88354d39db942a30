"""RSS and Atom feeds (.rss, .atom, .xml that is a feed), via feedparser: one article per item.

    >>> items = list(read_feed(Path("news.rss"), "news.rss", ReadReport()))
    >>> items[0].fields["title"], items[0].fields["url"], items[0].fields["body_is_summary"]

An item's text is its full content (`content:encoded`, Atom `<content>`) when the feed has it, else
its summary; `fields["body_is_summary"]` says which. A feed with broken XML is read as far as
feedparser's lenient parser gets, and the damage is reported.
"""

from __future__ import annotations

import email.utils
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .base import Problem, RawArticle, ReadReport, plausible_lang
from .decode import read_bounded
from .html import fragment_text

MAX_FEED_BYTES = 200 * 1024 * 1024


def _date_iso(entry: Any) -> str | None:
    """The item's date as the feed wrote it (its own time zone kept: the local day is the news day)."""
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if not value:
            continue
        try:
            return email.utils.parsedate_to_datetime(value).isoformat()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()  # Atom
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:6]).isoformat()
    return None


def _lang(value: Any) -> str | None:
    if isinstance(value, str) and len(value.strip()) >= 2 and value.strip()[:2].isalpha():
        return value.strip()[:2].lower()
    return None


def read_feed(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    """Every item of a feed file with a text, in feed order; items are numbered from 1."""
    import feedparser  # imported here: searching never needs it

    data = read_bounded(path, rel, report, MAX_FEED_BYTES, "feed")
    if data is None:
        return
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        report.skip(rel, f"not a readable feed: {parsed.get('bozo_exception')}")
        return
    if parsed.get("bozo"):
        damage = parsed.get("bozo_exception")
        report.repaired.append(
            Problem(rel, None, f"damaged feed XML ({damage}); the items before it are kept")
        )
    channel = parsed.get("feed", {})
    outlet = channel.get("title")
    feed_lang = _lang(channel.get("language"))
    if parsed.get("encoding"):
        report.encodings[parsed["encoding"]] = report.encodings.get(parsed["encoding"], 0) + 1
    for number, entry in enumerate(parsed.entries, start=1):
        contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
        summary_only = not contents
        detail = contents[0] if contents else entry.get("summary_detail") or {}
        html = detail.get("value") or entry.get("summary") or ""
        text = fragment_text(html) if html else ""
        if not text.strip():
            report.skip(rel, "feed item has no content or summary", number)
            continue
        fields = {
            "title": entry.get("title"),
            "date_iso": _date_iso(entry),
            "author": entry.get("author"),
            "url": entry.get("link"),
            "outlet": outlet,
            "lang": _lang(detail.get("language")) or _lang(entry.get("language")) or feed_lang,
            "body_is_summary": summary_only,
        }
        fields["lang"] = plausible_lang(fields["lang"], text)
        fields = {k: v for k, v in fields.items() if v not in (None, "")}
        guid = entry.get("id")
        report.records += 1
        yield RawArticle(
            record_id=str(guid).strip() if guid and str(guid).strip() else f"{rel}#{number}",
            source_path=rel,
            text=text,
            fields=fields,
            line=number,
            raw_format="feed",
        )
