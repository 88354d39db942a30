"""French retrieval on NTREX-128: each document's title as the query, its own article as the answer.

    python bench/eval_french.py --shared ../shared

NTREX-128 holds 123 news documents in English, Arabic and French (human translations), so the
same question can be asked in each language of an index that holds all three. For each language,
every document's title is a query whose one relevant article is that document in that language:
MRR@10 and R@1/R@10, and the share of the top 10 in the query's language. The index is built in a
temporary folder from the shared corpus (369 articles, a few seconds).
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
import tempfile
from pathlib import Path

import search
from search import Index, build_index

ROOT = Path(__file__).resolve().parent.parent
NTREX = "ntrex128_en_ar_fr_docs.jsonl.xz"


def evaluate(ix: Index, docs: list[dict], lang: str) -> dict[str, float]:
    rr, r1, r10, same = 0.0, 0, 0, []
    queries = [d for d in docs if d["lang"] == lang and d.get("title")]
    for d in queries:
        hits = ix.search(d["title"], per_page=10, highlight=False).hits
        ranked = [h.id for h in hits]
        if d["id"] in ranked:
            rank = ranked.index(d["id"]) + 1
            rr += 1 / rank
            r1 += rank == 1
            r10 += 1
        same.extend(h.lang == lang for h in hits)
    n = len(queries)
    return {"n": n, "mrr": rr / n, "r1": r1 / n, "r10": r10 / n, "same_lang": sum(same) / max(1, len(same))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args(argv)
    path = Path(args.shared) / "corpus" / NTREX
    docs = [json.loads(line) for line in lzma.open(path, "rt", encoding="utf-8") if line.strip()]
    print(f"code: {Path(search.__file__).parent}")
    with tempfile.TemporaryDirectory() as tmp:
        report = build_index(path, Path(tmp) / "ix")
        print(f"indexed {report.indexed} articles")
        with Index.open(Path(tmp) / "ix") as ix:
            for lang in ("fr", "en", "ar"):
                s = evaluate(ix, docs, lang)
                print(
                    f"ntrex titles {lang}  n={s['n']}  MRR@10 {s['mrr']:.3f}  R@1 {s['r1']:.3f}  "
                    f"R@10 {s['r10']:.3f}  top-10 in the query's language {s['same_lang']:.3f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
