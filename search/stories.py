"""Same-story ids, assigned at index time: articles reporting the same story share a `story` id.

    >>> stories = StoryAssigner()
    >>> stories.assign("hs-1", title, body, published, lang, outlet, cities + agencies)
    's-1f0c2a9d7b31'

Three kinds of link join an article to an earlier one (the article takes the story of the best):
- near duplicate: MinHash over word 3-shingles, candidates from LSH bands, estimated Jaccard
  ≥ NEAR_DUPLICATE (the same wire copy in two outlets, a re-published article), whatever the dates;
- follow-up: MinHash over the content-word set, estimated Jaccard ≥ FOLLOW_UP, published within
  FOLLOW_UP_DAYS days, sharing at least one place or agency (language-independent entity ids); or,
  published the same or the next day (FOLLOW_UP_CLOSE_DAYS) in the same language and sharing a
  place (an agency alone is too common: the prosecution is in every crime report), a lower Jaccard
  (≥ FOLLOW_UP_CLOSE) when the two share a rare word band (an LSH bucket of at most RARE_BAND earlier
  articles: rare words such as a victim's name, not the beat's common words);
- translation (another language): the same outlet, the same number of paragraphs (at least
  MIN_PARAGRAPHS), paragraph lengths in the same proportions (correlation ≥ TRANSLATION_PROFILE)
  and the same figures (≥ 2 shared, ≥ TRANSLATION_NUMBERS of the smaller set; with no figure in
  either, 5+ paragraphs and a stricter correlation), undated or within FOLLOW_UP_DAYS days.
  Word overlap cannot see across languages; translations keep their paragraphs and their figures.

A story id is derived from the id of its first article (`s-` + 12 hex digits), so it never changes
when articles are added: `--update` rebuilds the assigner from the stored articles and new articles
join the existing stories. Pure Python + numpy; the hashes are crc32, stable across processes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .analysis import normalize_arabic
from .analysis.chains import STOPWORDS

PERMUTATIONS = 64
SHINGLE = 3
SHINGLE_BANDS, SHINGLE_ROWS = 16, 4  # LSH: pairs above Jaccard ~0.5 collide in some band
WORD_BANDS, WORD_ROWS = 32, 2  # pairs above Jaccard ~0.18 collide
NEAR_DUPLICATE = 0.5
FOLLOW_UP = 0.30
FOLLOW_UP_DAYS = 3
FOLLOW_UP_CLOSE = 0.10  # a lower word overlap links articles of the same or the next day…
FOLLOW_UP_CLOSE_DAYS = 1
RARE_BAND = 3  # …that share a word band no more than this many earlier articles have (rare words)
MIN_PARAGRAPHS = 3
TRANSLATION_PROFILE = 0.8  # with at least 2 shared figures
TRANSLATION_NUMBERS = 0.6  # shared figures / figures of the article with fewer
TRANSLATION_PROFILE_NO_NUMBERS = 0.95  # neither has a figure: 5+ paragraphs, stricter proportions
MAX_CANDIDATES = 2000  # per article; a band shared by thousands (boilerplate) says nothing
_rng = np.random.default_rng(20201002)  # fixed: signatures must be the same in every process
_PRIME = (1 << 61) - 1
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)
_WORD_RE = re.compile(r"\w+")
_PREFIXES = ("وبال", "فبال", "وال", "بال", "فال", "كال", "لل", "ال")
_NUMBER_RE = re.compile(r"\d+")


def story_id(article_id: str) -> str:
    """The story id a story gets from its first article (ASCII, lowercase, stable)."""
    return "s-" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=6).hexdigest()


def content_words(text: str, normalized: bool = False) -> list[str]:
    """Normalised words without stopwords, Arabic article prefixes cut (cheaper than stemming)."""
    return [key for key, _ in _entries(text if normalized else normalize_arabic(text).lower())]


_ENTRIES: dict[str, tuple[str, int]] = {}  # word → (key, crc32 of key); bounded by MAX_CACHED_WORDS
MAX_CACHED_WORDS = 2**18


def _entries(normalized: str) -> list[tuple[str, int]]:
    """(key, hash) of each content word of a normalised text, in order (one dict lookup a word)."""
    cache = _ENTRIES
    out = []
    for word in _WORD_RE.findall(normalized):
        entry = cache.get(word)
        if entry is None:
            key = _word_key(word)
            entry = (key, zlib.crc32(key.encode("utf-8")))
            if len(cache) < MAX_CACHED_WORDS:
                cache[word] = entry
        if entry[0]:
            out.append(entry)
    return out


def _word_key(word: str) -> str:
    """A word as compared across articles ("" for a stopword, a number or a short word); cached."""
    if word in STOPWORDS or len(word) < 3 or word.isdigit():
        return ""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def _shingles(word_hashes: np.ndarray) -> np.ndarray:
    """32-bit hashes of the word 3-shingles (all the words if fewer), combined from word hashes."""
    if len(word_hashes) < SHINGLE:
        return word_hashes
    mixed = word_hashes[:-2] * np.uint64(0x9E3779B1) + word_hashes[1:-1] * np.uint64(0x85EBCA77)
    return (mixed + word_hashes[2:]) & np.uint64(0xFFFFFFFF)


def minhash(values: np.ndarray) -> np.ndarray:
    """MinHash signature (PERMUTATIONS values) of a set of 32-bit hashes; all-max for an empty set."""
    if not len(values):
        return np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    # (a*x + b) mod p with x < 2**32 and a, b < 2**61 would overflow uint64: split a in two halves.
    x = np.unique(values)[:, None]
    lo, hi = _A & np.uint64(0xFFFFFFFF), _A >> np.uint64(32)
    mixed = (x * lo + ((x * hi) << np.uint64(32)) + _B) % np.uint64(_PRIME)
    return mixed.min(axis=0)


def _bands(signature: np.ndarray, bands: int, rows: int) -> list[bytes]:
    return [bytes([b]) + signature[b * rows : (b + 1) * rows].tobytes() for b in range(bands)]


def _paragraph_profile(body: str) -> np.ndarray:
    lengths = np.array([len(p) for p in body.split("\n") if p.strip()], dtype=np.float64)
    return lengths / lengths.sum() if lengths.sum() else lengths


def _translation(profile: np.ndarray, numbers: frozenset[str], other: _Known) -> bool:
    """Same paragraphs in the same proportions, and the same figures (or none in either)."""
    if numbers and other.numbers:
        shared = len(numbers & other.numbers)
        if shared < 2 or shared / min(len(numbers), len(other.numbers)) < TRANSLATION_NUMBERS:
            return False
        return _correlation(profile, other.profile) >= TRANSLATION_PROFILE
    if numbers or other.numbers:
        return False
    return len(profile) >= 5 and _correlation(profile, other.profile) >= TRANSLATION_PROFILE_NO_NUMBERS


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two equal-length profiles; 0.0 when either is flat."""
    a, b = a - a.mean(), b - b.mean()
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum()) / norm if norm else 0.0


@dataclass
class _Known:
    story: str
    day: int | None
    lang: str
    outlet: str
    entities: frozenset[str]
    numbers: frozenset[str]
    profile: np.ndarray


@dataclass
class StoryFeatures:
    """What the assigner compares of one article (small, picklable: computed in a worker process)."""

    has_words: bool
    shingle_sig: np.ndarray
    word_sig: np.ndarray
    shingle_keys: list[bytes]
    word_keys: list[bytes]
    day: int | None
    lang: str
    outlet: str
    entities: frozenset[str]
    numbers: frozenset[str]
    profile: np.ndarray


def story_features(
    title: str, body: str, published: datetime | None, lang: str, outlet: str, entities: Iterable[str]
) -> StoryFeatures:
    """The features of an article: `story_features(title, body, None, "ar", "Hespress", ["city:nador"])`."""
    text = normalize_arabic(title + "\n" + body).lower()
    entries = _entries(text)
    word_hashes = np.fromiter((h for _, h in entries), dtype=np.uint64, count=len(entries))
    shingle_sig = minhash(_shingles(word_hashes))
    word_sig = minhash(word_hashes)
    return StoryFeatures(
        has_words=bool(entries),
        shingle_sig=shingle_sig,
        word_sig=word_sig,
        shingle_keys=_bands(shingle_sig, SHINGLE_BANDS, SHINGLE_ROWS),
        word_keys=_bands(word_sig, WORD_BANDS, WORD_ROWS),
        day=published.toordinal() if published else None,
        lang=lang,
        outlet=outlet,
        entities=frozenset(entities),
        numbers=frozenset(_NUMBER_RE.findall(text)),
        profile=_paragraph_profile(body),
    )


def document_features(doc: dict[str, Any]) -> StoryFeatures:
    """The features of a Whoosh document (indexer.to_document's dict)."""
    entities = [
        f"{kind}:{v}" for kind in ("city", "agency") for v in str(doc.get(kind) or "").split(",") if v
    ]
    return story_features(
        doc.get("_stored_title") or doc.get("title") or "",
        doc.get("_stored_body") or doc.get("body") or "",
        doc.get("published"),
        doc.get("lang") or "",
        doc.get("outlet") or "",
        entities,
    )


class StoryAssigner:
    """Assigns story ids to articles one at a time, each compared with every article before it."""

    def __init__(self) -> None:
        self.known: list[_Known] = []
        self.shingle_sigs = np.zeros((1024, PERMUTATIONS), dtype=np.uint64)  # row i: article i
        self.word_sigs = np.zeros((1024, PERMUTATIONS), dtype=np.uint64)
        self.shingle_buckets: dict[bytes, list[int]] = defaultdict(list)
        self.word_buckets: dict[bytes, list[int]] = defaultdict(list)
        self.structure: dict[tuple[str, int], list[int]] = defaultdict(list)  # (outlet, paragraphs)

    def __len__(self) -> int:
        return len(self.known)

    def assign(
        self,
        article_id: str,
        title: str,
        body: str,
        published: datetime | None,
        lang: str,
        outlet: str,
        entities: Iterable[str],
        story: str | None = None,
    ) -> str:
        """The article's story id; `story` given: remember the article as already in that story."""
        return self.assign_features(
            article_id, story_features(title, body, published, lang, outlet, entities), story
        )

    def assign_features(self, article_id: str, features: StoryFeatures, story: str | None = None) -> str:
        """`assign` for features computed elsewhere (by the indexer's worker processes)."""
        f = features
        if story is None:
            story = self._match(f) or story_id(article_id)
        index = len(self.known)
        self.known.append(_Known(story, f.day, f.lang, f.outlet, f.entities, f.numbers, f.profile))
        if index == len(self.shingle_sigs):  # grow by doubling
            self.shingle_sigs = np.concatenate([self.shingle_sigs, np.zeros_like(self.shingle_sigs)])
            self.word_sigs = np.concatenate([self.word_sigs, np.zeros_like(self.word_sigs)])
        self.shingle_sigs[index] = f.shingle_sig
        self.word_sigs[index] = f.word_sig
        if f.has_words:
            for key in f.shingle_keys:
                self.shingle_buckets[key].append(index)
            for key in f.word_keys:
                self.word_buckets[key].append(index)
        if len(f.profile) >= MIN_PARAGRAPHS:
            self.structure[(f.outlet, len(f.profile))].append(index)
        return story

    def _candidates(self, buckets: dict[bytes, list[int]], keys: list[bytes]) -> np.ndarray:
        found: set[int] = set()
        for key in keys:
            members = buckets.get(key)
            if members:
                found.update(members[-MAX_CANDIDATES:])
        return np.fromiter(found, dtype=np.int64, count=len(found))

    def _match(self, f: StoryFeatures) -> str | None:
        words, shingle_sig, word_sig, day, lang = f.has_words, f.shingle_sig, f.word_sig, f.day, f.lang
        outlet, entities, numbers, profile = f.outlet, f.entities, f.numbers, f.profile
        shingle_keys, word_keys = f.shingle_keys, f.word_keys
        best: tuple[float, int] | None = None
        if words:
            near = self._candidates(self.shingle_buckets, shingle_keys)
            if len(near):
                sims = (self.shingle_sigs[near] == shingle_sig).mean(axis=1)
                top = int(np.argmax(sims))
                if sims[top] >= NEAR_DUPLICATE:
                    best = (1.0 + float(sims[top]), int(near[top]))
            if best is None:
                related = self._candidates(self.word_buckets, word_keys)
                if len(related):
                    sims = (self.word_sigs[related] == word_sig).mean(axis=1)
                    # Articles sharing a band few others have share rare words (names, objects), which
                    # tell one event from another far better than the common words of the beat do.
                    rare = {
                        i
                        for key in word_keys
                        if len(members := self.word_buckets.get(key, ())) <= RARE_BAND
                        for i in members
                    }
                    for order in np.argsort(-sims):
                        sim = float(sims[order])
                        if sim < min(FOLLOW_UP, FOLLOW_UP_CLOSE):
                            break
                        index = int(related[order])
                        other = self.known[index]
                        if day is None or other.day is None or not entities & other.entities:
                            continue
                        gap = abs(day - other.day)
                        if (sim >= FOLLOW_UP and gap <= FOLLOW_UP_DAYS) or (
                            gap <= FOLLOW_UP_CLOSE_DAYS
                            and other.lang == lang
                            and index in rare
                            and any(e.startswith("city:") for e in entities & other.entities)
                        ):
                            best = (sim, index)
                            break
        if best is None and len(profile) >= MIN_PARAGRAPHS:
            for index in self.structure.get((outlet, len(profile)), []):
                other = self.known[index]
                if other.lang == lang or (day is None) != (other.day is None):
                    continue
                if day is not None and other.day is not None and abs(day - other.day) > FOLLOW_UP_DAYS:
                    continue
                if _translation(profile, numbers, other):
                    best = (0.0, index)
                    break
        return self.known[best[1]].story if best else None

    def assign_document(self, doc: dict[str, Any]) -> str:
        """The story of a Whoosh document (indexer.to_document's dict); its `story` is kept if set."""
        return self.assign_features(doc["id"], document_features(doc), doc.get("story") or None)

    def save(self, path: Path) -> None:
        """Keep the assigner beside the index it was built with, for the next `--update`."""
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> StoryAssigner | None:
        """The assigner saved with an index (None if there is none, or it is unreadable)."""
        try:
            with open(path, "rb") as handle:
                loaded = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return loaded if isinstance(loaded, cls) else None

    @classmethod
    def from_searcher(cls, searcher: Any) -> StoryAssigner:
        """An assigner that knows every article of an index with its story (for `--update`)."""
        assigner = cls()
        for docnum in range(searcher.doc_count_all()):
            if searcher.reader().is_deleted(docnum):
                continue
            assigner.assign_document(dict(searcher.stored_fields(docnum)))
        return assigner
