"""Query nodes for translated queries: one concept per source word, and the blend of two languages.

    >>> SynonymSet("drug", [(("مخدر",), 0.7), (("عقار",), 0.3)], fields=("title", "body"))
    >>> Blend(source_query, translated_query, weight=0.9)

`SynonymSet` scores its alternatives as *one* term (Darwish & Oard's probabilistic structured
query): per field, the term frequency is the weighted sum of the alternatives' frequencies and the
document frequency the weighted sum of theirs, then BM25. An alternative of several terms (a phrase
translation) counts where all its terms occur, as often as its rarest one.

`Blend` puts a query and its translation on one scale: each side's scores are divided by the most
that side can score (the sum of its parts' best scores), the translated side is weighted, and a
document takes the better of the two. A strong Arabic match then outranks a weak English one and the
other way round, and the order among one language's own articles is the monolingual order.

Both are Whoosh query objects, so `iter_all_terms` (highlighting) works; `search/ranking.py`
evaluates them over arrays (Whoosh itself would score them as plain ORs).
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq


class _OrLike(wq.CompoundQuery):
    """Matched like an OR by Whoosh itself, but never merged into a surrounding OR when a query is
    normalised (Whoosh flattens nested ORs, which would dissolve a concept into loose terms)."""

    JOINT = " OR "
    intersect_merge = False

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return wq.Or(self.subqueries, boost=self.boost).matcher(searcher, context)


class SynonymSet(_OrLike):
    """Alternatives of one concept: `alternatives` = [(terms, weight)], weights summing to 1."""

    def __init__(
        self,
        source: str,
        alternatives: list[tuple[tuple[str, ...], float]],
        fields: tuple[str, ...] = ("title", "body"),
        boost: float = 1.0,
    ):
        self.source = source
        self.alternatives = alternatives
        self.fields = fields
        subqueries: list[wq.Query] = []
        for terms, _ in alternatives:
            for fieldname in fields:
                parts = [wq.Term(fieldname, t) for t in terms]
                subqueries.append(parts[0] if len(parts) == 1 else wq.And(parts))
        super().__init__(subqueries, boost=boost)

    def normalize(self) -> wq.Query:
        return self

    def __eq__(self, other: Any) -> bool:
        return type(other) is type(self) and (self.source, self.alternatives, self.fields, self.boost) == (
            other.source,
            other.alternatives,
            other.fields,
            other.boost,
        )

    def __hash__(self) -> int:
        return hash((self.source, tuple(self.alternatives), self.fields))

    def __repr__(self) -> str:
        alts = ", ".join(f"{' '.join(t)}:{w:.2f}" for t, w in self.alternatives)
        return f"SynonymSet({self.source!r}: {alts})"


class Blend(_OrLike):
    """A query (`subqueries[0]`) and its translation (`subqueries[1]`), scores put on one scale."""

    def __init__(self, source: wq.Query, translated: wq.Query, weight: float = 1.0):
        self.weight = weight
        super().__init__([source, translated])

    def normalize(self) -> wq.Query:
        # Left as built: each side's scale is the sum of its words' best scores, so the words must
        # stay distinct nodes (normalising would flatten them into one OR of loose terms).
        return self

    def __eq__(self, other: Any) -> bool:
        return (
            type(other) is type(self) and self.subqueries == other.subqueries and self.weight == other.weight
        )

    def __hash__(self) -> int:
        return hash((tuple(self.subqueries), self.weight))

    def __repr__(self) -> str:
        return f"Blend({self.subqueries[0]!r}, {self.subqueries[1]!r}, weight={self.weight})"
