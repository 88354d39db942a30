"""Cross-language search quality: a query in one language against articles in the other.

    $ python bench/bench_xlang.py [--sets xquad-en2ar,xquad-ar2en,ntrex,news] [--modes on,off]

Sets (protocols of ../shared/eval/README.md; the queries and documents are parallel translations):
- xquad-en2ar: XQuAD's English questions against its Arabic paragraphs (the question's own paragraph
  is the relevant one); beside it, the monolingual figure (Arabic questions, same paragraphs).
- xquad-ar2en: the Arabic questions against the English paragraphs; beside it, English questions.
- ntrex: each English NTREX document's title and first sentence against the Arabic documents only.
- news: the news dev set (its `en2ar` queries are the cross-language ones; the others must not move).
Per query: the translation used, the rank of the relevant document, the top three, so a failure can
be read (bench/results/xlang-<label>.json). MRR@10 and R@10 per set and mode.
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_quality import RESULTS, _index, _jsonl, news_set, xquad  # noqa: E402
from bench.metrics import ndcg_at, paired_permutation_p, recall_at, reciprocal_rank  # noqa: E402
from search import Index  # noqa: E402


def xquad_pair(shared: Path, query_lang: str, doc_lang: str) -> tuple[Index, list[dict]]:
    """Questions in one language against the paragraphs of the other (same ids across languages)."""
    paragraphs, doc_questions = xquad(shared, doc_lang)
    relevant = {qid: pid for qid, _, pid in doc_questions}
    _, asked = xquad(shared, query_lang)

    def build(corpus: Path) -> None:
        _jsonl(
            corpus / "p.jsonl", [{"id": pid, "text": t, "lang": doc_lang} for t, pid in paragraphs.items()]
        )

    queries = [
        {"qid": qid, "query": q, "kind": f"{query_lang}2{doc_lang}", "qrels": {relevant[qid]: 1}}
        for qid, q, _ in asked
        if qid in relevant
    ]
    return _index(f"xquad-{doc_lang}", build), queries


_SENTENCE = re.compile(r"(?<=[.!?])\s")


def ntrex(shared: Path) -> tuple[Index, list[dict]]:
    docs = [
        json.loads(line) for line in lzma.open(shared / "corpus" / "ntrex128_en_ar_fr_docs.jsonl.xz", "rt")
    ]
    arabic = [d for d in docs if d["id"].endswith(":ar")]

    def build(corpus: Path) -> None:
        _jsonl(corpus / "ar.jsonl", [{k: d.get(k) for k in ("id", "title", "text", "lang")} for d in arabic])

    queries = []
    for d in docs:
        if d["id"].endswith(":en"):
            first = _SENTENCE.split(d["text"].strip(), maxsplit=1)[0]
            text = f"{d.get('title') or ''} {first}".strip()
            queries.append(
                {"qid": d["id"], "query": text, "kind": "en2ar", "qrels": {d["id"][:-3] + ":ar": 1}}
            )
    return _index("ntrex-ar", build), queries


SETS = {
    "xquad-en2ar": lambda s: xquad_pair(s, "en", "ar"),
    "xquad-ar2en": lambda s: xquad_pair(s, "ar", "en"),
    "xquad-ar": lambda s: xquad_pair(s, "ar", "ar"),
    "xquad-en": lambda s: xquad_pair(s, "en", "en"),
    "ntrex": ntrex,
    "news": news_set,
}


def run(ix: Index, queries: list[dict], mode: str, min_grade: int) -> list[dict]:
    rows = []
    for q in queries:
        result = ix.search(q["query"], per_page=10, highlight=False, facets=False, xlang=mode)
        ranked = [h.id for h in result.hits]
        rows.append(
            {
                "qid": q["qid"],
                "kind": q["kind"],
                "query": q["query"],
                "relevant": sorted(k for k, g in q["qrels"].items() if g >= min_grade),
                "rr": reciprocal_rank(ranked, q["qrels"], 10, min_grade),
                "r10": recall_at(ranked, q["qrels"], 10, min_grade),
                "ndcg": ndcg_at(ranked, q["qrels"], 10),
                "top3": ranked[:3],
                "ms": round(result.took_ms, 1),
                "translation": [
                    (c["source"], [a["form"] for a in c["alternatives"]])
                    for c in (result.translation or {}).get("concepts", [])
                ],
                "untranslated": (result.translation or {}).get("untranslated", []),
            }
        )
    return rows


def latency(index_path: str, shared: Path, count: int, mode: str) -> int:
    """Search latency of English questions (XQuAD) over an index, facets counted, as a user sees it:
    each query once cold (first time), then the same queries again (warm)."""
    from bench.measure import percentile

    ix = Index.open(index_path)
    _, asked = xquad(shared, "en")
    queries = [q for _, q, _ in asked[:count]]
    ix.search("warm up the lexicon", xlang=mode)
    for label in ("first", "again"):
        times = [ix.search(q, per_page=20, xlang=mode).took_ms for q in queries]
        print(
            f"{index_path}: {ix.doc_count} articles, {len(queries)} English questions, xlang={mode}, "
            f"facets on, {label}: p50 {percentile(times, 0.5):.1f} ms  p95 {percentile(times, 0.95):.1f} ms  "
            f"p99 {percentile(times, 0.99):.1f} ms",
            flush=True,
        )
    return 0


def compare(a_path: str, b_path: str) -> int:
    """Paired permutation test of MRR@10 between two runs, per set and mode they share."""
    a, b = json.loads(Path(a_path).read_text()), json.loads(Path(b_path).read_text())
    for name in sorted(set(a["sets"]) & set(b["sets"])):
        ra = {r["qid"]: r["rr"] for r in a["sets"][name]}
        rb = {r["qid"]: r["rr"] for r in b["sets"][name]}
        common = sorted(set(ra) & set(rb))
        xa, xb = [ra[q] for q in common], [rb[q] for q in common]
        p = paired_permutation_p(xa, xb)
        ma, mb = sum(xa) / len(xa), sum(xb) / len(xb)
        print(f"{name:20} MRR@10 {ma:.4f} → {mb:.4f}  (Δ {mb - ma:+.4f}, p = {p:.4f}, n = {len(common)})")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="xquad-en2ar,xquad-ar,xquad-ar2en,xquad-en,ntrex,news")
    ap.add_argument("--modes", default="on,off,auto")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--label", default="current")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two result files: paired test")
    ap.add_argument("--latency", metavar="INDEX", help="time English questions over this index instead")
    ap.add_argument("--count", type=int, default=500, help="questions timed with --latency")
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.latency:
        return latency(args.latency, Path(args.shared), args.count, args.modes.split(",")[0])
    report: dict = {"label": args.label, "date": time.strftime("%Y-%m-%d"), "sets": {}}
    for name in args.sets.split(","):
        ix, queries = SETS[name](Path(args.shared))
        for mode in args.modes.split(","):
            rows = run(ix, queries, mode, 2 if name == "news" else 1)
            kinds = sorted({r["kind"] for r in rows})
            for kind in ["all", *kinds] if len(kinds) > 1 else kinds:
                chosen = [r for r in rows if kind in ("all", r["kind"])]
                n = len(chosen)
                mrr = sum(r["rr"] for r in chosen) / n
                r10 = sum(r["r10"] for r in chosen) / n
                ndcg = sum(r["ndcg"] for r in chosen) / n
                ms = sorted(r["ms"] for r in chosen)
                print(
                    f"{name:12} xlang={mode:4} {kind:6} n={n:5}  MRR@10 {mrr:.4f}  R@10 {r10:.3f}  "
                    f"nDCG@10 {ndcg:.3f}  p50 {ms[n // 2]:.0f} ms",
                    flush=True,
                )
            report["sets"][f"{name}/{mode}"] = rows
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"xlang-{args.label}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=0))
    print(f"per-query results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
