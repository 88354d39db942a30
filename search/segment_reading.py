"""Bulk reads of one Whoosh segment that Whoosh only offers a value at a time.

    >>> lengths = field_lengths(leaf, "body")        # every document's length, as the scorer reads it
    >>> ids = term_documents(leaf, "story", raw, info)  # a term's documents, from its iter_field info
    >>> ids, weights = leaf_postings(leaf.postings("body", b"term"))  # a block at a time

They read Whoosh 2.7's files through its own objects (pinned version, as the block reader always did);
when a segment is not laid out as expected they fall back to Whoosh's one-at-a-time calls, which
give the same answers (tests/test_build_pipeline.py compares them). At 500k articles the first
search read 1.6M lengths one call each (about 5 s) and looked every story id up twice (about 4 s).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import _length_byte_cache

_BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float64)  # Whoosh's quantised lengths


def field_lengths(leaf: Any, fieldname: str) -> np.ndarray:
    """Each document's (quantised) length of a field in one segment, by document number."""
    count = leaf.doc_count_all()
    perdoc = getattr(leaf, "_perdoc", None)
    if perdoc is not None:
        if not perdoc.has_column(_lenfield(fieldname)):
            return np.zeros(count)  # no document has this field
        stored = numeric_column(leaf, perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN), count)
        if stored is not None and stored.dtype == np.uint8:
            return _BYTE_TO_LENGTH[stored]  # byte 0 (no length) is length 0, as Whoosh's default
    return np.array([leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(count)], dtype=np.float64)


def leaf_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of one segment's postings, a block at a time."""
    if isinstance(matcher, FilterMatcher):  # deleted documents: masked out later by `alive`
        matcher = matcher.child
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    if isinstance(matcher, W3LeafMatcher):
        # Whoosh's block layout (pinned version): data = (ids delta-coded from 0, weights, values);
        # weights None means all 1.0, a single float means all equal.
        while True:
            if matcher._data is None:
                matcher._read_data()
            raw_ids, raw_weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            block = np.asarray(raw_ids, dtype=np.int64)
            ids.append(block if matcher._byteids else np.cumsum(block))
            if raw_weights is None:
                weights.append(np.ones(count))
            elif isinstance(raw_weights, float):
                weights.append(np.full(count, np.float32(raw_weights), dtype=np.float64))
            else:
                weights.append(np.asarray(raw_weights, dtype=np.float32).astype(np.float64))
            if matcher._lastblock:
                break
            matcher._next_block()
    else:  # postings inlined in the term info (rare terms): a handful, read one by one
        one_ids, one_weights = [], []
        while matcher.is_active():
            one_ids.append(matcher.id())
            one_weights.append(matcher.weight())
            matcher.next()
        ids.append(np.asarray(one_ids, dtype=np.int64))
        weights.append(np.asarray(one_weights, dtype=np.float32).astype(np.float64))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(ids), np.concatenate(weights)


def term_documents(leaf: Any, fieldname: str, raw: bytes, info: Any) -> np.ndarray:
    """The documents of a term of one segment (deleted ones included), given the term info that
    `leaf.iter_field` yields with it: a term of one or two documents from the info's bounds, an
    inlined one from the info itself, others a block at a time without a second look-up."""
    count = info.doc_frequency()
    if count == 1:
        return np.array([info.min_id()], dtype=np.int64)
    if count == 2:
        return np.array([info.min_id(), info.max_id()], dtype=np.int64)
    if getattr(info, "is_inlined", None) and info.is_inlined():
        return np.asarray(info.inlined_postings()[0], dtype=np.int64)
    terms = getattr(leaf, "_terms", None)
    if terms is not None and hasattr(terms, "_codec") and hasattr(terms, "_postfile"):
        matcher = terms._codec.postings_reader(terms._postfile, info, leaf.schema[fieldname].format)
    else:
        matcher = leaf.postings(fieldname, raw)
    return leaf_postings(matcher)[0]


def numeric_column(leaf: Any, reader: Any, count: int) -> np.ndarray | None:
    """Every value of a segment's fixed-width numeric column (None if it is not one: read it with
    Whoosh's iterator then). Documents past the stored values take the column's default."""
    if not isinstance(reader, NumericColumn.Reader) or reader._typecode not in "BHIQ":
        return None
    dtype = np.dtype(">" + {"B": "u1", "H": "u2", "I": "u4", "Q": "u8"}[reader._typecode])
    stored = np.frombuffer(reader._dbfile.get(reader._basepos, reader._count * dtype.itemsize), dtype=dtype)
    values = np.full(count, reader._default, dtype=dtype.newbyteorder("="))
    values[: min(count, len(stored))] = stored[:count]
    return values
