"""Web pages (.html, .htm): the article's main text and its metadata, via trafilatura and htmldate.

    >>> raw = page_article(Path("page.html").read_bytes(), rel="page.html", report=ReadReport())
    >>> raw.fields["title"], raw.fields["date_iso"], raw.fields["outlet"]

The main text (no navigation, ads, comments or related links) comes from trafilatura. The metadata
prefers what the page says about itself — JSON-LD `NewsArticle`, `og:`/`article:` meta tags, the
canonical link, `<html lang>` — and falls back on trafilatura's and htmldate's guesses. The fields
have JSON Lines' names (title, date_iso, author, outlet, url, lang), so cleaning and indexing treat
a page like a JSONL record; the existing cleaning (entity residue, social lines, datelines) follows.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import DecodeError, Problem, RawArticle, ReadReport, plausible_lang
from .decode import decode_bytes, read_bounded

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a saved page larger than this is not one article
_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "webpage",
}
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_URL_RE = re.compile(r"^https?://", re.IGNORECASE)


# --- bytes to text -------------------------------------------------------------------------------


def decode_page(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """Decode a page: a BOM, else valid UTF-8, else the `<meta charset>` when the bytes fit it.

    A declared charset is often wrong (a page saved as UTF-8 still says windows-1256), so valid
    UTF-8 wins over the declaration; bytes that are not UTF-8 use the declared charset (`charset`,
    from an HTTP header in a WARC response, first, then `<meta>`), else the corpus's own detection
    (UTF-16, Windows-1256). Raises DecodeError for binary data.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET_RE.search(data[:4096])
    names = [charset] if charset else []  # the HTTP header's charset (a WARC response) comes first
    if declared:
        names.append(declared.group(1).decode("ascii", "replace"))
    for name in names:
        try:
            codec = codecs.lookup(name.strip().lower()).name
            if codec not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
                return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_bytes(data)


# --- the page's own metadata ---------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value"))
    if isinstance(value, list):
        names = [n for n in (_text(v) for v in value) if n]
        return "; ".join(dict.fromkeys(names)) or None
    return None


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _author_names(value: Any) -> str | None:
    """Author names from JSON-LD or meta tags; profile URLs (article:author) are not names."""
    names = _text(value)
    if not names:
        return None
    kept = [n.strip() for n in names.split(";") if n.strip() and not _URL_RE.match(n.strip())]
    return "; ".join(kept) or None


def page_metadata(tree: Any) -> dict[str, str]:
    """What the page says about itself: JSON-LD article first, then meta tags, canonical, lang."""
    found: dict[str, str] = {}

    def put(key: str, value: str | None) -> None:
        if value and key not in found:
            found[key] = value

    articles = [o for o in _json_ld_objects(tree) if _types(o) & _ARTICLE_TYPES]
    articles.sort(key=lambda o: "webpage" in _types(o))  # a NewsArticle before a WebPage
    for obj in articles:
        put("title", _text(obj.get("headline")))
        put("date_iso", _text(obj.get("datePublished")))
        put("author", _author_names(obj.get("author")))
        put("outlet", _text(obj.get("publisher")))
        put("lang", _text(obj.get("inLanguage")))
        url = obj.get("url") or obj.get("mainEntityOfPage")
        put("url", _text(url.get("@id") if isinstance(url, dict) else url))
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = meta.get("content") or ""
    put("title", _text(metas.get("og:title")))
    put("date_iso", _text(metas.get("article:published_time") or metas.get("datepublished")))
    put("author", _author_names(metas.get("author") or metas.get("article:author")))
    # <time>: the one marked as the publication date, else the first inside the <article>
    # (a <time> elsewhere may be today's date in the header or a related story's).
    for xpath in ('//time[@itemprop="datePublished"]/@datetime', "(//article//time[@datetime])[1]/@datetime"):
        put("date_iso", _text((tree.xpath(xpath) or [None])[0]))
    put("outlet", _text(metas.get("og:site_name")))
    for link in tree.xpath('//link[@rel="canonical"][@href]'):
        put("url", link.get("href").strip())
    put("url", _text(metas.get("og:url")))
    put("lang", (tree.xpath("/html/@lang") or [None])[0])
    if found.get("url") and not _URL_RE.match(found["url"]):
        del found["url"]
    lang = found.get("lang", "").strip()
    if lang:
        found["lang"] = lang.lower()[:2] if _LANG_RE.match(lang) else ""
        if not found["lang"]:
            del found["lang"]
    return found


_WORD_RE = re.compile(r"\w+")


def on_page_headline(tree: Any, meta_title: str | None) -> str | None:
    """The headline as the page shows it (its <h1>), when it is the same story as the metadata title.

    Metadata titles are often the SEO variant ("… in battling win over Tottenham", "Title | Site");
    the <h1> is what a reader saw. An <h1> that shares under half its words with the metadata
    title (a site logo, a section name) is not the headline.
    """
    if not meta_title:
        return None
    meta_words = set(_WORD_RE.findall(meta_title.lower()))
    best, best_share = None, 0.0
    for h1 in tree.xpath("//h1")[:5]:
        text = " ".join(h1.text_content().split())
        words = set(_WORD_RE.findall(text.lower()))
        if not words or len(text) > 300:
            continue
        share = len(words & meta_words) / len(words | meta_words)
        if share > best_share:
            best, best_share = text, share
    return best if best_share >= 0.5 else None


_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer tr table pre"
    " figcaption".split()
)


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content), one line per paragraph or block.

    `fragment_text("<p>أَعْلَنَت</p><p>Second</p>")` → "أَعْلَنَت\nSecond". Scripts and styles are dropped.
    """
    from lxml import etree
    from lxml import html as lxml_html

    if "<" not in fragment:
        return fragment
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError, etree.ParserError):
        return re.sub(r"<[^>]*>", " ", fragment)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- extraction ----------------------------------------------------------------------------------


def extract_page(html: str, url: str | None = None) -> tuple[str, dict[str, str]]:
    """The main text and the metadata of one page: `extract_page("<html>…")` → (text, fields)."""
    import trafilatura  # imported here: searching never needs it
    from lxml import html as lxml_html

    text = ""
    fields: dict[str, str] = {}
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
    )
    if document is not None:
        text = getattr(document, "text", None) or ""
        guessed = {
            "title": getattr(document, "title", None),
            "date_iso": getattr(document, "date", None),
            "author": getattr(document, "author", None),
            "outlet": getattr(document, "sitename", None),
            "url": getattr(document, "url", None),
            "lang": getattr(document, "language", None),
        }
    else:
        guessed = {}
    try:
        tree = lxml_html.document_fromstring(html)
        fields = page_metadata(tree)
        headline = on_page_headline(tree, fields.get("title") or guessed.get("title"))
        if headline:
            fields["title"] = headline
    except (ValueError, TypeError):  # lxml refuses empty or unparsable documents
        fields = {}
    outlet = guessed.get("outlet")
    if outlet and set(_WORD_RE.findall(outlet.lower())) <= set(
        _WORD_RE.findall((fields.get("title") or "").lower())
    ):
        del guessed["outlet"]  # trafilatura took the headline half of "Headline - Site" for the site
    for key, value in guessed.items():
        if value and key not in fields:
            fields[key] = " ".join(str(value).split())
    if guessed.get("author") and fields.get("author"):  # co-authors one source missed
        names = [n.strip() for n in f"{fields['author']};{guessed['author']}".split(";")]
        fields["author"] = "; ".join(dict.fromkeys(n for n in names if n))
    if url and "url" not in fields:
        fields["url"] = url
    return text, fields


def _without_repeated_title(text: str, title: str | None) -> str:
    """Drop the headline when the extractor kept it as the body's first line (it is the title)."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and _WORD_RE.findall(first.lower()) == _WORD_RE.findall(title.lower()):
        return rest
    return text


def page_article(
    data: bytes,
    rel: str,
    report: ReadReport,
    record_id: str | None = None,
    line: int | None = None,
    url: str | None = None,
    extra: dict[str, str] | None = None,
    raw_format: str = "html",
    charset: str | None = None,
) -> RawArticle | None:
    """One web page's bytes → a RawArticle (None, with the reason in the report, if no article)."""
    try:
        html, encoding = decode_page(data, charset)
    except DecodeError as exc:
        report.skip(rel, str(exc), line)
        return None
    if not html.strip():
        report.skip(rel, "empty page", line)
        return None
    text, fields = extract_page(html, url)
    if extra:
        fields.update({k: v for k, v in extra.items() if v})
    text = _without_repeated_title(text, fields.get("title"))
    if not plausible_lang(fields.get("lang"), text):
        fields.pop("lang", None)
    if not text.strip():
        report.skip(rel, "no article text found in the page", line)
        return None
    report.encodings[encoding] = report.encodings.get(encoding, 0) + 1
    if "replaced" in encoding:
        report.repaired.append(Problem(rel, line, "invalid bytes replaced by U+FFFD; the rest is indexed"))
    report.records += 1
    return RawArticle(
        record_id=record_id or rel.rsplit(".", 1)[0],
        source_path=rel,
        text=text,
        fields=fields,
        line=line,
        encoding=encoding,
        raw_format=raw_format,
    )


def read_html(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    """A saved web page: one article per file."""
    data = read_bounded(path, rel, report, MAX_PAGE_BYTES, "page")
    if data is None:
        return
    raw = page_article(data, rel, report)
    if raw is not None:
        yield raw


__all__ = ["decode_page", "extract_page", "page_article", "page_metadata", "read_html"]
