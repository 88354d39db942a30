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

Memory (the build parent holds the assigner for the whole archive): signatures are kept as 32-bit
values, LSH buckets as sorted numpy arrays (`_Buckets`), and per-article facts as columns, about
1.5 kB an article instead of 12 kB (`make bench-story-memory`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import zlib
from array import array
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


_BAND_MIX = _rng.integers(1, 1 << 63, 8, dtype=np.uint64) | np.uint64(1)  # odd multipliers


def _bands(signature: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per LSH band: its rows (the 32-bit signature values) and its number, mixed."""
    rows_of = (signature & np.uint64(0xFFFFFFFF)).reshape(bands, rows)
    keys = np.arange(bands, dtype=np.uint64) * _BAND_MIX[-1]
    for row in range(rows):
        keys = (keys ^ rows_of[:, row]) * _BAND_MIX[row]  # wraps mod 2**64, as meant
    return keys


class _Buckets:
    """LSH buckets: band key → the indices of the articles in it, oldest first.

    A dict of lists costs ~190 bytes an entry; here the entries are two sorted arrays (key, index),
    12 bytes an entry, and the latest additions a small dict merged into them every MERGE entries
    (a linear merge: the new indices are all larger, so a key's members stay in article order).
    """

    MERGE = 1 << 17

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.uint64)
        self.members = np.zeros(0, dtype=np.int32)
        self.recent: dict[int, list[int]] = {}
        self.pending = 0

    def add(self, keys: np.ndarray, index: int) -> None:
        recent = self.recent
        for key in keys.tolist():
            bucket = recent.get(key)
            if bucket is None:
                recent[key] = [index]
            else:
                bucket.append(index)
        self.pending += len(keys)
        if self.pending >= self.MERGE:
            self.merge()

    def merge(self) -> None:
        if not self.recent:
            return
        keys = np.fromiter(
            (k for k, members in self.recent.items() for _ in members), dtype=np.uint64, count=self.pending
        )
        members = np.fromiter(
            (m for ms in self.recent.values() for m in ms), dtype=np.int32, count=self.pending
        )
        order = np.argsort(keys, kind="stable")
        keys, members = keys[order], members[order]
        at = np.searchsorted(self.keys, keys, side="right")
        self.keys = np.insert(self.keys, at, keys)
        self.members = np.insert(self.members, at, members)
        self.recent, self.pending = {}, 0

    def lookup(self, keys: np.ndarray) -> list[np.ndarray]:
        """The members of each key's bucket, oldest first."""
        lo = np.searchsorted(self.keys, keys, side="left")
        hi = np.searchsorted(self.keys, keys, side="right")
        out = []
        for key, start, end in zip(keys.tolist(), lo.tolist(), hi.tolist(), strict=True):
            older = self.members[start:end]
            newer = self.recent.get(key)
            out.append(np.concatenate([older, np.array(newer, dtype=np.int32)]) if newer else older)
        return out


class _Rows:
    """Variable-length rows of numbers in one flat array: row i is values[starts[i]:starts[i + 1]]."""

    def __init__(self, typecode: str) -> None:
        self.values = array(typecode)
        self.starts = array("q", [0])

    def append(self, row: Iterable[Any]) -> None:
        self.values.extend(row)
        self.starts.append(len(self.values))

    def __getitem__(self, index: int) -> np.ndarray:
        return np.asarray(self.values[self.starts[index] : self.starts[index + 1]])


def _paragraph_profile(body: str) -> np.ndarray:
    lengths = np.array([len(p) for p in body.split("\n") if p.strip()], dtype=np.float64)
    return lengths / lengths.sum() if lengths.sum() else lengths


def _figure_hashes(numbers: Iterable[str]) -> np.ndarray:
    """The figures of an article as sorted unique crc32 values (compact, compared with intersect1d)."""
    return np.unique(np.fromiter((zlib.crc32(n.encode()) for n in numbers), dtype=np.uint32))


def _translation(
    profile: np.ndarray, numbers: np.ndarray, other_profile: np.ndarray, other_numbers: np.ndarray
) -> bool:
    """Same paragraphs in the same proportions, and the same figures (or none in either)."""
    if len(numbers) and len(other_numbers):
        shared = len(np.intersect1d(numbers, other_numbers, assume_unique=True))
        if shared < 2 or shared / min(len(numbers), len(other_numbers)) < TRANSLATION_NUMBERS:
            return False
        return _correlation(profile, other_profile) >= TRANSLATION_PROFILE
    if len(numbers) or len(other_numbers):
        return False
    return len(profile) >= 5 and _correlation(profile, other_profile) >= TRANSLATION_PROFILE_NO_NUMBERS


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two equal-length profiles; 0.0 when either is flat."""
    a, b = a - a.mean(), b - b.mean()
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum()) / norm if norm else 0.0


@dataclass
class StoryFeatures:
    """What the assigner compares of one article (small, picklable: computed in a worker process)."""

    has_words: bool
    shingle_sig: np.ndarray
    word_sig: np.ndarray
    shingle_keys: np.ndarray  # uint64, one a band
    word_keys: np.ndarray
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

    NO_DAY = 0  # date.toordinal() is at least 1

    def __init__(self) -> None:
        # One entry an article (index i = the i-th article assigned), as columns: see the module doc.
        self.stories: list[str] = []
        self.days = array("i")
        self.langs: list[str] = []  # interned: one string a language
        self.outlets: list[str] = []
        self.entities: list[frozenset[str]] = []  # one frozenset a distinct set of places/agencies
        self.profiles = _Rows("d")  # paragraph-length profile (only articles with MIN_PARAGRAPHS)
        self.figures = _Rows("I")  # _figure_hashes (idem)
        self.shingle_sigs = np.zeros((1024, PERMUTATIONS), dtype=np.uint32)  # row i: article i
        self.word_sigs = np.zeros((1024, PERMUTATIONS), dtype=np.uint32)
        self.shingle_buckets = _Buckets()
        self.word_buckets = _Buckets()
        self.structure: dict[tuple[str, int], list[int]] = defaultdict(list)  # (outlet, paragraphs)
        self._entity_sets: dict[frozenset[str], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.stories)

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
        shaped = len(f.profile) >= MIN_PARAGRAPHS  # only such articles can be translations
        figures = _figure_hashes(f.numbers) if shaped else np.zeros(0, dtype=np.uint32)
        if story is None:
            story = self._match(f, figures) or story_id(article_id)
        index = len(self.stories)
        self.stories.append(story)
        self.days.append(self.NO_DAY if f.day is None else f.day)
        self.langs.append(sys.intern(f.lang))
        self.outlets.append(sys.intern(f.outlet))
        self.entities.append(self._entity_sets.setdefault(f.entities, f.entities))
        self.profiles.append(f.profile if shaped else ())
        self.figures.append(figures.tolist() if shaped else ())
        if index == len(self.shingle_sigs):  # grow by half
            grow = max(1024, len(self.shingle_sigs) // 2)
            self.shingle_sigs = np.concatenate([self.shingle_sigs, np.zeros((grow, PERMUTATIONS), np.uint32)])
            self.word_sigs = np.concatenate([self.word_sigs, np.zeros((grow, PERMUTATIONS), np.uint32)])
        self.shingle_sigs[index] = f.shingle_sig.astype(np.uint32)  # low 32 bits: enough to compare
        self.word_sigs[index] = f.word_sig.astype(np.uint32)
        if f.has_words:
            self.shingle_buckets.add(f.shingle_keys, index)
            self.word_buckets.add(f.word_keys, index)
        if shaped:
            self.structure[(f.outlet, len(f.profile))].append(index)
        return story

    @staticmethod
    def _candidates(buckets: list[np.ndarray]) -> np.ndarray:
        """The articles in any of the buckets (the latest MAX_CANDIDATES of each), oldest first."""
        tails = [members[-MAX_CANDIDATES:] for members in buckets if len(members)]
        return np.unique(np.concatenate(tails)) if tails else np.zeros(0, dtype=np.int32)

    def _day(self, index: int) -> int | None:
        day = self.days[index]
        return None if day == self.NO_DAY else day

    def _match(self, f: StoryFeatures, figures: np.ndarray) -> str | None:
        words, day, lang, entities, profile = f.has_words, f.day, f.lang, f.entities, f.profile
        shingle_sig = f.shingle_sig.astype(np.uint32)
        word_sig = f.word_sig.astype(np.uint32)
        best: tuple[float, int] | None = None
        if words:
            near = self._candidates(self.shingle_buckets.lookup(f.shingle_keys))
            if len(near):
                sims = (self.shingle_sigs[near] == shingle_sig).mean(axis=1)
                top = int(np.argmax(sims))
                if sims[top] >= NEAR_DUPLICATE:
                    best = (1.0 + float(sims[top]), int(near[top]))
            if best is None:
                word_buckets = self.word_buckets.lookup(f.word_keys)
                related = self._candidates(word_buckets)
                if len(related):
                    sims = (self.word_sigs[related] == word_sig).mean(axis=1)
                    # Articles sharing a band few others have share rare words (names, objects), which
                    # tell one event from another far better than the common words of the beat do.
                    rare = {int(i) for members in word_buckets if len(members) <= RARE_BAND for i in members}
                    for order in np.argsort(-sims, kind="stable"):
                        sim = float(sims[order])
                        if sim < min(FOLLOW_UP, FOLLOW_UP_CLOSE):
                            break
                        index = int(related[order])
                        other_day = self._day(index)
                        shared = entities & self.entities[index]
                        if day is None or other_day is None or not shared:
                            continue
                        gap = abs(day - other_day)
                        if (sim >= FOLLOW_UP and gap <= FOLLOW_UP_DAYS) or (
                            gap <= FOLLOW_UP_CLOSE_DAYS
                            and self.langs[index] == lang
                            and index in rare
                            and any(e.startswith("city:") for e in shared)
                        ):
                            best = (sim, index)
                            break
        if best is None and len(profile) >= MIN_PARAGRAPHS:
            for index in self.structure.get((f.outlet, len(profile)), []):
                other_day = self._day(index)
                if self.langs[index] == lang or (day is None) != (other_day is None):
                    continue
                if day is not None and other_day is not None and abs(day - other_day) > FOLLOW_UP_DAYS:
                    continue
                if _translation(profile, figures, self.profiles[index], self.figures[index]):
                    best = (0.0, index)
                    break
        return self.stories[best[1]] if best else None

    def assign_document(self, doc: dict[str, Any]) -> str:
        """The story of a Whoosh document (indexer.to_document's dict); its `story` is kept if set."""
        return self.assign_features(doc["id"], document_features(doc), doc.get("story") or None)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the signature rows not used yet (up to a third of them)."""
        self.shingle_buckets.merge()
        self.word_buckets.merge()
        state = dict(self.__dict__)
        state["shingle_sigs"] = self.shingle_sigs[: len(self)]
        state["word_sigs"] = self.word_sigs[: len(self)]
        return state

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
        # an assigner saved by an older Mirsad has other attributes: rebuilt from the index instead
        return (
            loaded
            if isinstance(loaded, cls) and isinstance(loaded.__dict__.get("word_buckets"), _Buckets)
            else None
        )

    @classmethod
    def from_searcher(cls, searcher: Any) -> StoryAssigner:
        """An assigner that knows every article of an index with its story (for `--update`)."""
        assigner = cls()
        for docnum in range(searcher.doc_count_all()):
            if searcher.reader().is_deleted(docnum):
                continue
            assigner.assign_document(dict(searcher.stored_fields(docnum)))
        return assigner
