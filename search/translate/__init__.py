"""Query translation, English ↔ Arabic: a query in one language also searches the other's articles.

    >>> t = translate(["Nador", "terrorist", "cell"], vocabulary)
    >>> [(c.source, [a.form for a in c.alternatives]) for c in t.concepts]
    [('Nador', ['الناظور']), ('terrorist cell', ['خلية إرهابية']), …]

Each query word (or phrase the lexicon knows, longest first) becomes one *concept*: its translations
with a weight each, summing to one, scored as one word (a probabilistic structured query, Darwish &
Oard 2003): a word with six translations does not outweigh a word with one. Sources, most trusted
first: the gazetteer (places, agencies, wires), the hand-written news lexicon, FreeDict read forwards
and backwards, and, for names no lexicon has, transliteration checked against the archive's own
vocabulary (`transliterate.py`). A translation is kept only if the archive holds all its terms.
Words with no translation are dropped from the other side rather than searched as foreign strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..analysis import analyze, has_arabic, normalize_arabic, strip_marks
from ..analysis.chains import WORD_PATTERN, text_analyzer
from ..extract import GAZETTEER
from .lexicon import LEXICON, ORIGINS
from .transliterate import arabic_candidates, latin_candidates

XLANG_MODES = ("auto", "on", "off")
MAX_ALTERNATIVES = 3  # translations kept per concept
CANDIDATES = 6  # translations considered per concept before choosing by co-occurrence
COHERENCE_FLOOR = 0.05  # a translation that co-occurs with nothing keeps this much of its weight
MAX_COHERENCE_CONCEPTS = 12
MAX_TRANSLATED_WORDS = 32  # a long query: only its first words are translated (bounded work)
# How much a translation from each source is trusted, before co-occurrence (a transliteration
# brings its own share, by letter similarity).
ORIGIN_WEIGHT = {"gazetteer": 1.0, "news": 1.0, "freedict": 0.6, "freedict-reverse": 0.4}
_TEXT = text_analyzer()
_WORD_RE = re.compile(WORD_PATTERN)
_ENTITY_KINDS = ("city", "agency", "wire")


class Vocabulary(Protocol):
    """What translation needs to know of the archive (an index, or a dict in a test)."""

    def df(self, term: str) -> int: ...

    def candidates(self, key: str, script: str) -> list[tuple[str, int]]: ...


@dataclass
class Alternative:
    form: str  # the translation as written ("النيابة العامة")
    terms: tuple[str, ...]  # its ranking terms, by the articles' own analysis chain
    origin: str  # gazetteer, news, freedict, freedict-reverse, transliteration
    prior: float = 0.0  # a transliteration's share among the spellings found
    weight: float = 0.0  # share of the concept (the weights of a concept sum to 1)
    coherence: float = 0.0  # how much it co-occurs with the other words' translations (0–1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "terms": list(self.terms),
            "origin": self.origin,
            "weight": round(self.weight, 3),
        }


@dataclass
class Concept:
    source: str  # the query word(s) as typed
    target: str  # "ar" or "en"
    alternatives: list[Alternative]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "alternatives": [a.to_dict() for a in self.alternatives],
        }


@dataclass
class Translation:
    """What the query was also searched as: the data shown to the user and turned into a query."""

    concepts: list[Concept] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)  # words with no translation in the archive
    removed: list[str] = field(default_factory=list)  # forms the user took out

    def __bool__(self) -> bool:
        return bool(self.concepts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "concepts": [c.to_dict() for c in self.concepts],
            "untranslated": self.untranslated,
            "removed": self.removed,
        }


def script_of(word: str) -> str:
    """ "ar" for a word with Arabic letters, "en" for Latin letters, "" for digits and symbols."""
    if has_arabic(word):
        return "ar"
    return "en" if any(c.isalpha() for c in word) else ""


def _runs(words: list[str]) -> list[tuple[str, list[str]]]:
    """Consecutive words of one script, so that a lexicon phrase never spans two scripts."""
    runs: list[tuple[str, list[str]]] = []
    for word in words:
        script = script_of(word)
        if runs and runs[-1][0] == script:
            runs[-1][1].append(word)
        else:
            runs.append((script, [word]))
    return runs


def _entity_forms(source: str, target: str) -> list[str]:
    """The gazetteer's names of a place or body in the target script (Nador → الناظور)."""
    for kind in _ENTITY_KINDS:
        entry = GAZETTEER.lookup(kind, source)
        if entry is not None and len(source) > 2:
            names = [entry.label_ar if target == "ar" else entry.label_en, *entry.aliases]
            return [n for n in dict.fromkeys(names) if (script_of(n) == target)]
    return []


def _alternatives(
    forms: list[tuple[str, str]], vocabulary: Vocabulary, removed: set[str], words: int = 1
) -> list[Alternative]:
    """Analysed, deduplicated translations the archive holds, most trusted then most frequent first."""
    seen: dict[tuple[str, ...], Alternative] = {}
    frequency: dict[tuple[str, ...], int] = {}
    for form, origin in forms:
        terms = tuple(analyze(form, _TEXT))
        if not terms or terms in seen or _removed_key(form) in removed:
            continue
        counts = [vocabulary.df(t) for t in terms]
        if min(counts) == 0:
            continue
        seen[terms] = Alternative(form, terms, origin)
        frequency[terms] = min(counts)
    # A translation as long as its source first (a one-word translation of a word; a longer one
    # is usually a definition: oxygenation → المعالجة بالأكسجين), then the most trusted source,
    # then the most frequent in the archive.
    ranked = sorted(
        seen.values(),
        key=lambda a: (len(a.terms) != words, ORIGINS.index(a.origin), -frequency[a.terms]),
    )
    if ranked and len(ranked[0].terms) == words:  # definitions only when nothing better exists
        ranked = [a for a in ranked if len(a.terms) == words]
    return ranked[:CANDIDATES]


def _removed_key(form: str) -> str:
    return normalize_arabic(strip_marks(form)).strip().lower()


def _weigh(alternatives: list[Alternative], by_weight: bool = False) -> None:
    """Weights summing to one: by source (a transliteration arrives with its share among the
    spellings found), or, `by_weight`, from the weights the alternatives already carry."""
    if by_weight:
        raw = [a.weight for a in alternatives]
    else:
        raw = [ORIGIN_WEIGHT.get(a.origin, a.prior) for a in alternatives]
    total = sum(raw) or 1.0
    for a, w in zip(alternatives, raw, strict=True):
        a.weight = w / total


def targets_for(words: list[str], mode: str, archive_langs: set[str]) -> set[str]:
    """Which languages to translate the query into: `auto` only when the archive holds articles in
    the other language of the query's language (an English query over an Arabic archive), `on`
    every word into its other language."""
    if mode == "off":
        return set()
    scripts = [script_of(w) for w in words if script_of(w)]
    other = {"en": "ar", "ar": "en"}
    if mode == "on":
        return {other[s] for s in scripts}
    # auto: the query's language is the script most of its words are written in; an Arabic query
    # with a Latin acronym in it (NFL, DGST) is an Arabic query, not an English one.
    counts = {s: scripts.count(s) for s in set(scripts)}
    dominant = [s for s, n in counts.items() if n == max(counts.values())]
    return {other[s] for s in dominant if other[s] in archive_langs}


def translate(
    words: list[str], vocabulary: Vocabulary, targets: set[str] | None = None, removed: set[str] | None = None
) -> Translation:
    """Translate the query's free words into the other language (`targets`: which to produce).

    `removed`: translations the user took out (as written); they are left out and listed.
    """
    targets = {"ar", "en"} if targets is None else targets
    removed_keys = {_removed_key(r) for r in removed or ()}
    out = Translation(removed=sorted(removed or ()))
    tokens = [t for w in words for t in _WORD_RE.findall(w)]
    for script, run in _runs(tokens[:MAX_TRANSLATED_WORDS]):
        target = {"en": "ar", "ar": "en"}.get(script)
        if target is None or target not in targets:
            continue
        for entry in LEXICON.senses(script, run):
            if not analyze(entry.source, _TEXT):
                continue  # a stopword: nothing to translate
            forms = [(f, "gazetteer") for f in _entity_forms(entry.source, target)]
            forms += entry.targets if not forms else []
            alternatives = _alternatives(forms, vocabulary, removed_keys, entry.end - entry.start)
            single = entry.end - entry.start == 1
            # A capitalised word inside the query is probably a name (Wales, Doctor Who, Broncos):
            # its spelling in the other script is searched beside whatever the dictionary says.
            name_like = (
                script == "en" and entry.source[:1].isupper() and (entry.start > 0 or not alternatives)
            )
            if (
                single
                and (not alternatives or name_like)
                and not any(a.origin == "gazetteer" for a in alternatives)
            ):
                found = (arabic_candidates if target == "ar" else latin_candidates)(entry.source, vocabulary)
                known = {a.terms for a in alternatives}
                alternatives += [
                    Alternative(form, (term,), "transliteration", prior)
                    for form, term, prior in found
                    if _removed_key(form) not in removed_keys and (term,) not in known
                ]
            if not alternatives:
                out.untranslated.append(entry.source)
                continue
            out.concepts.append(Concept(entry.source, target, alternatives))
    _choose(out.concepts, vocabulary)
    return out


def _choose(concepts: list[Concept], vocabulary: Vocabulary) -> None:
    """Keep each concept's best translations and weigh them: by source, and, when the archive can
    tell, by how often each co-occurs with the other words' translations (the right sense of a word
    appears beside the right senses of its neighbours: Ballesteros & Croft's disambiguation)."""
    docs = getattr(vocabulary, "docs", None)
    together = concepts[:MAX_COHERENCE_CONCEPTS]
    if docs is None or len(together) < 2:
        for concept in concepts:
            concept.alternatives = concept.alternatives[:MAX_ALTERNATIVES]
            _weigh(concept.alternatives)
        return
    sets = {id(a): _DocSet(docs(a.terms)) for c in together for a in c.alternatives}
    for concept in concepts:
        if concept in together:
            for a in concept.alternatives:
                mine = sets[id(a)]
                a.coherence = sum(
                    max((_dice(mine, sets[id(b)]) for b in other.alternatives), default=0.0)
                    for other in together
                    if other is not concept
                ) / (len(together) - 1)
        _weigh(concept.alternatives)
        for a in concept.alternatives:
            a.weight *= COHERENCE_FLOOR + a.coherence
        concept.alternatives = sorted(concept.alternatives, key=lambda a: -a.weight)[:MAX_ALTERNATIVES]
        _weigh(concept.alternatives, by_weight=True)


class _DocSet:
    """Sorted article numbers, and a membership mask made on first use (intersections by lookup)."""

    def __init__(self, docs: np.ndarray):
        self.docs = docs
        self._mask: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.docs)

    def common(self, other: _DocSet) -> int:
        small, large = (self, other) if len(self) <= len(other) else (other, self)
        if large._mask is None:
            large._mask = np.zeros(int(large.docs[-1]) + 1, dtype=bool)
            large._mask[large.docs] = True
        inside = small.docs[small.docs < len(large._mask)]
        return int(np.count_nonzero(large._mask[inside]))


def _dice(a: _DocSet, b: _DocSet) -> float:
    if not len(a) or not len(b):
        return 0.0
    return 2 * a.common(b) / (len(a) + len(b))


def translated_why(translation: Translation, ranker: Any, docnums: list[int]) -> list[list[dict[str, Any]]]:
    """For each article, the translated words it matched and the forms it holds: why it was found.
    Term by term over all the articles at once (one look-up per term, not per article)."""
    hits = np.asarray(docnums, dtype=np.int64)
    holds: dict[str, np.ndarray] = {}
    for term in {t for c in translation.concepts for a in c.alternatives for t in a.terms}:
        present = np.zeros(len(hits), dtype=bool)
        for fieldname in ("title", "body"):
            docs = ranker.postings(fieldname, term)[0]
            where = np.searchsorted(docs, hits)  # postings are sorted: a binary search per hit
            found = where < len(docs)
            present[found] |= docs[where[found]] == hits[found]
        holds[term] = present
    out: list[list[dict[str, Any]]] = []
    for i in range(len(hits)):
        why = []
        for concept in translation.concepts:
            forms = [a for a in concept.alternatives if all(holds[t][i] for t in a.terms)]
            if forms:
                why.append(
                    {
                        "translation": concept.source,
                        "target": concept.target,
                        "forms": [a.form for a in forms],
                        "origins": sorted({a.origin for a in forms}, key=ORIGINS.index),
                    }
                )
        out.append(why)
    return out
