"""Whoosh's SegmentWriter with costs taken out of writing postings; the files are Whoosh's format.

    >>> writer = SegmentWriter(ix, limitmb=128, compound=False)   # instead of ix.writer(...)

Measured on Hespress (bench/stage_costs.py, profile of the commit): Whoosh keeps every posting of a
segment as one tuple in a list that it sorts whole at the end (and pickles posting by posting to a
temporary run file when the list passes `limitmb`), then asks the segment's length column for the
field length of every single posting. Here postings are grouped by field and term as they arrive
(documents come in order, so each group is already sorted: only the distinct terms are sorted), a
run spilled to disk is one pickle per term, not per posting, and each document's field lengths are
read once. The postings, their order and every byte of the segment are what Whoosh writes
(tests/test_build_pipeline.py compares the files), but for the rarest terms, whose few postings are
kept in the term table (`inline`), as Whoosh's format provides for.
"""

from __future__ import annotations

import gc
import heapq
import pickle
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from whoosh.system import pack_ushort
from whoosh.util import random_name
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

Posting = tuple[str, bytes, int, float, bytes]  # (field name, term, docnum, weight, encoded value)
Group = tuple[str, bytes, list[Posting]]


class GroupingPool:
    """Postings grouped by (field, term); spilled to sorted runs on disk past `limitmb`."""

    GROUP_BYTES = 120  # a new (field, term) group: its dict entry and list
    POSTING_BYTES = 180  # one posting, counted as Whoosh's own pool counts it (so `limitmb` means the same)

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
        # One pickle per group, not one Pickler for the run: a Pickler (and an Unpickler reading
        # back) keeps every object it has seen in its memo, which would hold whole runs in memory.
        with self.tempstore.create_file(name).raw_file() as handle:
            for group in self._groups():
                pickle.dump(group, handle, pickle.HIGHEST_PROTOCOL)
        self.runs.append(name)
        self.fields = {}
        self.size = 0

    def _read_run(self, name: str) -> Iterator[Group]:
        with self.tempstore.open_file(name).raw_file() as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    break
        self.tempstore.delete_file(name)

    def iter_groups(self) -> Iterator[Group]:
        """(field, term, postings) sorted by field and term, each term's postings by document."""
        if not self.runs:
            yield from self._groups()
            return
        # Runs are in the order the documents came, so equal keys keep document order: heapq.merge
        # yields equal keys in the order of its inputs.
        sources = [self._read_run(name) for name in self.runs] + [self._groups()]
        merged = heapq.merge(*sources, key=lambda group: (group[0], group[1]))
        current: Group | None = None
        for group in merged:
            if current is not None and (group[0], group[1]) == (current[0], current[1]):
                current[2].extend(group[2])
                continue
            if current is not None:
                yield current
            current = group
        if current is not None:
            yield current

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting sorted by field, term and document number, as Whoosh's pool gives them."""
        for _, _, postings in self.iter_groups():
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

    def field(self, fieldname: str) -> list[int]:
        """Every document's length in one field, by document number."""
        lengths = self.by_field.get(fieldname)
        if lengths is None:
            read = self.reader.doc_field_length
            lengths = self.by_field[fieldname] = [read(d, fieldname, 0) for d in range(self.count)]
        return lengths


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector off while postings pile up: it rescans the millions of (acyclic)
    posting tuples again and again, 40% of the time of adding documents (measured on Hespress)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


INLINE_POSTINGS = 3  # a term with at most this many postings keeps them in its term-table entry


class SegmentWriter(WhooshSegmentWriter):
    """Whoosh's segment writer with the grouping pool and field lengths read once.

    `inline`: the postings of a term with at most that many are kept in its term-table entry, as
    Whoosh's format allows (its readers read them; its own writer cannot, a misspelt method), rather
    than in a zlib-compressed block of the postings file: about half the terms of a segment occur
    in one or two articles. 0: every term gets a block, and the files are Whoosh's, byte for byte.
    """

    def __init__(self, ix: Any, limitmb: int = 128, inline: int = INLINE_POSTINGS, **kwargs: Any):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = GroupingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self.inline = inline

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(reader) if reader is not None else None
        _write_groups(self.fieldwriter, self.schema, lengths, self.pool.iter_groups(), self.inline)
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


def _write_groups(
    fieldwriter: Any, schema: Any, lengths: _Lengths | None, groups: Iterator[Group], inline: int = 0
) -> None:
    """Whoosh's `FieldWriter.add_postings`, a term at a time: each block's ids, weights, values and
    length bounds are set in one step where Whoosh calls `add_posting` once per posting; the blocks
    and the term info are then written by Whoosh's own code, so the bytes are the same (but for
    the terms of at most `inline` postings, kept in their term info)."""
    last_field = None
    for fieldname, btext, postings in groups:
        if fieldname != last_field:
            if last_field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            last_field = fieldname
            field_lengths = lengths.field(fieldname) if lengths is not None else None
        fieldwriter.start_term(btext)
        writer = fieldwriter._postwriter
        limit = writer._blocklimit
        for start in range(0, len(postings), limit):
            if start:  # a full block is written when the next posting arrives, as add_posting does
                writer._write_block()
            block = postings[start : start + limit]
            writer._ids = array("I", [p[2] for p in block])
            weights = [p[3] for p in block]
            writer._weights = array("f", weights)
            writer._maxweight = max(0, max(weights))
            writer._values = [p[4] for p in block if p[4]]
            if field_lengths is not None:
                found = [n for n in (field_lengths[p[2]] for p in block) if n]
                writer._minlength = min(found) if found else None
                writer._maxlength = max(found) if found else 0
        if len(postings) <= inline:
            _finish_inline_term(fieldwriter, btext)
        else:
            fieldwriter.finish_term()
    if last_field is not None:
        fieldwriter.finish_field()


def _finish_inline_term(fieldwriter: Any, btext: bytes) -> None:
    """`finish_term` for a term whose postings go in its term info: what Whoosh's
    `W3PostingsWriter.finish_postings` means to do when a term is under its inline limit (it calls
    `set_inline`, which `W3TermInfo` spells `set_inlined`)."""
    writer = fieldwriter._postwriter
    terminfo = writer._terminfo
    terminfo.add_block(writer)
    terminfo.set_inlined(writer._ids, writer._weights, writer._values)
    writer._terminfo = None
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, terminfo.to_bytes())
