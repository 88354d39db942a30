"""Facet counting over a whole result set, with numpy arrays instead of per-document Python loops.

    >>> columns = FacetColumns.build(reader, "city")
    >>> counts = columns.count(mask)   # mask: one bool per document of the index

For each facet field the index is read once into two parallel arrays, one entry per (document,
value) pair: `docs[i]` holds the document number and `values[i]` the value number. Counting the
values of any set of documents is then one vectorised `bincount`, whatever the set's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from .extract import GAZETTEER, discovered_label
from .schema import FACET_FIELDS
from .segment_reading import term_documents

LANGUAGE_LABELS = {
    "ar": ("Arabic", "العربية"),
    "en": ("English", "الإنجليزية"),
    "fr": ("French", "الفرنسية"),
    "es": ("Spanish", "الإسبانية"),
    "other": ("Other", "أخرى"),
}
UNKNOWN = "unknown"
UNKNOWN_LABELS = ("Unknown", "غير معروف")


@dataclass
class FacetValue:
    """One value of a facet, the same object for the library, the API and the templates."""

    id: str
    label_en: str
    label_ar: str
    count: int
    selected: bool = False

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_en

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FacetValue:
        return cls(
            data["id"],
            data.get("label_en", data["id"]),
            data.get("label_ar", data["id"]),
            int(data.get("count", 0)),
            bool(data.get("selected", False)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label_en": self.label_en,
            "label_ar": self.label_ar,
            "count": self.count,
            "selected": self.selected,
        }


def facet_labels(fieldname: str, value: str, stored_label: str | None = None) -> tuple[str, str]:
    """English and Arabic labels of a facet value id."""
    kind = FACET_FIELDS.get(fieldname)
    if kind is not None:
        entry = GAZETTEER.get(kind, value)
        if entry is not None:
            return entry.label_en, entry.label_ar
    if kind == "city":  # a place discovered by a cue: its label is read back from its id
        label = discovered_label(value)
        return label, label
    if fieldname == "lang" and value in LANGUAGE_LABELS:
        return LANGUAGE_LABELS[value]
    if value == UNKNOWN:
        return UNKNOWN_LABELS
    label = stored_label or value
    return label, label


def _term_documents(reader: Any, fieldname: str) -> dict[str, np.ndarray]:
    """Each value of a field → its live documents, read segment by segment.

    A multi-segment reader looks every term up in every segment, and the `story` field has a value
    per story (68k at 80k articles: 15 s at the first search). A term's info already holds its
    first and last document, so the postings of a value held by one or two documents (most
    stories) are not read at all (segment_reading.term_documents).
    """
    if fieldname not in reader.schema.names():  # an index built before the field existed
        return {}
    found: dict[str, list[np.ndarray]] = defaultdict(list)
    for leaf, offset in reader.leaf_readers():
        deletions = leaf.has_deletions()
        for raw, info in leaf.iter_field(fieldname):
            ids = term_documents(leaf, fieldname, raw, info)
            if deletions:
                ids = ids[[not leaf.is_deleted(int(i)) for i in ids]]
            if len(ids):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                found[term].append(ids.astype(np.int32) + offset)
    return {term: np.concatenate(parts) for term, parts in found.items()}


SPARSE_FROM = 2048  # (document, value) pairs from which a small result set is counted by document


@dataclass
class FacetColumns:
    field: str
    terms: list[str]  # value ids, by value number
    labels: list[tuple[str, str]]
    docs: np.ndarray  # int32, document number of each (document, value) pair
    values: np.ndarray  # int32, value number of each pair
    has_value: np.ndarray  # bool per document: has at least one value in this field
    postings: dict[str, np.ndarray]  # value id → its documents, for filtering

    @property
    def numbers(self) -> dict[str, int]:
        """Value id → value number."""
        found: dict[str, int] | None = self.__dict__.get("_numbers")
        if found is None:
            found = {term: i for i, term in enumerate(self.terms)}
            self.__dict__["_numbers"] = found
        return found

    @classmethod
    def build(
        cls, reader: Any, fieldname: str, doc_count: int, label_field: str | None = None
    ) -> FacetColumns:
        terms: list[str] = []
        labels: list[tuple[str, str]] = []
        doc_parts: list[np.ndarray] = []
        value_parts: list[np.ndarray] = []
        postings: dict[str, np.ndarray] = {}
        for number, (term, ids) in enumerate(sorted(_term_documents(reader, fieldname).items())):
            stored_label = None
            if label_field and len(ids):
                stored_label = reader.stored_fields(int(ids[0])).get(label_field)
            terms.append(term)
            labels.append(facet_labels(fieldname, term, stored_label))
            postings[term] = ids
            doc_parts.append(ids)
            value_parts.append(np.full(len(ids), number, dtype=np.int32))
        docs = np.concatenate(doc_parts) if doc_parts else np.zeros(0, dtype=np.int32)
        values = np.concatenate(value_parts) if value_parts else np.zeros(0, dtype=np.int32)
        has_value = np.zeros(doc_count, dtype=bool)
        has_value[docs] = True
        return cls(fieldname, terms, labels, docs, values, has_value, postings)

    def mask_for(self, values: list[str], doc_count: int) -> np.ndarray:
        """Documents having any of the values (OR within a facet); "unknown": having none."""
        mask = np.zeros(doc_count, dtype=bool)
        for value in values:
            if value == UNKNOWN:
                mask |= ~self.has_value
            elif value in self.postings:
                mask[self.postings[value]] = True
        return mask

    def count(self, mask: np.ndarray) -> np.ndarray:
        """How many documents in the mask carry each value."""
        if len(self.docs) < 4 * SPARSE_FROM or np.count_nonzero(mask) * 4 > len(self.docs):
            return np.bincount(self.values[mask[self.docs]], minlength=len(self.terms))
        # A result set much smaller than the archive: its documents' values, gathered through the
        # by-document layout, instead of a look at every (document, value) pair of the archive.
        starts, values = self.by_document(len(mask))
        hits = np.flatnonzero(mask)
        first = starts[hits]
        lengths = starts[hits + 1] - first
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(self.terms), dtype=np.int64)
        ends = np.cumsum(lengths)
        positions = np.arange(total) + np.repeat(first - (ends - lengths), lengths)
        return np.bincount(values[positions], minlength=len(self.terms))

    def by_document(self, doc_count: int) -> tuple[np.ndarray, np.ndarray]:
        """(starts, values): document d's values are values[starts[d]:starts[d + 1]]; made once."""
        found = self.__dict__.get("_by_document")
        if found is None or len(found[0]) != doc_count + 1:
            order = np.argsort(self.docs, kind="stable")
            starts = np.searchsorted(self.docs[order], np.arange(doc_count + 1)).astype(np.int64)
            found = (starts, self.values[order])
            self.__dict__["_by_document"] = found
        return found

    def facet_values(
        self,
        mask: np.ndarray,
        selected: list[str],
        limit: int | None = None,
        with_unknown: bool = False,
    ) -> list[FacetValue]:
        """The values present in the mask, by count then id; selected values always included."""
        counts = self.count(mask)
        chosen = set(selected)
        present = counts > 0
        for term in chosen:
            number = self.numbers.get(term)
            if number is not None:
                present[number] = True
        # By count, then id: the terms are in the index's (sorted) order, so the value number breaks
        # ties as the id would. Only the values shown become objects (a facet can hold thousands).
        numbers = np.flatnonzero(present)
        order = numbers[np.lexsort((numbers, -counts[numbers]))]

        def value(i: int) -> FacetValue:
            term = self.terms[i]
            return FacetValue(term, *self.labels[i], count=int(counts[i]), selected=term in chosen)

        unknown: list[FacetValue] = []
        if with_unknown:
            missing = int(np.count_nonzero(mask & ~self.has_value))
            if missing or UNKNOWN in chosen:
                unknown = [FacetValue(UNKNOWN, *UNKNOWN_LABELS, count=missing, selected=UNKNOWN in chosen)]
        if limit is None:
            return [value(int(i)) for i in order] + unknown
        head = [value(int(i)) for i in order[:limit]] + unknown[: max(0, limit - len(order))]
        head += [value(int(i)) for i in order[limit:] if self.terms[int(i)] in chosen]
        head += [v for v in unknown[max(0, limit - len(order)) :] if v.selected]
        return head
