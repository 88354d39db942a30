"""Precision, recall and F1 of the facet extractor against hand-made gold annotations.

    $ python bench/eval_facets.py [--shared ../shared]

Reads ../shared/eval/facets-dev.jsonl (gold cities, agencies, wires, years for the two seeds and 18
Hespress articles), runs the same read → clean → extract path as `mirsad index`, and prints the scores
per facet with every miss and every false hit. Gold names are mapped to gazetteer ids through the
gazetteer itself (labels and aliases), never through a hand-made table of gold entries.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.clean import clean  # noqa: E402
from search.extract import GAZETTEER, extract  # noqa: E402
from search.read import ReadReport, iter_corpus  # noqa: E402

FACETS = {"cities": "city", "agencies": "agency", "news_agencies": "wire", "years_mentioned": None}


def gold_id(kind: str, name: str, aliases: dict[str, list[str]]) -> str:
    """The gazetteer id of a gold name, through its label or its aliases; else the name itself."""
    for candidate in (name, name.split(" (")[0], *aliases.get(name, [])):
        entry = GAZETTEER.lookup(kind, candidate)
        if entry is not None:
            return entry.id
    return f"?{name}"


def load_articles(shared: Path, wanted: set[str]) -> dict:
    found = {}
    sources = [ROOT / "seeds", shared / "corpus" / "hespress_stories_partial.jsonl.xz"]
    for source in sources:
        for raw in iter_corpus(source, ReadReport()):
            if raw.record_id in wanted:
                found[raw.record_id] = clean(raw)
    return found


def score(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--json", help="write the scores to this file")
    args = ap.parse_args()
    shared = Path(args.shared)
    gold = [json.loads(line) for line in (shared / "eval" / "facets-dev.jsonl").open(encoding="utf-8")]
    aliases = json.loads((shared / "eval" / "facets-dev-aliases.json").read_text("utf-8"))
    articles = load_articles(shared, {g["doc_id"] for g in gold})
    counts = {facet: [0, 0, 0] for facet in FACETS}
    report_lines = []
    for g in gold:
        article = articles.get(g["doc_id"])
        if article is None:
            report_lines.append(f"{g['doc_id']}: not found in the corpus")
            continue
        entities = extract(article)
        predicted = {
            "cities": set(entities.cities),
            "agencies": set(entities.agencies),
            "news_agencies": set(entities.wires),
            "years_mentioned": {str(y) for y in entities.years_mentioned},
        }
        for facet, kind in FACETS.items():
            if kind is None:
                expected = {str(y) for y in g.get(facet) or []}
            else:
                expected = {gold_id(kind, n, aliases) for n in g.get(facet) or []}
            got = predicted[facet]
            tp, fp, fn = len(got & expected), len(got - expected), len(expected - got)
            c = counts[facet]
            c[0] += tp
            c[1] += fp
            c[2] += fn
            for miss in sorted(expected - got):
                report_lines.append(f"{g['doc_id'][:14]} {facet:15} MISS  {miss}")
            for extra in sorted(got - expected):
                report_lines.append(f"{g['doc_id'][:14]} {facet:15} FALSE {extra}")
    print(f"{'facet':16} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    results = {}
    for facet, (tp, fp, fn) in counts.items():
        p, r, f = score(tp, fp, fn)
        results[facet] = {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}
        print(f"{facet:16} {p:6.3f} {r:6.3f} {f:6.3f}  {tp:3} {fp:3} {fn:3}")
    print()
    print("\n".join(report_lines))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
