"""Build the bilingual lexicon data from FreeDict's English–Arabic and Arabic–English dictionaries.

    python -m search.translate.build_lexicon build/freedict    # what `make lexicon` runs

Input: the dictd files of the Debian packages `dict-freedict-eng-ara` and `dict-freedict-ara-eng`
(GPL-2+, Arabeyes.org word list), unpacked under a folder (`usr/share/dictd/*.index`, `*.dict.dz`).
Output: `data/freedict-eng-ara.tsv.gz` and `data/freedict-ara-eng.tsv.gz` beside this file, one
headword a line, `headword<TAB>translation<TAB>translation…`, translations in dictionary order,
explanations (after " - " or in brackets) and sense numbers removed. The text is kept as written:
analysis (normalisation, stemming) happens when the lexicon is loaded, so an improved analyzer
applies without rebuilding the data.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

DATA = Path(__file__).with_name("data")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_NUMBERED = re.compile(r"^\s*\d+\.\s*")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[،,;؛]")
_IPA = re.compile(r"\s*/[^/]*/\s*$")
MAX_WORDS = 4  # a "translation" longer than this is a definition, not a term
MAX_TRANSLATIONS = 12


def _b64(value: str) -> int:
    number = 0
    for ch in value:
        number = number * 64 + _B64.index(ch)
    return number


def read_dictd(index: Path, data: Path) -> list[tuple[str, str]]:
    """(headword, entry text) for every entry of a dictd dictionary (metadata entries skipped)."""
    raw = gzip.open(data).read()
    out = []
    for line in index.read_text("utf-8").splitlines():
        headword, offset, length = line.split("\t")
        if headword.startswith("00database") or headword.startswith("00-database"):
            continue
        start = _b64(offset)
        out.append((headword, raw[start : start + _b64(length)].decode("utf-8", errors="replace")))
    return out


def translations(entry: str) -> tuple[str, list[str]]:
    """The headword as written (first line, without its IPA) and its cleaned translations."""
    lines = entry.strip("\n").split("\n")
    head = _IPA.sub("", lines[0]).strip()
    found: list[str] = []
    for line in lines[1:]:
        line = _NUMBERED.sub("", line)
        line = _BRACKETS.sub(" ", line).split(" - ")[0].split("::")[0]
        for part in _SEPARATORS.split(line):
            part = " ".join(part.split()).strip(" .-")
            if part and len(part.split()) <= MAX_WORDS and part not in found:
                found.append(part)
    return head, found[:MAX_TRANSLATIONS]


def convert(index: Path, data: Path, out: Path) -> int:
    merged: dict[str, list[str]] = {}
    for _, entry in read_dictd(index, data):
        head, found = translations(entry)
        if not head or not found:
            continue
        bucket = merged.setdefault(head, [])
        bucket.extend(t for t in found if t not in bucket)
    lines = "".join(head + "\t" + "\t".join(merged[head]) + "\n" for head in sorted(merged))
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as f:
        f.write(lines.encode("utf-8"))  # mtime 0: the same input gives the same bytes
    return len(merged)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "build/freedict")
    dictd = next(root.rglob("freedict-eng-ara.index")).parent
    DATA.mkdir(exist_ok=True)
    for name in ("eng-ara", "ara-eng"):
        count = convert(
            dictd / f"freedict-{name}.index",
            dictd / f"freedict-{name}.dict.dz",
            DATA / f"freedict-{name}.tsv.gz",
        )
        print(f"freedict-{name}: {count} headwords → {DATA / f'freedict-{name}.tsv.gz'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
