"""Read a corpus folder: text, JSON Lines, web pages, feeds, spreadsheets, web archives, documents.

    >>> report = ReadReport()
    >>> articles = list(iter_corpus("seeds", report))

One module per format (text, jsonl, html, feed, tabular, warc, documents for .docx and .pdf); this
package walks the folder and hands each file to its reader. Every problem (undecodable file, binary
file, malformed record, a file a library cannot parse) is recorded in the report with its path,
record number and reason, and reading goes on: one bad file never stops a run, and what was read
before it is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .base import (
    MAX_DECOMPRESSED_BYTES,
    MAX_LINE_BYTES,
    MAX_TEXT_FILE_BYTES,
    DecodeError,
    Problem,
    RawArticle,
    ReadReport,
)
from .decode import decode_bytes
from .jsonl import JSONL_FIELDS, read_jsonl
from .text import read_text
from .walk import corpus_base, corpus_files, file_fingerprint, file_format

__all__ = [
    "JSONL_FIELDS",
    "MAX_DECOMPRESSED_BYTES",
    "MAX_LINE_BYTES",
    "MAX_TEXT_FILE_BYTES",
    "DecodeError",
    "Problem",
    "RawArticle",
    "ReadOptions",
    "ReadReport",
    "corpus_base",
    "corpus_files",
    "decode_bytes",
    "file_fingerprint",
    "file_format",
    "iter_corpus",
]


@dataclass
class ReadOptions:
    """Choices a user makes about reading: `ReadOptions(columns={"text": "Body"})` for a CSV."""

    columns: dict[str, str] = field(default_factory=dict)  # Mirsad field → spreadsheet column name


Reader = Callable[[Path, str, ReadReport, ReadOptions], Iterator[RawArticle]]


def _reader(fmt: str) -> Reader:
    """The reader of a format; the libraries behind the new formats are imported on first use."""
    if fmt == "jsonl":
        return lambda path, rel, report, options: read_jsonl(path, rel, report)
    if fmt == "text":
        return lambda path, rel, report, options: read_text(path, rel, report)
    if fmt == "html":
        from .html import read_html

        return lambda path, rel, report, options: read_html(path, rel, report)
    if fmt == "feed":
        from .feed import read_feed

        return lambda path, rel, report, options: read_feed(path, rel, report)
    if fmt == "csv":
        from .tabular import read_table

        return lambda path, rel, report, options: read_table(path, rel, report, options.columns)
    if fmt == "warc":
        from .warc import read_warc

        return lambda path, rel, report, options: read_warc(path, rel, report)
    if fmt == "docx":
        from .documents import read_docx

        return lambda path, rel, report, options: read_docx(path, rel, report)
    if fmt == "pdf":
        from .documents import read_pdf

        return lambda path, rel, report, options: read_pdf(path, rel, report)
    raise ValueError(f"no reader for {fmt}")


def _guarded(
    reader: Reader, path: Path, rel: str, report: ReadReport, options: ReadOptions
) -> Iterator[RawArticle]:
    """Run a reader; an error a parsing library raises on hostile input is reported, never fatal."""
    try:
        yield from reader(path, rel, report, options)
    except Exception as exc:  # noqa: BLE001 — parsing libraries raise their own types on hostile input
        report.skip(rel, f"cannot read the rest of the file: {type(exc).__name__}: {exc}"[:300])


def iter_corpus(
    root: str | Path,
    report: ReadReport,
    only: set[str] | None = None,
    options: ReadOptions | None = None,
) -> Iterator[RawArticle]:
    """Every readable article under root (a folder, or one file), in a stable order.

    `only`: relative paths of the files to read (an update reads the changed files only).
    """
    root = Path(root)
    options = options or ReadOptions()
    if not root.exists():
        report.skip(str(root), "corpus path does not exist")
        return
    base = corpus_base(root)
    paths = corpus_files(root, report)
    if only is not None:
        paths = [p for p in paths if p.relative_to(base).as_posix() in only]
    sizes = {}
    for path in paths:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0
    report.bytes_total = sum(sizes.values())
    done = 0
    for path in paths:
        report.files += 1
        report.bytes_done = done
        rel = path.relative_to(base).as_posix()
        fmt = file_format(path.name) or "text"  # a single file named on the command line
        if fmt in ("text", "jsonl"):
            yield from _reader(fmt)(path, rel, report, options)
        else:
            yield from _guarded(_reader(fmt), path, rel, report, options)
        done += sizes[path]
        report.bytes_done = done
