"""CPU seconds per indexing stage, in one process: read, clean, extract, stories, analyse, write.

    $ python bench/stage_costs.py ../shared/corpus/hespress_stories_partial.jsonl.xz

Runs the same stages as `mirsad index` one after another over the same articles, timing each with
`time.process_time` (CPU of this process, so a busy machine changes the figures little). "analyse"
runs every field's analyzer as Whoosh's `add_document` would; "write" is the rest of `add_document`
plus the commit (postings sorted and written). Prints one line per stage and writes
bench/results/stage-costs-<corpus>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--label", default="")
    args = ap.parse_args()

    from whoosh import index as whoosh_index

    from search import indexer
    from search.clean import clean
    from search.extract import extract
    from search.prepare import Admission, Meta, analysed
    from search.read import ReadReport, iter_corpus
    from search.schema import SCHEMA
    from search.stories import StoryAssigner, document_features

    clock = time.process_time
    costs = dict.fromkeys(("read", "clean", "extract", "document", "stories", "analyse", "write"), 0.0)

    t = clock()
    raws = list(iter_corpus(Path(args.corpus), ReadReport()))
    costs["read"] = clock() - t

    t = clock()
    articles = [a for a in (clean(r) for r in raws) if a.body.strip()]
    admission = Admission()  # duplicates as the indexer decides them (no stories here)
    kept = [a for a in articles if admission.admit(Meta(a.id, a.content_hash, None)) is not None]
    costs["clean"] = clock() - t

    t = clock()
    entities = [extract(a) for a in kept]
    costs["extract"] = clock() - t

    t = clock()
    docs = [indexer.to_document(a, e) for a, e in zip(kept, entities, strict=True)]
    costs["document"] = clock() - t

    t = clock()
    stories = StoryAssigner()
    for doc in docs:
        doc["story"] = stories.assign_features(doc["id"], document_features(doc))
    costs["stories"] = clock() - t

    t = clock()
    ready = [analysed(doc, doc.get("story")) for doc in docs]
    costs["analyse"] = clock() - t

    with tempfile.TemporaryDirectory() as tmp:
        t = clock()
        ix = whoosh_index.create_in(tmp, SCHEMA)
        writer = ix.writer(limitmb=256, compound=indexer.COMPOUND)
        for doc in ready:
            writer.add_document(**doc)
        writer.commit(optimize=False)
        costs["write"] = clock() - t

    total = sum(costs.values())
    for stage, seconds in costs.items():
        print(f"{stage:10} {seconds:7.2f} s  {seconds / total:5.1%}")
    print(f"{'total':10} {total:7.2f} s  ({len(docs)} articles)")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    name = Path(args.corpus).name.split(".")[0]
    out = {"corpus": args.corpus, "label": args.label, "articles": len(docs), "cpu_seconds": costs}
    (results / f"stage-costs-{name}{'-' + args.label if args.label else ''}.json").write_text(
        json.dumps(out, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
