"""JSON Lines (plain, .xz, .gz): one article per line, its metadata fields kept.

>>> list(read_jsonl(Path("a.jsonl"), "a.jsonl", ReadReport()))
"""

from __future__ import annotations

import gzip
import json
import lzma
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from . import base  # limits read as base.X at call time, so a test can lower them
from .base import Problem, RawArticle, ReadReport

JSONL_FIELDS = ("id", "title", "date", "date_iso", "author", "outlet", "url", "lang", "category")


def _open_compressed(raw: IO[bytes], name: str) -> IO[bytes]:
    name = name.lower()
    if name.endswith(".xz"):
        return lzma.LZMAFile(raw, "rb")
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def _read_lines(stream: IO[bytes], report: ReadReport, rel: str) -> Iterator[tuple[int, bytes]]:
    """Lines with their numbers; a line over base.MAX_LINE_BYTES is skipped without loading it whole."""
    number = 0
    total = 0
    while True:
        line = stream.readline(base.MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        total += len(line)
        if total > base.MAX_DECOMPRESSED_BYTES:
            report.skip(
                rel, f"stopped after {base.MAX_DECOMPRESSED_BYTES} bytes (decompression limit)", number
            )
            return
        if len(line) > base.MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the oversized line
                line = stream.readline(1024 * 1024)
                total += len(line)
            report.skip(rel, f"line longer than {base.MAX_LINE_BYTES} bytes", number)
            continue
        yield number, line


def read_jsonl(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    try:
        with open(path, "rb") as raw, _open_compressed(raw, path.name) as stream:
            start = report.bytes_done
            for number, line in _read_lines(stream, report, rel):
                report.bytes_done = start + raw.tell()  # compressed bytes consumed, for progress
                if not line.strip():
                    continue
                if b"\x00" in line:  # raw NULs make JSON invalid; drop them and keep the record
                    line = line.replace(b"\x00", b"")
                    report.repaired.append(Problem(rel, number, "NUL bytes removed"))
                try:
                    record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
                except UnicodeDecodeError as exc:
                    report.skip(rel, f"invalid UTF-8 at byte {exc.start}", number)
                    continue
                except json.JSONDecodeError as exc:
                    report.skip(rel, f"malformed JSON ({exc.msg})", number)
                    continue
                if not isinstance(record, dict):
                    report.skip(rel, "JSON line is not an object", number)
                    continue
                text = record.get("text")
                if not isinstance(text, str) or not text.strip():
                    report.skip(rel, "record has no text", number)
                    continue
                record_id = record.get("id")
                if not isinstance(record_id, (str, int)) or str(record_id).strip() == "":
                    record_id = f"{rel}#{number}"
                fields = {k: record.get(k) for k in JSONL_FIELDS if record.get(k) is not None}
                report.records += 1
                yield RawArticle(
                    record_id=str(record_id),
                    source_path=rel,
                    text=text,
                    fields=fields,
                    line=number,
                    raw_format="jsonl",
                )
    except (OSError, EOFError, lzma.LZMAError) as exc:
        report.skip(rel, f"cannot read: {exc}")
