"""Spreadsheets (.csv, .tsv) with a header row: one article per row, columns mapped by name.

    >>> rows = list(read_table(Path("export.csv"), "export.csv", ReadReport(), {"text": "Body"}))

Columns are recognised by their header (case, spaces and `_`/`-` ignored): title/headline,
text/body/content, date/published/publish_date, url/link, author/byline, outlet/source/media_name,
lang/language, id. `columns` overrides the mapping (`{"text": "Body", "date": "PubDate"}`, from
`mirsad index … --columns text=Body,date=PubDate`; a file without that column falls back on
the names above). A file whose first row names no text column
is read as having no header: each row is an article and the column with the longest values is the
text (reported). The delimiter of a .csv is sniffed among `,` `;` and tab; a .tsv uses tab.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from .base import Problem, RawArticle, ReadReport
from .decode import read_text_file

MAX_TABLE_BYTES = 1024 * 1024 * 1024
MAX_CELL_CHARS = 20 * 1024 * 1024  # as MAX_TEXT_FILE_BYTES: a cell larger than this is not an article
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "articleid", "storiesid", "storyid", "docid"),
    "title": ("title", "headline", "heading", "titre", "عنوان", "العنوان"),
    "text": (
        "text",
        "body",
        "content",
        "article",
        "articletext",
        "story",
        "fulltext",
        "texte",
        "contenu",
        "نص",
    ),
    "date": (
        "date",
        "published",
        "publishdate",
        "pubdate",
        "publishedat",
        "publicationdate",
        "datetime",
        "تاريخ",
    ),
    "url": ("url", "link", "permalink", "lien", "رابط"),
    "author": ("author", "authors", "byline", "auteur", "writer", "الكاتب"),
    "outlet": ("outlet", "source", "medianame", "media", "publisher", "site", "المصدر"),
    "lang": ("lang", "language", "langue", "اللغة"),
}
FIELDS = tuple(COLUMN_NAMES)
_KEY_RE = re.compile(r"[\s_\-./]+")


def _key(name: str) -> str:
    return _KEY_RE.sub("", name.strip().lstrip("\ufeff").lower())


def parse_columns(spec: str) -> dict[str, str]:
    """`parse_columns("text=Body,date=PubDate")` → {"text": "Body", "date": "PubDate"}.

    Raises ValueError for an unknown field or a pair without `=`.
    """
    mapping: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in spec.split(","))):
        field, sep, column = pair.partition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise ValueError(f"--columns: {pair!r} is not FIELD=COLUMN")
        if field not in COLUMN_NAMES:
            raise ValueError(f"--columns: unknown field {field!r} (one of {', '.join(FIELDS)})")
        mapping[field] = column.strip()
    return mapping


def map_columns(header: list[str], overrides: dict[str, str] | None = None) -> dict[str, int]:
    """Mirsad field → column index, from the header names and the user's overrides."""
    keys = [_key(h) for h in header]
    found: dict[str, int] = {}
    for field, names in COLUMN_NAMES.items():
        wanted = [_key(n) for n in names]
        if overrides and field in overrides:  # the user's name first; a file without it falls back
            wanted.insert(0, _key(overrides[field]))
        for name in wanted:
            if name in keys:
                found[field] = keys.index(name)
                break
    return found


def _dialect(sample: str, tab: bool) -> type[csv.Dialect] | csv.Dialect:
    if tab:
        return csv.excel_tab
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _rows(
    text: str, dialect: type[csv.Dialect] | csv.Dialect, rel: str, report: ReadReport
) -> Iterator[tuple[int, list[str]]]:
    """Rows with their numbers (the header is row 1); a row csv cannot parse is reported and skipped."""
    old_limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, MAX_CELL_CHARS))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        number = 0
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                report.skip(rel, f"row skipped: {exc}", number)
                continue
            yield number, row
    finally:
        csv.field_size_limit(old_limit)


def _article(rel: str, number: int, row: list[str], columns: dict[str, int]) -> RawArticle:
    def cell(field: str) -> str | None:
        index = columns.get(field)
        value = row[index].strip() if index is not None and index < len(row) else ""
        return value or None

    fields = {f: cell(f) for f in ("title", "date", "url", "author", "outlet", "lang")}
    return RawArticle(
        record_id=cell("id") or f"{rel}#{number}",
        source_path=rel,
        text=cell("text") or "",
        fields={k: v for k, v in fields.items() if v},
        line=number,
        raw_format="csv",
    )


def read_table(
    path: Path, rel: str, report: ReadReport, overrides: dict[str, str] | None = None
) -> Iterator[RawArticle]:
    """Every row of a .csv or .tsv file with a text, as an article; `overrides` maps field → column."""
    decoded = read_text_file(path, rel, report, MAX_TABLE_BYTES, "spreadsheet")
    if decoded is None:
        return
    text, encoding = decoded
    report.encodings[encoding] = report.encodings.get(encoding, 0) + 1
    rows = _rows(text, _dialect(text[:20000], path.name.lower().endswith(".tsv")), rel, report)
    first = next(rows, None)
    if first is None:
        report.skip(rel, "empty spreadsheet")
        return
    columns = map_columns(first[1], overrides)
    pending: list[tuple[int, list[str]]] = []
    if "text" not in columns:
        # No header naming a text column: the first row is data, the longest column is the text.
        pending = [first, *(r for _, r in zip(range(49), rows, strict=False))]
        widths: dict[int, int] = {}
        for _, row in pending:
            for i, value in enumerate(row):
                widths[i] = widths.get(i, 0) + len(value)
        if not widths:
            report.skip(rel, "no text column")
            return
        columns = {"text": max(widths, key=lambda i: widths[i])}
        report.repaired.append(
            Problem(rel, 1, f"no header naming a text column: column {columns['text'] + 1} read as the text")
        )
    for number, row in [*pending, *rows]:
        if not any(cell.strip() for cell in row):
            continue
        raw = _article(rel, number, row, columns)
        if not raw.text.strip():
            report.skip(rel, "row has no text", number)
            continue
        report.records += 1
        yield raw
