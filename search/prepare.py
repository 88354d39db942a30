"""One article from raw record to what the index writer adds, and which articles are admitted.

    >>> item = prepare(raw)                      # clean → extract → document → story features
    >>> story = admission.admit(item)            # None: a duplicate; else its story id ("" if off)
    >>> writer.add_document(**analysed(item.doc, story))

`prepare` and `analysed` are per article and run in the indexer's worker processes (search/parallel.py)
or in the indexer itself; `Admission` needs every article seen before (duplicates, stories), so it
runs in one place, the parent, over the small `Prepared.meta` the workers send back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .analysis.french import is_french
from .analysis.oneshot import analyse_fields
from .clean import Article, clean
from .extract import extract
from .read.base import RawArticle
from .stories import StoryAssigner, StoryFeatures, document_features

ASSIGN_STORIES = True  # same-story ids (search/stories.py); off only to measure what they cost


@dataclass
class Meta:
    """What the parent needs to admit an article: small and picklable."""

    id: str
    content_hash: str
    features: StoryFeatures | None


@dataclass
class Prepared:
    doc: dict[str, Any]  # indexer.to_document's plain dict (title and body as text)
    meta: Meta


@dataclass
class Skipped:
    """A record with nothing to index; the parent records it in the build report."""

    path: str
    reason: str
    line: int | None


def prepare(raw: RawArticle, stories: bool = ASSIGN_STORIES) -> Prepared | Skipped:
    """Clean, extract and make the document of one record (or say why it has nothing to index)."""
    article = clean(raw)
    if not article.body.strip():
        return Skipped(raw.source_path, "no text after cleaning", raw.line)
    return prepare_article(article, stories)


def prepare_article(article: Article, stories: bool = ASSIGN_STORIES) -> Prepared:
    """Extract and make the document of a clean article."""
    from .indexer import to_document  # the document's shape lives with the index stage

    doc = to_document(article, extract(article))
    features = document_features(doc) if stories else None
    return Prepared(doc, Meta(article.id, article.content_hash, features))


class Admission:
    """Decides, in corpus order, which articles are indexed (not a duplicate) and their story."""

    def __init__(self, stories: StoryAssigner | None = None):
        self.stories = stories
        self.hashes: set[str] = set()
        self.ids: set[str] = set()

    def admit(self, meta: Meta) -> str | None:
        """None for a duplicate (same normalised body, or an id seen before); else the story id."""
        if meta.content_hash in self.hashes or meta.id in self.ids:
            return None
        self.hashes.add(meta.content_hash)
        self.ids.add(meta.id)
        if self.stories is None or meta.features is None:
            return ""
        return self.stories.assign_features(meta.id, meta.features)


def analysed(doc: dict[str, Any], story: str | None = None) -> dict[str, Any]:
    """The document as the writer takes it: title, body and `exact` analysed in one pass
    (search/analysis/oneshot.py), the texts stored as written, and the story id if there is one."""
    title = doc.get("_stored_title", doc.get("title", ""))
    body = doc.get("_stored_body", doc.get("body", ""))
    fields = analyse_fields(title, body, is_french(doc.get("lang")))
    out = dict(doc)
    for name in ("title", "body", "exact"):
        if name in doc:
            out[name] = fields[name]
    for name in ("title", "body"):
        if name in doc:
            out["_stored_" + name] = doc.get("_stored_" + name, doc[name])
    if story:
        out["story"] = story
    return out
