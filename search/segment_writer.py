"""Whoosh's SegmentWriter with two costs taken out of writing postings; the files are the same.

    >>> writer = SegmentWriter(ix, limitmb=128, compound=False)   # instead of ix.writer(...)

Measured on Hespress (bench/stage_costs.py, profile of the commit): Whoosh keeps every posting of a
segment as one tuple in a list that it sorts whole at the end (and pickles posting by posting to a
temporary run file when the list passes `limitmb`), then asks the segment's length column for the
field length of every single posting. Here postings are grouped by field and term as they arrive
(documents come in order, so each group is already sorted: only the distinct terms are sorted), a
run spilled to disk is one pickle per term, not per posting, and each document's field lengths are
read once. The postings, their order and every byte of the segment are what Whoosh writes
(tests/test_segment_writer.py compares the files).
"""

from __future__ import annotations

import heapq
import pickle
from collections.abc import Iterator
from typing import Any

from whoosh.util import random_name
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

Posting = tuple[str, bytes, int, float, bytes]  # (field name, term, docnum, weight, encoded value)
Group = tuple[str, bytes, list[Posting]]


class GroupingPool:
    """Postings grouped by (field, term); spilled to sorted runs on disk past `limitmb`."""

    GROUP_BYTES = 250  # estimated memory of a new (field, term) group: dict entry, key, list
    POSTING_BYTES = 140  # of one posting: its tuple, the weight, the encoded value's header

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **_: Any):
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, list[Posting]]] = {}
        self.fieldnames: set[str] = set()
        self.runs: list[str] = []

    def add(self, item: Posting) -> None:
        terms = self.fields.get(item[0])
        if terms is None:
            terms = self.fields[item[0]] = {}
            self.fieldnames.add(item[0])
        group = terms.get(item[1])
        if group is None:
            group = terms[item[1]] = []
            self.size += self.GROUP_BYTES + len(item[1])
        group.append(item)
        self.size += self.POSTING_BYTES + len(item[4] or b"")
        if self.size > self.limit:
            self.save()

    def _groups(self) -> Iterator[Group]:
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for term in sorted(terms):
                yield fieldname, term, terms[term]

    def save(self) -> None:
        """Write the groups held in memory to a run file (sorted) and start again."""
        name = f"{random_name()}.run"
        with self.tempstore.create_file(name).raw_file() as handle:
            dump = pickle.Pickler(handle, pickle.HIGHEST_PROTOCOL).dump
            for group in self._groups():
                dump(group)
        self.runs.append(name)
        self.fields = {}
        self.size = 0

    def _read_run(self, name: str) -> Iterator[Group]:
        with self.tempstore.open_file(name).raw_file() as handle:
            load = pickle.Unpickler(handle).load
            while True:
                try:
                    yield load()
                except EOFError:
                    break
        self.tempstore.delete_file(name)

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting sorted by field, term and document number, as Whoosh's pool gives them."""
        if not self.runs:
            for _, _, postings in self._groups():
                yield from postings
            return
        # Runs are in the order the documents came, so equal keys keep document order: heapq.merge
        # yields equal keys in the order of its inputs.
        sources = [self._read_run(name) for name in self.runs] + [self._groups()]
        for _, _, postings in heapq.merge(*sources, key=lambda group: (group[0], group[1])):
            yield from postings

    def cleanup(self) -> None:
        for name in self.runs:
            if self.tempstore.file_exists(name):
                self.tempstore.delete_file(name)
        self.runs = []


class _Lengths:
    """A segment's field lengths, each document's read once (Whoosh reads one per posting)."""

    def __init__(self, reader: Any):
        self.reader = reader
        self.count = reader.doc_count_all()
        self.by_field: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self.by_field.get(fieldname)
        if lengths is None:
            read = self.reader.doc_field_length
            lengths = self.by_field[fieldname] = [read(d, fieldname, default) for d in range(self.count)]
        return lengths[docnum]


class SegmentWriter(WhooshSegmentWriter):
    """Whoosh's segment writer with the grouping pool and field lengths read once."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = GroupingPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(reader) if reader is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if reader is not None:
            reader.close()
