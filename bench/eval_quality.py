"""Ranking quality, end to end (same analyzers, schema and query path as users get).

    $ python bench/eval_quality.py [--sets xquad-ar,xquad-en,arcd,news] [--shared ../shared]
    $ python bench/eval_quality.py --compare results/quality-A.json results/quality-B.json

Protocols are those of ../shared/eval/README.md: XQuAD and ARCD index the unique paragraphs and ask
every question (top 10); the news dev set indexes its collection (Hespress, Jawhara FM, NTREX, seeds)
and reports MRR@10 (grade 2 relevant) and graded nDCG@10 per query kind. Per-query results go to
bench/results/quality-<label>.json so two configurations can be compared query by query with a
paired permutation test.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.metrics import ndcg_at, paired_permutation_p, parse_qrels, recall_at, reciprocal_rank  # noqa: E402
from search import Index, build_index  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CACHE = ROOT / "build" / "bench-cache"


def _jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def _index(name: str, build) -> Index:
    """Build (once per code version and data) and open a benchmark index."""
    target = CACHE / name
    if os.environ.get("MIRSAD_BENCH_REBUILD") or not (target / "manifest.json").exists():
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            build(corpus)
            report = build_index(corpus, target)
            print(f"  built {name}: {report.indexed} articles in {report.seconds:.0f} s", flush=True)
    return Index.open(target)


def xquad(shared: Path, lang: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """One XQuAD language: paragraph id by paragraph text, and (question id, question, paragraph id)
    (the ids are the same in every language: the paragraphs and questions are translations)."""
    data = json.loads(lzma.open(shared / "eval" / "xquad" / f"xquad.{lang}.json.xz").read())
    paragraphs: dict[str, str] = {}
    questions = []
    for article in data["data"]:
        for para in article["paragraphs"]:
            pid = paragraphs.setdefault(para["context"], f"p{len(paragraphs):04d}")
            questions += [(qa["id"], qa["question"], pid) for qa in para["qas"]]
    return paragraphs, questions


def squad_set(shared: Path, lang: str) -> tuple[Index, list[dict]]:
    paragraphs, questions = xquad(shared, lang)
    queries = [{"qid": qid, "query": q, "kind": lang, "qrels": {pid: 1}} for qid, q, pid in questions]

    def build(corpus: Path) -> None:
        _jsonl(
            corpus / "p.jsonl", [{"id": pid, "text": text, "lang": lang} for text, pid in paragraphs.items()]
        )

    return _index(f"xquad-{lang}", build), queries


def arcd_set(shared: Path) -> tuple[Index, list[dict]]:
    base = shared / "eval" / "arcd"
    passages = [
        json.loads(line) for line in lzma.open(base / "derived_passages.jsonl.xz", "rt", encoding="utf-8")
    ]
    qrels = parse_qrels(lzma.open(base / "derived_qrels.txt.xz", "rt", encoding="utf-8"))
    queries = []
    for line in list(lzma.open(base / "derived_queries.tsv.xz", "rt", encoding="utf-8"))[1:]:
        qid, question, split, _ = line.rstrip("\n").split("\t", 3)
        queries.append({"qid": qid, "query": question, "kind": f"ar-{split}", "qrels": qrels.get(qid, {})})

    def build(corpus: Path) -> None:
        # The article title is indexed with its passage, as the README suggests.
        _jsonl(
            corpus / "p.jsonl",
            [{"id": p["id"], "title": p["title"], "text": p["text"], "lang": "ar"} for p in passages],
        )

    return _index("arcd", build), queries


def news_set(shared: Path) -> tuple[Index, list[dict]]:
    qrels = parse_qrels((shared / "eval" / "qrels-dev.txt").open(encoding="utf-8"))
    queries = []
    for line in list((shared / "eval" / "queries-dev.tsv").open(encoding="utf-8"))[1:]:
        qid, _lang, kind, query, _target = line.rstrip("\n").split("\t")
        queries.append({"qid": qid, "query": query, "kind": kind, "qrels": qrels.get(qid, {})})

    def build(corpus: Path) -> None:
        for name in ("hespress_stories_partial", "ant_v1.1_jawharafm", "ntrex128_en_ar_fr_docs"):
            (corpus / f"{name}.jsonl.xz").symlink_to(shared / "corpus" / f"{name}.jsonl.xz")
        (corpus / "seeds").mkdir()  # the two seed articles, not seeds/demo (its articles are above already)
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            (corpus / "seeds" / seed.name).symlink_to(seed)

    return _index("news-dev", build), queries


SETS = {
    "xquad-ar": lambda s: squad_set(s, "ar"),
    "xquad-en": lambda s: squad_set(s, "en"),
    "arcd": arcd_set,
    "news": news_set,
}


def evaluate(ix: Index, queries: list[dict], min_grade: int) -> list[dict]:
    out = []
    for q in queries:
        result = ix.search(q["query"], per_page=10, highlight=False)
        ranked = [h.id for h in result.hits]
        out.append(
            {
                "qid": q["qid"],
                "kind": q["kind"],
                "ranked": ranked,
                "rr": reciprocal_rank(ranked, q["qrels"], 10, min_grade),
                "r1": recall_at(ranked, q["qrels"], 1, min_grade),
                "r5": recall_at(ranked, q["qrels"], 5, min_grade),
                "r10": recall_at(ranked, q["qrels"], 10, min_grade),
                "ndcg": ndcg_at(ranked, q["qrels"], 10),
                "ms": result.took_ms,
            }
        )
    return out


def summarize(rows: list[dict]) -> dict:
    n = len(rows) or 1
    return {
        "n": len(rows),
        **{m: round(sum(r[m] for r in rows) / n, 4) for m in ("rr", "r1", "r5", "r10", "ndcg")},
    }


def compare(a_path: str, b_path: str) -> int:
    a, b = json.loads(Path(a_path).read_text()), json.loads(Path(b_path).read_text())
    for name in sorted(set(a["sets"]) & set(b["sets"])):
        ra = {r["qid"]: r for r in a["sets"][name]["queries"]}
        rb = {r["qid"]: r for r in b["sets"][name]["queries"]}
        common = sorted(set(ra) & set(rb))
        xa, xb = [ra[q]["rr"] for q in common], [rb[q]["rr"] for q in common]
        p = paired_permutation_p(xa, xb)
        ma, mb = sum(xa) / len(xa), sum(xb) / len(xb)
        print(
            f"{name:10} MRR@10 {ma:.4f} → {mb:.4f}  "
            f"(Δ {mb - ma:+.4f}, paired permutation p = {p:.4f}, n = {len(common)})"
        )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="xquad-ar,xquad-en,arcd,news")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--label", default="current")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"))
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare)
    shared = Path(args.shared)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    report: dict = {"label": args.label, "date": time.strftime("%Y-%m-%d"), "sets": {}}
    for name in args.sets.split(","):
        ix, queries = SETS[name](shared)
        rows = evaluate(ix, queries, min_grade=2 if name == "news" else 1)
        by_kind: dict[str, list[dict]] = {}
        for r in rows:
            by_kind.setdefault(r["kind"], []).append(r)
        summary = {"all": summarize(rows), **{k: summarize(v) for k, v in sorted(by_kind.items())}}
        report["sets"][name] = {"summary": summary, "queries": rows}
        for kind, s in summary.items():
            print(
                f"{name:9} {kind:9} n={s['n']:5}  MRR@10 {s['rr']:.3f}  R@1 {s['r1']:.3f}  "
                f"R@5 {s['r5']:.3f}  R@10 {s['r10']:.3f}  nDCG@10 {s['ndcg']:.3f}",
                flush=True,
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"quality-{args.label}.json"
    path.write_text(json.dumps(report, ensure_ascii=False))
    print(f"per-query results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
