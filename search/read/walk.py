"""Find the article files under a corpus folder, each with its format: `corpus_files(root, report)`.

A file's format comes from its name (`.html`, `.csv`, `.warc.gz`, …); an `.xml` file is read only
when it is a feed. Files that are documentation of a corpus, not articles (LICENSE, NOTICE, README,
PROVENANCE), and the images, scripts and styles a browser saves in `PAGE_files/` beside a page, are
listed in the report's `left_out`, not counted as problems: a corpus that ships its licence beside
its articles, or a folder of pages saved "complete", reads cleanly.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .base import Problem, ReadReport

# (suffix, format), longest suffixes first so `.jsonl.gz` wins over `.gz`.
FORMAT_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".jsonl.xz", "jsonl"),
    (".jsonl.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),  # only when it is a feed: see _is_feed
    (".csv", "csv"),
    (".tsv", "csv"),
    (".docx", "docx"),
    (".pdf", "pdf"),
)
SUPPORTED = "txt, md, jsonl, html, rss/atom, csv/tsv, warc, docx, pdf"
_NOT_ARTICLE_RE = re.compile(r"^(?:LICEN[CS]E|COPYING|NOTICE|README|PROVENANCE)(?:[._-]|$)", re.IGNORECASE)
_FEED_ROOT_RE = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(?:rss|feed|RDF)[\s>]")


def file_format(name: str) -> str | None:
    """The reader a file name calls for: `file_format("a.warc.gz")` → "warc"; None if none."""
    lower = name.lower()
    for suffix, fmt in FORMAT_SUFFIXES:
        if lower.endswith(suffix):
            return fmt
    return None


def _is_feed(path: Path) -> bool:
    """An .xml file is a feed when its root element is <rss>, <feed> or <rdf:RDF>."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return True  # let the reader report why it cannot be read
    return _FEED_ROOT_RE.search(head) is not None


def _saved_page_resources(folder: Path, root: Path) -> bool:
    """True for PAGE_files/ beside PAGE.html or PAGE.htm: what a browser saves with a page."""
    if folder == root or not folder.name.endswith("_files"):
        return False
    page = folder.name[: -len("_files")]
    return any((folder.parent / f"{page}{ext}").is_file() for ext in (".html", ".htm", ".HTML", ".HTM"))


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
        # "Save page as… complete" puts a page's images, scripts and styles in PAGE_files/ beside it
        resources = _saved_page_resources(Path(dirpath), root)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            fmt = file_format(name)
            if _NOT_ARTICLE_RE.match(name):
                report.left_out.append(
                    Problem(rel, None, "not an article (licence, notice, readme or provenance)")
                )
            elif resources:
                report.left_out.append(Problem(rel, None, "a saved page's resource (image, script, frame)"))
            elif fmt is None:
                report.skip(rel, f"not an article file ({SUPPORTED})")
            elif name.lower().endswith(".xml") and not _is_feed(path):
                report.skip(rel, "not an article file (an .xml file that is not an RSS or Atom feed)")
            else:
                found.append(path)
    return found


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
