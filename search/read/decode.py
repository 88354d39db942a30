"""Bytes to text with the encoding detected: `decode_bytes(data)` → (text, encoding)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .base import DecodeError, ReadReport

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


def read_bounded(path: Path, rel: str, report: ReadReport, limit: int, what: str) -> bytes | None:
    """A whole file's bytes (`read_bounded(path, "a.rss", report, 2**20, "feed")`), or None after
    recording why not: larger than `limit` (named as `what` in the report), or unreadable."""
    try:
        if path.stat().st_size > limit:
            report.skip(rel, f"{what} larger than {limit} bytes")
            return None
        return path.read_bytes()
    except OSError as exc:
        report.skip(rel, f"cannot read: {exc.strerror or exc}")
        return None


def read_text_file(path: Path, rel: str, report: ReadReport, limit: int, what: str) -> tuple[str, str] | None:
    """A whole file decoded (`read_text_file(path, "a.csv", report, 2**30, "spreadsheet")` → (text,
    encoding)), or None after recording why not: larger than `limit`, unreadable, or not text."""
    data = read_bounded(path, rel, report, limit, what)
    if data is None:
        return None
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        report.skip(rel, str(exc))
        return None
