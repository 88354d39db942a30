"""Bulk reads of one Whoosh segment that Whoosh only offers a value at a time.

    >>> lengths = field_lengths(leaf, "body")        # every document's length, as the scorer reads it
    >>> ids = term_documents(leaf, "story", raw, info)  # a term's documents, from its iter_field info

Both read Whoosh 2.7's files through its own objects (pinned version, as ranking.py's block reader);
when a segment is not laid out as expected they fall back to Whoosh's one-at-a-time calls, which
give the same answers (tests/test_build_pipeline.py compares them). At 500k articles the first
search read 1.6M lengths one call each (about 5 s) and looked every story id up twice (about 4 s).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import _length_byte_cache

_BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float64)  # Whoosh's quantised lengths


def field_lengths(leaf: Any, fieldname: str) -> np.ndarray:
    """Each document's (quantised) length of a field in one segment, by document number."""
    count = leaf.doc_count_all()
    perdoc = getattr(leaf, "_perdoc", None)
    reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if reader is None:
        if perdoc is not None and not perdoc.has_column(_lenfield(fieldname)):
            return np.zeros(count)  # no document has this field
    elif isinstance(reader, NumericColumn.Reader) and reader._typecode == "B" and reader._default == 0:
        stored = np.frombuffer(reader._dbfile.get(reader._basepos, reader._count), dtype=np.uint8)
        lengths = np.zeros(count)
        lengths[: len(stored)] = _BYTE_TO_LENGTH[stored[:count]]
        return lengths
    return np.array([leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(count)], dtype=np.float64)


def term_documents(leaf: Any, fieldname: str, raw: bytes, info: Any) -> list[int]:
    """The documents of a term of one segment (deleted ones included), given the term info that
    `leaf.iter_field` yields with it: a term of one or two documents from the info's bounds, an
    inlined one from the info itself, others through their postings without a second look-up."""
    count = info.doc_frequency()
    if count == 1:
        return [info.min_id()]
    if count == 2:
        return [info.min_id(), info.max_id()]
    if getattr(info, "is_inlined", None) and info.is_inlined():
        return list(info.inlined_postings()[0])
    terms = getattr(leaf, "_terms", None)
    if terms is not None and hasattr(terms, "_codec") and hasattr(terms, "_postfile"):
        matcher = terms._codec.postings_reader(terms._postfile, info, leaf.schema[fieldname].format)
        return list(matcher.all_ids())
    return list(leaf.postings(fieldname, raw).all_ids())
