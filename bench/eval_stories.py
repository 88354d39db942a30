"""Same-story quality and cost.

    $ python bench/eval_stories.py [--shared ../shared]            # quality on the news dev set
    $ python bench/eval_stories.py --cost [--repeat 2]             # indexing time with/without (Hespress)
    $ python bench/eval_stories.py --reassign                      # try a linking rule without a rebuild

Quality: the dev qrels judge "same story" (grade 2: the target or an article on the same specific
event) against everything else judged for the same query. Over every judged pair of a query with at
least one grade-2 article — same story if both are grade 2, not if one is below — it reports the
pairwise precision and recall of "same story id". Then MRR@10 (grade 2) and nDCG@10 of the news dev
queries with `collapse` off and on. The index is the news dev collection of bench/eval_quality.py
(Hespress, Jawhara FM, NTREX, seeds; about 16,500 articles), built once into build/bench-cache.

Cost: the Hespress corpus (or its first --limit articles) indexed with and without story assignment,
interleaved (A B B A …), in one process; CPU seconds, the medians of both side by side.
Writes bench/results/stories.json.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import statistics
import sys
import tempfile
import time
from itertools import combinations, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_quality import news_set  # noqa: E402
from bench.metrics import ndcg_at, reciprocal_rank  # noqa: E402
from search import Index, SearchRequest, build_index, indexer  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def story_of(ix: Index, ids: set[str]) -> dict[str, str]:
    state = ix.state()
    out = {}
    for doc_id in ids:
        docnum = state.searcher.document_number(id=doc_id)
        if docnum is not None:
            out[doc_id] = state.searcher.stored_fields(docnum).get("story") or f"alone:{doc_id}"
    return out


def stories_in_memory(shared: Path) -> dict[str, str]:
    """Story ids of the news dev collection without building an index (read, clean, extract, assign
    in the indexer's order): the same ids as the index gets, in a fraction of the time."""
    from search.clean import clean
    from search.extract import extract
    from search.indexer import to_document
    from search.read import ReadReport, iter_corpus
    from search.stories import StoryAssigner

    assigner, out, seen = StoryAssigner(), {}, set()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        for name in ("hespress_stories_partial", "ant_v1.1_jawharafm", "ntrex128_en_ar_fr_docs"):
            (corpus / f"{name}.jsonl.xz").symlink_to(shared / "corpus" / f"{name}.jsonl.xz")
        (corpus / "seeds").symlink_to(ROOT / "seeds")
        for raw in iter_corpus(corpus, ReadReport()):
            article = clean(raw)
            if not article.body.strip() or article.content_hash in seen or article.id in out:
                continue
            seen.add(article.content_hash)
            out[article.id] = assigner.assign_document(to_document(article, extract(article)))
    return out


def reassigned(shared: Path) -> dict:
    """Story ids of the cached news dev index's stored articles re-assigned with the current rules
    (in document order, ~30 s instead of a ~10-minute rebuild): to try a linking rule. Reports the
    pairwise figures, the stories, and how many articles' story differs from the index's."""
    from collections import Counter

    from search.stories import StoryAssigner

    ix, queries = news_set(shared)
    searcher = ix.state().searcher
    assigner, now, before = StoryAssigner(), {}, {}
    for docnum in range(searcher.doc_count_all()):
        if searcher.reader().is_deleted(docnum):
            continue
        doc = dict(searcher.stored_fields(docnum))
        before[doc["id"]] = doc.pop("story", None) or f"alone:{doc['id']}"
        now[doc["id"]] = assigner.assign_document(doc)
    sizes = Counter(now.values())
    several = [n for n in sizes.values() if n > 1]
    return {
        "documents": len(now),
        "stories": len(sizes),
        "stories_with_several_articles": len(several),
        "articles_in_such_stories": sum(several),
        "largest_story": max(sizes.values()),
        "articles_whose_story_differs_from_the_index": sum(now[k] != before[k] for k in now),
        "pairwise": pairwise(now, queries),
    }


def pairwise(stories: dict[str, str], queries: list[dict]) -> dict:
    tp = fp = fn = tn = 0
    examples: dict[str, list[list[str]]] = {"false_positive": [], "false_negative": []}
    for q in queries:
        docs = sorted(d for d in q["qrels"] if d in stories)
        for a, b in combinations(docs, 2):
            ga, gb = q["qrels"][a], q["qrels"][b]
            if max(ga, gb) < 2:
                continue  # neither is the story: the judgments say nothing about this pair
            same_truth = ga == 2 and gb == 2
            same_pred = stories[a] == stories[b]
            if same_truth and same_pred:
                tp += 1
            elif same_pred:
                fp += 1
                examples["false_positive"].append([q["qid"], a, b])
            elif same_truth:
                fn += 1
                examples["false_negative"].append([q["qid"], a, b])
            else:
                tn += 1
    return {
        "pairs": tp + fp + fn + tn,
        "positive_pairs": tp + fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "examples": examples,
    }


def ranking(ix: Index, queries: list[dict], collapse: bool) -> dict:
    rr, nd = [], []
    for q in queries:
        result = ix.run(SearchRequest(query=q["query"], per_page=10, highlight=False, collapse=collapse))
        ranked = [h.id for h in result.hits]
        rr.append(reciprocal_rank(ranked, q["qrels"], 10, 2))
        nd.append(ndcg_at(ranked, q["qrels"], 10))
    return {"mrr10": round(sum(rr) / len(rr), 4), "ndcg10": round(sum(nd) / len(nd), 4), "n": len(rr)}


def news_queries(shared: Path) -> tuple[None, list[dict]]:
    """The news dev queries with their judgments (as bench/eval_quality.py reads them)."""
    from bench.metrics import parse_qrels

    qrels = parse_qrels((shared / "eval" / "qrels-dev.txt").open(encoding="utf-8"))
    queries = []
    for line in list((shared / "eval" / "queries-dev.tsv").open(encoding="utf-8"))[1:]:
        qid, _lang, kind, query, _target = line.rstrip("\n").split("\t")
        queries.append({"qid": qid, "query": query, "kind": kind, "qrels": qrels.get(qid, {})})
    return None, queries


def quality(shared: Path) -> dict:
    ix, queries = news_set(shared)
    judged = {d for q in queries for d in q["qrels"]}
    sizes = ix.state().story_column().sizes
    report = {
        "documents": ix.doc_count,
        "stories": len(sizes),
        "stories_with_several_articles": int((sizes > 1).sum()),
        "largest_story": int(sizes.max()) if len(sizes) else 0,
        "pairwise": pairwise(story_of(ix, judged), queries),
        "collapse_off": ranking(ix, queries, False),
        "collapse_on": ranking(ix, queries, True),
    }
    return report


def cost(shared: Path, repeat: int, limit: int | None) -> dict:
    """Build time with and without stories, interleaved; CPU seconds of this process (one indexing
    process), which a shared machine's load disturbs far less than wall-clock time."""
    corpus = shared / "corpus" / "hespress_stories_partial.jsonl.xz"
    times: dict[str, list[float]] = {"with": [], "without": []}
    with tempfile.TemporaryDirectory() as tmp:
        source: Path = corpus
        if limit:
            source = Path(tmp) / "sample"
            source.mkdir()
            with lzma.open(corpus, "rt", encoding="utf-8") as lines:
                (source / "hespress.jsonl").write_text("".join(islice(lines, limit)), "utf-8")
        for round_ in range(repeat):
            for label in ("without", "with") if round_ % 2 else ("with", "without"):
                indexer.ASSIGN_STORIES = label == "with"
                target = Path(tmp) / f"{label}-{round_}"
                start = time.process_time()
                report = build_index(source, target, procs=1)
                times[label].append(time.process_time() - start)
                print(
                    f"  {label:8} stories: {report.indexed} articles, {times[label][-1]:.1f} CPU s",
                    flush=True,
                )
    indexer.ASSIGN_STORIES = True
    with_s, without_s = statistics.median(times["with"]), statistics.median(times["without"])
    return {
        "corpus": corpus.name,
        "articles": limit or "all",
        "seconds_with": [round(t, 2) for t in times["with"]],
        "seconds_without": [round(t, 2) for t in times["without"]],
        "median_with": round(with_s, 2),
        "median_without": round(without_s, 2),
        "added_share": round(with_s / without_s - 1, 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--cost", action="store_true", help="measure indexing time with and without stories")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--limit", type=int, help="(--cost) index only the first N Hespress articles")
    ap.add_argument(
        "--pairs-only", action="store_true", help="pairwise precision/recall only, without building an index"
    )
    ap.add_argument(
        "--reassign",
        action="store_true",
        help="re-assign the cached index's stored articles with the current rules (pairwise, no rebuild)",
    )
    args = ap.parse_args()
    shared = Path(args.shared).resolve()  # the corpus is symlinked from a temporary folder
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "stories.json"
    if args.reassign:
        key, found = "reassigned", reassigned(shared)
    elif args.pairs_only:
        _, queries = news_queries(shared)
        key, found = "pairs_only", pairwise(stories_in_memory(shared), queries)
    elif args.cost:
        key, found = "cost", cost(shared, args.repeat, args.limit)
    else:
        key, found = "quality", quality(shared)
    report = json.loads(path.read_text()) if path.exists() else {}  # read last: both modes share it
    report[key] = found
    report["date"] = time.strftime("%Y-%m-%d")
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    shown = {k: v for k, v in found.items() if k != "examples"}
    if "pairwise" in shown:
        shown["pairwise"] = {k: v for k, v in shown["pairwise"].items() if k != "examples"}
    print(json.dumps(shown, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
