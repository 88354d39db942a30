"""Build a Whoosh index from a corpus folder: read → clean → extract → index.

    >>> report = build_index("seeds", "index/current")
    >>> print(report.summary())

The index is built in a fresh sibling directory and swapped in only when complete, so a failed
build leaves the current index untouched. The index directory holds `manifest.json`, the one
record of what was indexed, from where, when and with which version.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from . import __version__
from .clean import Article, clean
from .extract import Entities, extract
from .read import Problem, ReadReport, iter_corpus
from .schema import SCHEMA

MANIFEST = "manifest.json"


@dataclass
class BuildReport:
    """What a build did: counts, problems (path, line, reason), timing."""

    corpus: str
    indexed: int = 0
    duplicates: int = 0  # identical normalised bodies (or a repeated id), indexed once
    seconds: float = 0.0
    read: ReadReport = field(default_factory=ReadReport)
    duplicate_examples: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> list[Problem]:
        return self.read.problems

    @property
    def per_second(self) -> float:
        return self.indexed / self.seconds if self.seconds else 0.0

    def summary(self, max_problems: int = 20) -> str:
        lines = [
            f"indexed {self.indexed} articles from {self.read.files} files in {self.seconds:.1f} s "
            f"({self.per_second:.0f} articles/s)",
            f"skipped {len(self.skipped)}, duplicates {self.duplicates}",
        ]
        if self.read.encodings:
            lines.append(
                "encodings: " + ", ".join(f"{k} {v}" for k, v in sorted(self.read.encodings.items()))
            )
        for problem in self.skipped[:max_problems]:
            lines.append(f"  skipped {problem}")
        if len(self.skipped) > max_problems:
            lines.append(f"  … and {len(self.skipped) - max_problems} more")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "indexed": self.indexed,
            "duplicates": self.duplicates,
            "skipped": [asdict(p) for p in self.skipped],
            "files": self.read.files,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.per_second, 1),
        }


def slug(text: str) -> str:
    """An ASCII-ish facet id for a free-text value: `slug("Hespress (Morocco)")` → `hespress-morocco`."""
    out = []
    for ch in text.lower():
        out.append(ch if ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def to_document(article: Article, entities: Entities) -> dict[str, Any]:
    """The Whoosh document of an article: plain data, easy to assert in a test."""
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "exact": article.title + "\n" + article.body,
        "lang": article.lang,
        "source_path": article.source_path,
        "content_hash": article.content_hash,
        "city": ",".join(entities.cities),
        "agency": ",".join(entities.agencies),
        "wire": ",".join(entities.wires),
        "years_mentioned": ",".join(str(y) for y in entities.years_mentioned),
        "entities": [asdict(m) for m in entities.mentions],
    }
    if article.author:
        doc["author"] = article.author
    if article.outlet:
        doc["outlet"] = article.outlet
        doc["source"] = slug(article.outlet)
    if article.url:
        doc["url"] = article.url
    if article.category:
        doc["category"] = slug(article.category)
    if article.published:
        doc["published"] = article.published
    if entities.year is not None:
        doc["year"] = str(entities.year)
    if article.dateline:
        doc["dateline"] = asdict(article.dateline)
    return {k: v for k, v in doc.items() if v not in ("", None)}


class Progress:
    """A progress bar on stderr (a line every few seconds when stderr is not a terminal)."""

    def __init__(self, report: ReadReport, stream: Any = None):
        self.report = report
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, indexed: int, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        total = self.report.bytes_total or 1
        share = min(self.report.bytes_done / total, 1.0)
        bar = "#" * int(share * 30)
        rate = indexed / max(now - self.start, 1e-9)
        line = f"[{bar:<30}] {share:4.0%} {indexed} articles, {rate:.0f}/s"
        self.stream.write(("\r" + line + ("\n" if final else "")) if self.tty else line + "\n")
        self.stream.flush()


def _write_manifest(directory: Path, report: BuildReport, corpus: Path) -> None:
    manifest = {
        "version": __version__,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": str(corpus.resolve()),
        **report.to_dict(),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")


def _swap_in(built: Path, target: Path) -> None:
    """Replace target by built with two renames; the old index is removed only afterwards."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(built, target)
    shutil.rmtree(old, ignore_errors=True)


def build_index(
    corpus: str | Path,
    index_dir: str | Path,
    progress: Callable[..., None] | bool = False,
    limitmb: int = 256,
) -> BuildReport:
    """Rebuild the index at index_dir from every readable article under corpus."""
    corpus, target = Path(corpus), Path(index_dir)
    report = BuildReport(corpus=str(corpus))
    tick = Progress(report.read) if progress is True else (progress or None)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    start = time.monotonic()
    try:
        ix = whoosh_index.create_in(str(building), SCHEMA)
        writer = ix.writer(limitmb=limitmb)
        seen_hashes: set[str] = set()
        seen_ids: set[str] = set()
        try:
            for raw in iter_corpus(corpus, report.read):
                article = clean(raw)
                if not article.body.strip():
                    report.read.skip(raw.source_path, "no text after cleaning", raw.line)
                    continue
                digest = article.content_hash
                if digest in seen_hashes or article.id in seen_ids:
                    report.duplicates += 1
                    if len(report.duplicate_examples) < 20:
                        report.duplicate_examples.append(article.id)
                    continue
                seen_hashes.add(digest)
                seen_ids.add(article.id)
                writer.add_document(**to_document(article, extract(article)))
                report.indexed += 1
                if tick:
                    tick(report.indexed)
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            raise
        report.seconds = time.monotonic() - start
        if tick:
            tick(report.indexed, final=True)
        _write_manifest(building, report, corpus)
        _swap_in(building, target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return report


def read_manifest(index_dir: str | Path) -> dict[str, Any]:
    path = Path(index_dir) / MANIFEST
    try:
        return dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError):
        return {}
