"""Build a Whoosh index from a corpus folder: read → clean → extract → index.

    >>> report = build_index("seeds", "index/current")
    >>> print(report.summary())

The index is built in a fresh sibling directory and swapped in only when complete, so a failed
build leaves the current index untouched. The index directory holds `manifest.json`, the one
record of what was indexed, from where, when and with which version.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from . import __version__, coarse
from .analysis.french import is_french, mark_french
from .analysis.oneshot import AnalysedText
from .clean import Article, clean
from .extract import Entities
from .parallel import BATCH, ParallelBuild
from .prepare import ASSIGN_STORIES, Admission, Meta, Prepared, Skipped, analysed, prepare, prepare_article
from .read import Problem, ReadOptions, ReadReport, corpus_base, corpus_files, file_fingerprint, iter_corpus
from .schema import SCHEMA
from .segment_writer import SegmentWriter, without_cyclic_gc
from .stories import StoryAssigner

MANIFEST = "manifest.json"
STORIES = "stories.pickle"  # the story assigner's state, so `--update` need not recompute it
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, one process is as fast and keeps doc order fixed
# Segments as separate files, not one compound file: Whoosh copies a compound segment's postings
# and term files into memory for every reader it opens (one per server thread), 1.1 GB at 80k
# articles; separate files are read through the shared page cache.
COMPOUND = False


@dataclass
class BuildReport:
    """What a build did: counts, problems (path, line, reason), timing."""

    corpus: str
    indexed: int = 0  # added or replaced in this run
    unchanged: int = 0  # (update) read again but identical: not touched
    removed: int = 0  # (update) deleted from the index
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
            f"skipped {len(self.skipped)}, duplicates {self.duplicates}"
            + (
                f", unchanged {self.unchanged}, removed {self.removed}"
                if self.unchanged or self.removed
                else ""
            ),
        ]
        if self.read.encodings:
            lines.append(
                "encodings: " + ", ".join(f"{k} {v}" for k, v in sorted(self.read.encodings.items()))
            )
        if self.read.left_out:
            shown = ", ".join(p.path for p in self.read.left_out[:5])
            more = f" and {len(self.read.left_out) - 5} more" if len(self.read.left_out) > 5 else ""
            lines.append(f"left out (not articles): {shown}{more}")
        for problem in self.skipped[:max_problems]:
            lines.append(f"  skipped {problem}")
        for problem in self.read.repaired[:max_problems]:
            lines.append(f"  repaired {problem}")
        if len(self.skipped) > max_problems:
            lines.append(f"  … and {len(self.skipped) - max_problems} more")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "removed": self.removed,
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
        "source_record": article.source_record,
        "provenance": article.extra or None,
        "content_hash": article.content_hash,
        "city": ",".join(entities.cities),
        "country": ",".join(entities.countries),
        "agency": ",".join(entities.agencies),
        "wire": ",".join(entities.wires),
        "years_mentioned": ",".join(str(y) for y in entities.years_mentioned),
        "entities": [asdict(m) for m in entities.mentions],
    }
    if is_french(article.lang):  # French stemming for this article's words; stored as written
        for name in ("title", "body"):
            doc["_stored_" + name] = doc[name]
            doc[name] = mark_french(doc[name])
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


class IndexBusy(RuntimeError):
    """Another `mirsad index` is writing this index."""


@contextmanager
def writer_lock(target: Path, wait: bool = False) -> Iterator[None]:
    """One writer per index. The kernel releases a flock when its process dies, so a killed run
    never leaves a stale lock behind; `wait` blocks instead of refusing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(f".{target.name}.lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusy(f"{target} is being written by {holder}; try again when it finishes") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _builds_dir(target: Path) -> Path:
    return target.with_name(f".{target.name}.builds")


def _write_manifest(directory: Path, report: BuildReport, corpus: Path, files: dict[str, str]) -> None:
    manifest = {
        "version": __version__,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": str(corpus.resolve()),
        **report.to_dict(),
        "documents": whoosh_index.open_dir(str(directory)).doc_count(),
        "files": files,
    }
    # A new file, never written in place: an update's copy of the index shares its files with
    # the build before it (hard links).
    tmp = directory / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, directory / MANIFEST)


def _swap_in(built: Path, target: Path) -> None:
    """Point target at the new build in one atomic step (a symlink replaced with os.replace).

    Readers that opened the previous build keep their files; the build before it is removed.
    A target that is a real directory (made by hand, or by an old version) is renamed away first.
    """
    if target.exists() and not target.is_symlink():
        legacy = built.parent / f"legacy-{os.getpid()}"
        os.rename(target, legacy)
    link = target.with_name(f".{target.name}.link-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(os.path.relpath(built, target.parent), link)
    previous = target.resolve() if target.is_symlink() else None
    os.replace(link, target)
    keep = {built.resolve(), previous}
    for old in _builds_dir(target).iterdir():
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _fingerprints(corpus: Path, report: ReadReport) -> dict[str, str]:
    base = corpus_base(corpus)
    out = {}
    for path in corpus_files(corpus, ReadReport()):
        try:
            out[path.relative_to(base).as_posix()] = file_fingerprint(path)
        except OSError as exc:
            report.skip(path.relative_to(base).as_posix(), f"cannot read: {exc.strerror or exc}")
    return out


def _count_duplicate(report: BuildReport, article_id: str) -> None:
    report.duplicates += 1
    if len(report.duplicate_examples) < 20:
        report.duplicate_examples.append(article_id)


def build_index(
    corpus: str | Path,
    index_dir: str | Path,
    progress: Callable[..., None] | bool = False,
    limitmb: int = 256,
    update: bool = False,
    wait: bool = False,
    procs: int | None = None,
    columns: dict[str, str] | None = None,
) -> BuildReport:
    """Rebuild the index at index_dir from every readable article under corpus.

    With `update=True`, start from the current index and touch only what changed: files whose
    content hash differs from the manifest are re-read, articles whose normalised body changed are
    replaced, new ones added, and articles of deleted files (or gone from a changed file) removed.
    Either way the result is built aside and swapped in whole; a failed run changes nothing.

    `procs`: analysing processes for a fresh build; by default both cores of a 2-core machine when
    the input is over PARALLEL_MIN_BYTES (with several processes, articles with equal scores may
    come out in another order from one build to the next; everything else is identical).

    `columns`: spreadsheet column names for Mirsad's fields (`{"text": "Body"}`), see search.read.tabular.
    """
    corpus, target = Path(corpus), Path(index_dir)
    report = BuildReport(corpus=str(corpus))
    options = ReadOptions(columns=dict(columns or {}))
    tick = Progress(report.read) if progress is True else (progress or None)
    with writer_lock(target, wait=wait):
        builds = _builds_dir(target)
        builds.mkdir(parents=True, exist_ok=True)
        building = builds / f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}-{os.getpid()}"
        start = time.monotonic()
        try:
            files = _fingerprints(corpus, report.read)
            previous = read_manifest(target) if update else {}
            if update and previous.get("files") is not None and whoosh_index.exists_in(str(target)):
                # Whoosh never rewrites a segment file (deletions go to the new TOC): hard links
                # make the copy cost nothing, whatever the size of the index.
                shutil.copytree(
                    target.resolve(),
                    building,
                    ignore=shutil.ignore_patterns("*WRITELOCK*"),
                    copy_function=_link_or_copy,
                )
                _apply_changes(corpus, building, files, previous["files"], report, tick, limitmb, options)
            else:
                building.mkdir()
                if procs is None:
                    big = sum(_sizes(corpus)) >= PARALLEL_MIN_BYTES
                    procs = min(2, os.cpu_count() or 1) if big else 1
                _build_fresh(corpus, building, report, tick, limitmb, procs, options)
            report.seconds = time.monotonic() - start
            if tick:
                tick(report.indexed, final=True)
            _write_manifest(building, report, corpus, files)
            _swap_in(building, target)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    return report


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, destination)


def _sizes(corpus: Path) -> list[int]:
    return [p.stat().st_size for p in corpus_files(corpus, ReadReport()) if p.exists()]


def _build_fresh(
    corpus: Path,
    building: Path,
    report: BuildReport,
    tick: Any,
    limitmb: int,
    procs: int = 1,
    options: ReadOptions | None = None,
) -> None:
    ix = whoosh_index.create_in(str(building), SCHEMA)
    admission = Admission(StoryAssigner() if ASSIGN_STORIES else None)

    def decide(item: Meta | Skipped) -> str | None:
        if isinstance(item, Skipped):
            report.read.skip(item.path, item.reason, item.line)
            return None
        story = admission.admit(item)
        if story is None:
            _count_duplicate(report, item.id)
            return None
        report.indexed += 1
        if tick:
            tick(report.indexed)
        return story

    records = iter_corpus(corpus, report.read, options=options)
    if procs > 1:
        _build_parallel(ix, records, decide, limitmb, procs)
    else:
        _build_serial(ix, records, decide, limitmb)
    if admission.stories is not None:
        admission.stories.save(building / STORIES)
    _save_coarse_table(building)


def _save_coarse_table(building: Path) -> None:
    """The query-time coarse classes of this build (search/coarse.py), made once here rather than
    at the first search of every server process."""
    if coarse.COARSE_WEIGHT > 0:
        with whoosh_index.open_dir(str(building)).reader() as reader:
            coarse.CoarseTable.from_reader(reader).save(building / coarse.TABLE_FILE)


def _build_serial(ix: Any, records: Iterator[Any], decide: Callable[..., str | None], limitmb: int) -> None:
    writer = SegmentWriter(ix, limitmb=limitmb, compound=COMPOUND)
    try:
        with without_cyclic_gc():
            for raw in records:
                item = prepare(raw, ASSIGN_STORIES)
                story = decide(item if isinstance(item, Skipped) else item.meta)
                if isinstance(item, Prepared) and story is not None:
                    writer.add_document(**analysed(item.doc, story))
            writer.commit(optimize=False)
    except BaseException:
        writer.cancel()
        raise


def _build_parallel(
    ix: Any, records: Iterator[Any], decide: Callable[..., str | None], limitmb: int, procs: int
) -> None:
    """Worker processes prepare, analyse and write a segment each (search/parallel.py); the parent
    reads, decides and commits their segments. The segments are kept as they are: merging them
    costs ~5% of a build and changes nothing for search (the ranker reads postings per segment)."""
    writer = SegmentWriter(ix, compound=COMPOUND)  # holds the lock; writes nothing, commits the TOC
    build = ParallelBuild(ix, procs, max(64, limitmb // procs), COMPOUND, ASSIGN_STORIES, decide)
    try:
        batch: list[Any] = []
        for raw in records:
            batch.append(raw)
            if len(batch) >= BATCH:
                build.submit(batch)
                batch = []
        if batch:
            build.submit(batch)
        segments = build.finish()
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        build.cancel()
        writer.cancel()
        raise


def _articles(
    corpus: Path, report: BuildReport, only: set[str] | None, options: ReadOptions | None = None
) -> Iterator[Article]:
    for raw in iter_corpus(corpus, report.read, only=only, options=options):
        article = clean(raw)
        if not article.body.strip():
            report.read.skip(raw.source_path, "no text after cleaning", raw.line)
            continue
        yield article


def _apply_changes(
    corpus: Path,
    building: Path,
    files: dict[str, str],
    old_files: dict[str, str],
    report: BuildReport,
    tick: Any,
    limitmb: int,
    options: ReadOptions | None = None,
) -> None:
    changed = {rel for rel, digest in files.items() if old_files.get(rel) != digest}
    deleted = set(old_files) - set(files)
    ix = whoosh_index.open_dir(str(building))
    writer = SegmentWriter(ix, limitmb=limitmb, compound=COMPOUND)
    try:
        with ix.searcher() as searcher:
            # New articles join existing stories (an index built before stories has no such field:
            # it gets story ids at its next full build).
            with_stories = ASSIGN_STORIES and "story" in ix.schema.names()
            one_pass = isinstance(ix.schema["body"], AnalysedText)
            stories = StoryAssigner()
            if with_stories:  # the assigner saved by the last build; else rebuilt from the stored texts
                stories = StoryAssigner.load(building / STORIES) or StoryAssigner.from_searcher(searcher)
            for rel in sorted(deleted):
                report.removed += writer.delete_by_term("source_path", rel)
            seen_in_changed: dict[str, set[str]] = {rel: set() for rel in changed}
            seen_hashes: set[str] = set()
            for article in _articles(corpus, report, changed, options):
                stored = searcher.document(id=article.id)
                digest = article.content_hash
                if stored is not None and stored.get("content_hash") == digest:
                    report.unchanged += 1
                    seen_hashes.add(digest)
                    seen_in_changed[article.source_path].add(article.id)
                    continue
                owner = searcher.document(content_hash=digest)
                # An owner in a changed file may be moving (a row inserted above it shifts the ids
                # of a spreadsheet without an id column): it is re-read in this run, not a duplicate.
                owned_elsewhere = owner is not None and owner.get("source_path") not in changed
                if digest in seen_hashes or (owned_elsewhere and owner.get("id") != article.id):
                    _count_duplicate(report, article.id)  # its stale stored version is removed below
                    continue
                seen_hashes.add(digest)
                seen_in_changed[article.source_path].add(article.id)
                item = prepare_article(article, with_stories)
                story = (
                    stories.assign_features(article.id, item.meta.features) if item.meta.features else None
                )
                if one_pass:
                    writer.update_document(**analysed(item.doc, story))
                else:  # an index built before one-pass analysis: its own schema analyses the text
                    writer.update_document(**item.doc, **({"story": story} if story else {}))
                report.indexed += 1
                if tick:
                    tick(report.indexed)
            for rel, present in seen_in_changed.items():
                for stored in searcher.documents(source_path=rel):
                    if stored["id"] not in present:
                        report.removed += writer.delete_by_term("id", stored["id"])
        writer.commit()
        if with_stories:
            stories.save(building / STORIES)
        _save_coarse_table(building)
    except BaseException:
        writer.cancel()
        raise


def read_manifest(index_dir: str | Path) -> dict[str, Any]:
    path = Path(index_dir) / MANIFEST
    try:
        return dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError):
        return {}
