"""Raw text files (.txt, .text, .md): one article per file, the encoding detected.

>>> list(read_text(Path("seeds/000_44e7ed56ac7ca7ca.txt"), "000_44e7ed56ac7ca7ca.txt", ReadReport()))
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from . import base  # limits read as base.X at call time, so a test can lower them
from .base import Problem, RawArticle, ReadReport
from .decode import read_text_file


def read_text(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    decoded = read_text_file(path, rel, report, base.MAX_TEXT_FILE_BYTES, "file")
    if decoded is None:
        return
    text, encoding = decoded
    if not text.strip():
        report.skip(rel, "empty file")
        return
    report.encodings[encoding] = report.encodings.get(encoding, 0) + 1
    if "replaced" in encoding:
        report.repaired.append(
            Problem(rel, None, "invalid UTF-8 bytes replaced by U+FFFD; the rest is indexed")
        )
    report.records += 1
    record_id = rel.rsplit(".", 1)[0]  # seeds/000_x.txt is known as 000_x, as in the qrels
    yield RawArticle(record_id=record_id, source_path=rel, text=text, encoding=encoding)
