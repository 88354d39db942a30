"""User query syntax → a Whoosh query object. Pure: building a query never touches an index.

    >>> build_query('خلايا "تفكيك الخلايا" -مدريد city:Nador year:2015..2020')

Syntax (every part optional, any order):
  words           documents with more of the words rank higher; some of the words is enough to be found
  "exact phrase"  matched as written, modulo diacritics and letter forms («…» and “…” work too)
  -word -"phrase" excluded
  a OR b          either (also `|`)
  field:value     city:, agency:, wire:, year:, years:, title:, source:, lang:, author:, category:, story:
  year:2015..2020 a year range (also 2015-2020); years: is the years-mentioned facet
  date:2020-09-01..2020-09-15  a publication-date range (open ends, or one year/month/day: date:2020-09);
                  not part of the Whoosh query: ParsedQuery.dates, applied as a mask (dateranges.py)

Broken syntax (an unclosed quote, a stray `-` or `:`, brackets) gets its best reading, never an
exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from .analysis import analyze, exact_analyzer, normalize_arabic, strip_marks, text_analyzer
from .analysis.french import FRENCH
from .dateranges import BadDate, DateRange
from .extract import GAZETTEER
from .highlight import WRITTEN_PREFIX
from .translate import Translation, script_of
from .translate.structured import Blend, SynonymSet

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 64
# No coordination bonus: Whoosh's CoordMatcher (Or(scale=…)) returns a different best hit depending
# on the result limit, and it measured no gain on XQuAD. BM25 already ranks documents with more of
# the query words higher.
COORD_SCALE: float | None = None

TEXT_FIELDS = ("title", "body")
ENTITY_FIELDS = {"city": "city", "agency": "agency", "wire": "wire"}
YEAR_FIELDS = {"year": "year", "years": "years_mentioned", "years_mentioned": "years_mentioned"}
KEYWORD_FIELDS = ("source", "lang", "category", "story")
QUERY_FIELDS = (*ENTITY_FIELDS, *YEAR_FIELDS, *KEYWORD_FIELDS, "title", "author", "date")

_TEXT = text_analyzer()
_EXACT = exact_analyzer()
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "″": '"'})
_TOKEN_RE = re.compile(
    r"""(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))"""
)
_YEAR_RANGE_RE = re.compile(r"^(\d{4})\s*(?:\.\.|-|–|to)\s*(\d{4})$")


@dataclass
class Clause:
    """One piece of the user's query."""

    kind: str  # "word", "phrase" or "field"
    text: str
    field: str | None = None
    negated: bool = False


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # each group: alternatives joined by OR
    notes: list[str] = field(default_factory=list)  # what was ignored or reinterpreted, for the user
    dates: list[tuple[DateRange, bool]] = field(default_factory=list)  # date: clauses, (range, negated)

    def date_range(self) -> DateRange:
        """The intersection of the query's (not negated) date: clauses; open if there are none."""
        out = DateRange()
        for found, negated in self.dates:
            if not negated:
                out = out.intersect(found)
        return out


def parse(text: str) -> ParsedQuery:
    """Split the user's text into clauses; OR joins its neighbours into one group."""
    parsed = ParsedQuery()
    if len(text) > MAX_QUERY_CHARS:
        parsed.notes.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS]
    text = text.translate(_QUOTES).replace("(", " ").replace(")", " ")
    pending_or = False
    pending_field: str | None = None
    for m in _TOKEN_RE.finditer(text):
        field_name = (m.group("field") or "").lower() or None
        phrase, word = m.group("phrase"), m.group("word")
        if word in ("OR", "|", "||"):
            pending_or = bool(parsed.groups)
            continue
        if word and word.endswith(":") and word[:-1].lower() in QUERY_FIELDS:
            pending_field = word[:-1].lower()  # "city: الناظور": the value follows the space
            continue
        if pending_field and not field_name:
            field_name, pending_field = pending_field, None
        if field_name and field_name not in QUERY_FIELDS:
            # Not a field we know (a URL, "note:"): read it as words.
            word = f"{field_name} {word or phrase or ''}"
            phrase, field_name = None, None
        if phrase is not None:
            clause = Clause("field" if field_name else "phrase", phrase.strip(), field_name)
        else:
            value = (word or "").strip("-:")
            if not value:
                continue
            clause = Clause("field" if field_name else "word", value, field_name)
        if not clause.text:
            continue
        clause.negated = bool(m.group("neg"))
        if clause.field == "date":  # a date range is a mask over the dates array, not a query term
            try:
                parsed.dates.append((DateRange.parse(clause.text), clause.negated))
            except BadDate:
                parsed.notes.append(f"date:{clause.text[:40]} ignored: use date:YYYY-MM-DD..YYYY-MM-DD")
            pending_or = False
            continue
        if pending_or and not clause.negated:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        pending_or = False
        if len(parsed.groups) >= MAX_CLAUSES:
            parsed.notes.append(f"only the first {MAX_CLAUSES} parts of the query were used")
            break
    return parsed


# Weight of the translated side of a blended query (its scores scaled to 0–1 like the original's),
# by mode: below 1, so that an article matching the query as typed wins over one matching it as
# well in translation (translations are noisier than the words the user chose); lower when the
# translation was not asked for (`auto`), so that own-language results keep their places unless
# the other language's evidence is clearly stronger.
XLANG_WEIGHT = {"on": 0.9, "auto": 0.6}
EXACT_BOOST = 0.5  # weight of the word as written (the exact field) beside its stem


def _text_terms(text: str) -> list[wq.Query]:
    """One query per analysed word: the stem in the title or the body (and the word as written)."""
    written = [(w, analyze(w, _TEXT)) for w in analyze(text, _EXACT)] if EXACT_BOOST else []
    out: list[wq.Query] = []
    for token in _TEXT(text, removestops=True, positions=False, chars=False):
        stem = token.text
        alternatives: list[wq.Query] = [wq.Term(f, stem) for f in TEXT_FIELDS]
        alternatives += [wq.Term("exact", w, boost=EXACT_BOOST) for w, stems in written if stems == [stem]]
        out.append(wq.Or(alternatives))
    return out


def _french_stems(text: str, english: list[wq.Query]) -> list[str]:
    """The French stems of the clause's words, when they differ from the English ones ([] if not).

    A word every English query drops (a stopword: "the", "في") is dropped for French too, so
    stopword-only queries and English collections behave exactly as before French existed.
    """
    if not english:
        return []
    french = analyze(text, _TEXT, lang=FRENCH)
    return french if french != analyze(text, _TEXT) else []


def _text_query(text: str) -> wq.Query | None:
    """The words of one clause: each word's stem in title or body, and its written form in `exact`;
    a Latin word also by its French stem (`armées` → `fr:arme`), which only French articles hold.

    One word: one OR of all its forms. Several words in one clause (`l'armée`, `al-Qaeda`): all the
    English stems, or else all the French ones (`l` is an elided article in French, not a word).
    """
    english = _text_terms(text)
    french = _french_stems(text, english)
    if not english:
        return None
    if not french:
        return english[0] if len(english) == 1 else wq.And(english)
    french_words = [[wq.Term(f, stem) for f in TEXT_FIELDS] for stem in french]
    if len(english) == 1 and len(french) == 1:
        return wq.Or([*english[0].subqueries, *french_words[0]])
    english_query = english[0] if len(english) == 1 else wq.And(english)
    french_ors = [wq.Or(w) for w in french_words]
    french_query = french_ors[0] if len(french_ors) == 1 else wq.And(french_ors)
    return wq.Or([english_query, french_query])


def _phrase(fieldname: str, words: list[str]) -> wq.Query | None:
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(fieldname, words[0])
    return wq.Phrase(fieldname, words)


def _year_query(fieldname: str, value: str) -> wq.Query | None:
    value = normalize_arabic(value).strip()
    m = _YEAR_RANGE_RE.match(value)
    if m:
        low, high = sorted((m.group(1), m.group(2)))
        return wq.TermRange(fieldname, low, high)
    if re.fullmatch(r"\d{4}", value):
        return wq.Term(fieldname, value)
    return None


def entity_id(kind: str, value: str) -> str:
    """A facet value as an id: a gazetteer alias in any language or script resolves to its id."""
    entry = GAZETTEER.lookup(kind, value)
    if entry is not None:
        return entry.id
    return value.strip().lower()


def _field_query(clause: Clause) -> wq.Query | None:
    name, value = clause.field or "", clause.text
    if name in ENTITY_FIELDS:
        return wq.Term(ENTITY_FIELDS[name], entity_id(name, value))
    if name in YEAR_FIELDS:
        return _year_query(YEAR_FIELDS[name], value)
    if name in KEYWORD_FIELDS:
        return wq.Term(name, value.strip().lower())
    if name == "title":  # title:word, or title:"a phrase" (the title field keeps positions)
        forms = [analyze(value, _TEXT)]  # English stems, then French ones if they differ
        french = analyze(value, _TEXT, lang=FRENCH)
        if forms[0] and french and french != forms[0]:
            forms.append(french)
        if " " in value.strip():
            built = [p for stems in forms if (p := _phrase("title", stems)) is not None]
        else:
            built = [wq.And([wq.Term("title", s) for s in stems]) for stems in forms if stems]
        return (built[0] if len(built) == 1 else wq.Or(built)) if built else None
    if name == "author":  # every word of the name; the author field keeps no positions
        words = analyze(value, _EXACT)
        return wq.And([wq.Term("author", w) for w in words]) if words else None
    return None


def _clause_query(clause: Clause) -> tuple[wq.Query | None, bool]:
    """The query of one clause and whether it is required (phrases, fields) or optional (words)."""
    if clause.kind == "phrase":
        return _phrase("exact", analyze(clause.text, _EXACT)), True
    if clause.kind == "field":
        built = _field_query(clause)
        if built is not None:
            return built, True
        # A field value that makes no sense (year:abc): fall back to its words.
        clause = Clause("word", clause.text)
    return _text_query(clause.text), False


ENTITY_BOOST = 0.5  # an entity named in the query, matched through the facet field
MAX_ENTITY_WORDS = 4


def entity_terms(words: list[str]) -> list[wq.Term]:
    """Facet terms for gazetteer names among the query words (longest first): "Nador" → city:nador.

    This is what makes an English query find an Arabic article that names the same place or body,
    and the other way round: the facet fields hold language-independent ids.
    """
    terms: list[wq.Term] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_ENTITY_WORDS, len(words) - i), 0, -1):
            name = " ".join(words[i : i + n])
            entry = next((e for kind in ENTITY_FIELDS if (e := GAZETTEER.lookup(kind, name))), None)
            if entry is not None and (n > 1 or len(name) > 2) and not GAZETTEER.is_common_word(entry, name):
                term = wq.Term(entry.kind, entry.id, boost=ENTITY_BOOST)
                if term not in terms:
                    terms.append(term)
                i += n
                break
        else:
            i += 1
    return terms


@dataclass
class QueryParts:
    """The pieces a query is assembled from; a translated query reuses all but the free words."""

    required: list[wq.Query] = field(default_factory=list)  # phrases and fields
    phrases: list[wq.Query] = field(default_factory=list)  # the required phrases (a subset)
    optional: list[wq.Query] = field(default_factory=list)  # free words and the entities they name
    excluded: list[wq.Query] = field(default_factory=list)
    nothing: bool = False  # words that can never match: the query matches nothing


def query_parts(parsed: ParsedQuery) -> QueryParts:
    parts = QueryParts()
    stop_only: list[str] = []
    for group in parsed.groups:
        built = [_clause_query(c) for c in group]
        queries = [q for q, _ in built if q is not None]
        if not queries:
            stop_only.extend(c.text for c in group if c.kind == "word")
            continue
        is_required = all(req for q, req in built if q is not None)
        one = queries[0] if len(queries) == 1 else wq.Or(queries)
        if group[0].negated:
            parts.excluded.append(one)
        elif is_required:
            parts.required.append(one)
            if all(c.kind == "phrase" for c in group):
                parts.phrases.append(one)
        else:
            parts.optional.append(one)
    parts.optional.extend(entity_terms(" ".join(free_words(parsed)).split()))
    if not parts.required and not parts.optional and stop_only:
        # Only stopwords ("في", "the"): look for them as written rather than return everything.
        written = analyze(" ".join(stop_only), _EXACT)
        parts.optional = [wq.Term("exact", w) for w in written]
        if not written and any(ch.isalnum() for w in stop_only for ch in strip_marks(w)):
            parts.nothing = True  # a 100,000-letter "word" can never match: nothing, not all
    return parts


def free_words(parsed: ParsedQuery) -> list[str]:
    """The query's words outside phrases and fields, not excluded: what ranks."""
    return [c.text for group in parsed.groups for c in group if c.kind == "word" and not c.negated]


def translatable_words(parsed: ParsedQuery) -> list[str]:
    """What is translated: the free words and the words of quoted phrases (a phrase typed in one
    language cannot be required, as written, in the other language's articles)."""
    return [
        word
        for group in parsed.groups
        for c in group
        if c.kind in ("word", "phrase") and not c.negated
        for word in c.text.split()
    ]


def assemble(
    parts: QueryParts, optional: list[wq.Query] | None = None, coord: float | None = None
) -> wq.Query:
    """Required AND-MAYBE optional, minus the excluded (`optional` replaces the parts' own)."""
    if parts.nothing:
        return wq.NullQuery
    optional = parts.optional if optional is None else optional
    required = parts.required
    if optional:
        words_query: wq.Query = optional[0] if len(optional) == 1 else wq.Or(optional, scale=coord)
    if required and optional:
        positive: wq.Query = wq.AndMaybe(wq.And(required) if len(required) > 1 else required[0], words_query)
    elif required:
        positive = wq.And(required) if len(required) > 1 else required[0]
    elif optional:
        positive = words_query
    else:
        positive = wq.Every()
    if parts.excluded:
        excluded = parts.excluded
        positive = wq.AndNot(positive, wq.Or(excluded) if len(excluded) > 1 else excluded[0])
    return positive


def build_query(
    text: str | ParsedQuery,
    coord: float | None = COORD_SCALE,
    translation: Translation | None = None,
    xlang: str = "auto",
) -> wq.Query:
    """The Whoosh query for the user's text. Never raises; an empty query matches everything.

    With a `translation` (see search.translate), the query and its translation are blended: the
    translated side keeps the field filters and exclusions, and its words (quoted ones too) are one
    concept per translated word, plus the numbers and the gazetteer entities of the query.
    """
    parsed = parse(text) if isinstance(text, str) else text
    parts = query_parts(parsed)
    source = assemble(parts, coord=coord)
    if not translation or parts.nothing:
        return source
    concepts: list[wq.Query] = [
        SynonymSet(c.source, [(a.terms, a.weight) for a in c.alternatives]) for c in translation.concepts
    ]
    numbers = [t for w in free_words(parsed) if not script_of(w) for t in _text_terms(w)]
    entities = [q for q in parts.optional if isinstance(q, wq.Term) and q.fieldname in ENTITY_FIELDS]
    # The translated side keeps the field filters and exclusions, not the phrases (their words were
    # translated like the others).
    translated_parts = QueryParts(
        required=[q for q in parts.required if q not in parts.phrases],
        excluded=parts.excluded,
        nothing=parts.nothing,
    )
    translated = assemble(translated_parts, concepts + numbers + entities, coord=coord)
    return Blend(source, translated, XLANG_WEIGHT.get(xlang, XLANG_WEIGHT["auto"]))


def build_filter(filters: dict[str, list[str]]) -> wq.Query | None:
    """Facet selections → a filter query: OR within a facet, AND across facets.

    The value "unknown" of `year` selects the articles with no known publication year.
    """
    parts: list[wq.Query] = []
    for name, values in sorted(filters.items()):
        alternatives: list[wq.Query] = []
        for value in values:
            if name == "year" and value == "unknown":
                alternatives.append(wq.And([wq.Every(), wq.Not(wq.Every("year"))]))
            elif name in ENTITY_FIELDS:
                alternatives.append(wq.Term(name, entity_id(name, value)))
            else:
                alternatives.append(wq.Term(name, str(value).strip().lower()))
        if alternatives:
            parts.append(alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def query_entities(q: wq.Query) -> set[tuple[str, str]]:
    """(facet, id) pairs the query looks for, to tell which of a hit's entities made it match."""
    return {
        (f, t.decode("utf-8") if isinstance(t, bytes) else str(t))
        for f, t in q.iter_all_terms()
        if f in ENTITY_FIELDS
    }


def highlight_terms(q: wq.Query) -> set[str]:
    """Stems to highlight in title and body: the query's text terms, phrases re-stemmed, and the
    words of the `exact` field as written (`=word`, see highlight.py)."""
    terms: set[str] = set()
    for fieldname, text in q.iter_all_terms(phrases=True):
        word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        if fieldname in TEXT_FIELDS:
            terms.add(word)
        elif fieldname == "exact":
            terms.update(analyze(word, _TEXT))
            terms.add(WRITTEN_PREFIX + word)
    return terms
