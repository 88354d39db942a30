"""Read a corpus folder: raw article text files and JSON Lines (plain, .xz, .gz).

    >>> report = ReadReport()
    >>> articles = list(iter_corpus("seeds", report))

Every problem (undecodable file, binary file, malformed JSON line, line too long) is recorded in
the report with its path, line and reason, and reading goes on: one bad file never stops a run.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import lzma
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.xz", ".jsonl.gz", ".ndjson")
JSONL_FIELDS = ("id", "title", "date", "date_iso", "author", "outlet", "url", "lang", "category")

MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024  # one article; anything larger is not an article
MAX_LINE_BYTES = 20 * 1024 * 1024  # one JSON Lines record
MAX_DECOMPRESSED_BYTES = 8 * 1024 * 1024 * 1024  # guards against decompression bombs


@dataclass
class RawArticle:
    """One article as read, before cleaning. `text` is the whole raw text (title lines included)."""

    record_id: str  # stable: the JSONL id, else the path relative to the corpus root
    source_path: str  # relative to the corpus root
    text: str
    fields: dict[str, Any] = field(default_factory=dict)  # JSONL metadata, empty for raw text
    line: int | None = None  # the JSONL line number
    encoding: str = "utf-8"
    raw_format: str = "text"  # "text" or "jsonl"


@dataclass
class Problem:
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class ReadReport:
    """What reading saw: files, records, and each problem that made something be skipped."""

    files: int = 0
    records: int = 0
    bytes_total: int = 0  # size on disk of the files to read, for progress
    bytes_done: int = 0
    problems: list[Problem] = field(default_factory=list)
    repaired: list[Problem] = field(default_factory=list)  # indexed, but something had to be fixed
    encodings: dict[str, int] = field(default_factory=dict)

    def skip(self, path: str, reason: str, line: int | None = None) -> None:
        self.problems.append(Problem(path, line, reason))


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


# --- decoding ------------------------------------------------------------------------------------

_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROL_RE.findall(text)) <= max(2, len(text) // 1000)


def _plausible_cp1256(text: str) -> bool:
    """cp1256 decodes almost any bytes; accept it only when the result reads as Arabic or Latin."""
    letters = len(_ARABIC_RE.findall(text)) + len(_LATIN_RE.findall(text))
    non_space = sum(1 for c in text if not c.isspace())
    return non_space == 0 or letters / non_space >= 0.6


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs sit at every other byte for ASCII; Arabic has 0x06 there."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    evens, odds = sample[0::2], sample[1::2]
    for high, order in ((odds, "utf-16-le"), (evens, "utf-16-be")):
        share = sum(1 for b in high if b in (0x00, 0x06)) / len(high)
        if share > 0.9:
            try:
                return data.decode(order)
            except UnicodeDecodeError:
                return None
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a bad copy, a truncated character) is UTF-8, not cp1256."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(3, len(text) // 500) else None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes, detecting the encoding: `decode_bytes(b"...")` → (text, encoding).

    Order: a BOM (UTF-8, UTF-16) decides; else UTF-16 by its byte pattern; else strict UTF-8;
    else Windows-1256 when the result is plausible text. Binary data raises DecodeError.
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None and _looks_like_text(utf16):
            return utf16, "utf-16"
        nuls = data.count(b"\x00")
        if nuls > max(2, len(data) // 1000):
            raise DecodeError("binary file (NUL bytes)")
        data = data.replace(b"\x00", b"")  # a few stray NULs: dropped, the text kept
        candidates = [("utf-8", data), ("cp1256", data)]
    for encoding, raw in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-8":
                repaired = _mostly_utf8(raw)
                if repaired is not None:
                    return repaired, "utf-8 (invalid bytes replaced)"
            continue
        if not _looks_like_text(text):
            raise DecodeError("binary file (control characters)")
        if encoding == "cp1256" and not _plausible_cp1256(text):
            continue
        return text, encoding
    raise DecodeError("not UTF-8, UTF-16 or Windows-1256 text")


# --- walking -------------------------------------------------------------------------------------


def _is_jsonl(name: str) -> bool:
    return name.lower().endswith(JSONL_SUFFIXES)


def _is_text(name: str) -> bool:
    return name.lower().endswith(TEXT_SUFFIXES)


def corpus_files(root: Path, report: ReadReport) -> list[Path]:
    """Readable files under root, sorted so every run sees them in the same order."""
    if root.is_file():
        return [root]
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        st = os.stat(dirpath)
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a symlink loop: walk each real directory once
            report.skip(os.path.relpath(dirpath, root), "symlink loop, folder skipped")
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if _is_jsonl(name) or _is_text(name):
                found.append(path)
            else:
                report.skip(str(path.relative_to(root)), "not an article file (.txt or .jsonl)")
    return found


def _open_compressed(raw: IO[bytes], name: str) -> IO[bytes]:
    name = name.lower()
    if name.endswith(".xz"):
        return lzma.LZMAFile(raw, "rb")
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def _read_lines(stream: IO[bytes], report: ReadReport, rel: str) -> Iterator[tuple[int, bytes]]:
    """Lines with their numbers; a line over MAX_LINE_BYTES is skipped without loading it whole."""
    number = 0
    total = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        total += len(line)
        if total > MAX_DECOMPRESSED_BYTES:
            report.skip(rel, f"stopped after {MAX_DECOMPRESSED_BYTES} bytes (decompression limit)", number)
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the oversized line
                line = stream.readline(1024 * 1024)
                total += len(line)
            report.skip(rel, f"line longer than {MAX_LINE_BYTES} bytes", number)
            continue
        yield number, line


def _jsonl_records(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
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


def _text_article(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            report.skip(rel, f"file larger than {MAX_TEXT_FILE_BYTES} bytes")
            return
        data = path.read_bytes()
    except OSError as exc:
        report.skip(rel, f"cannot read: {exc.strerror or exc}")
        return
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        report.skip(rel, str(exc))
        return
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


def corpus_base(root: Path) -> Path:
    """The folder ids and paths are relative to: the corpus folder, or a single file's folder."""
    return root.parent if root.is_file() else root


def file_fingerprint(path: Path) -> str:
    """A file's content hash (sha1), to tell an update which files changed."""
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def iter_corpus(root: str | Path, report: ReadReport, only: set[str] | None = None) -> Iterator[RawArticle]:
    """Every readable article under root (a folder, or one file), in a stable order.

    `only`: relative paths of the files to read (an update reads the changed files only).
    """
    root = Path(root)
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
        if _is_jsonl(path.name):
            yield from _jsonl_records(path, rel, report)
        else:
            yield from _text_article(path, rel, report)
        done += sizes[path]
        report.bytes_done = done
