"""Web archives (.warc, .warc.gz from Webrecorder, ArchiveBox, Heritrix…), via warcio.

    >>> pages = list(read_warc(Path("crawl.warc.gz"), "crawl.warc.gz", ReadReport()))
    >>> pages[0].fields["target_uri"], pages[0].fields["captured"]

Each HTML response (or resource) record is a web page, read as `search.read.html` reads a saved
page; its target URI and capture date are kept (`target_uri`, `captured`; `url` is the page's
canonical URL, else the target URI). Records are numbered from 1 in file order, counting every
record; a truncated or damaged record ends the file with a report, the pages before it kept.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from .base import Problem, RawArticle, ReadReport
from .html import MAX_PAGE_BYTES, page_article

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.IGNORECASE)


def _gzip_complete(path: Path) -> bool:
    """warcio stops quietly at a cut gzip member; reading the file to its end tells whether it is whole."""
    try:
        with gzip.open(path, "rb") as f:
            while f.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True


def read_warc(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    """Every HTML page captured in a WARC file, as an article."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = open(path, "rb")  # closed in the finally below, once the generator is done
    except OSError as exc:
        report.skip(rel, f"cannot read: {exc.strerror or exc}")
        return
    number = 0
    pages = 0
    try:
        records = ArchiveIterator(stream)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            number += 1
            if record.rec_type not in ("response", "resource"):
                continue
            if record.rec_type == "response" and record.http_headers is not None:
                content_type = record.http_headers.get_header("Content-Type") or ""
                status = record.http_headers.get_statuscode() or "200"
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
                status = "200"
            if not content_type.lower().startswith(_HTML_TYPES) or not status.startswith("2"):
                continue
            target = record.rec_headers.get_header("WARC-Target-URI") or ""
            captured = record.rec_headers.get_header("WARC-Date") or ""
            body = record.content_stream().read(MAX_PAGE_BYTES + 1)
            if len(body) > MAX_PAGE_BYTES:
                report.skip(rel, f"page larger than {MAX_PAGE_BYTES} bytes", number)
                continue
            if getattr(record.raw_stream, "limit", 0):  # the file ended inside this record
                report.repaired.append(Problem(rel, number, "truncated record: the part present is indexed"))
            extra = {"target_uri": target, "captured": captured}
            http_charset = _CHARSET_RE.search(content_type)
            raw = page_article(
                body,
                rel,
                report,
                record_id=f"{rel}#{number}",
                line=number,
                url=target or None,
                extra=extra,
                raw_format="warc",
                charset=http_charset.group(1) if http_charset else None,
            )
            if raw is not None:
                pages += 1
                yield raw
        if path.name.lower().endswith(".gz") and not _gzip_complete(path):
            report.skip(rel, f"truncated or damaged gzip: records after record {number} are lost", number + 1)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as exc:
        report.skip(rel, f"damaged or truncated WARC after record {number}: {exc}"[:300], number + 1)
    finally:
        stream.close()
    if number and not pages:
        report.skip(rel, f"no HTML page among {number} records")
