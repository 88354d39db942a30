"""What `--update` costs: adding 1,000 articles to a big index, then latency after 20 small updates.

    $ python bench/bench_update.py INDEX CORPUS [--add 1000] [--small 20 --small-size 50]

INDEX is an index built from CORPUS (`mirsad index CORPUS --index INDEX`); neither is modified: the
index's current build is hard-linked into a temporary folder and CORPUS's files are linked into a
temporary corpus, to which new files are added. New articles are real ones from the corpus with
fresh ids and one added closing line (so they are neither duplicates nor identical bodies).
Measures the wall and CPU time of `build_index(..., update=True)` for the big update, then the
search latency (bench_search's fixed queries, facets counted, warm) before and after `--small`
updates of `--small-size` articles each, and the number of segments. Writes
bench/results/update-<index>.json.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import percentiles, run  # noqa: E402
from bench.measure import write_results  # noqa: E402
from search import Index, build_index  # noqa: E402
from search.indexer import read_manifest  # noqa: E402


def _cpu() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def _records(corpus: Path, count: int, offset: int) -> list[dict]:
    """`count` JSONL records of the corpus, from the `offset`-th on, with fresh ids."""
    out: list[dict] = []
    for path in sorted(corpus.glob("*.jsonl*")):
        opener = lzma.open if path.name.endswith(".xz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                if n < offset:
                    continue
                record = json.loads(line)
                record["id"] = f"update-{offset}-{len(out)}"
                record["text"] = str(record.get("text", "")) + f"\nتحديث {offset}-{len(out)}."
                out.append(record)
                if len(out) == count:
                    return out
    return out


def _latency(index_path: Path, rounds: int = 5) -> dict[str, float]:
    """bench_search's fixed queries with facets, warm: p50/p95/p99 of `rounds` passes."""
    index = Index.open(index_path)
    run(index, True, 1)  # warm the caches
    return percentiles(run(index, True, rounds))


def _segments(index_path: Path) -> int:
    from whoosh import index as whoosh_index

    return len(whoosh_index.open_dir(str(index_path)).reader().leaf_readers())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index")
    ap.add_argument("corpus")
    ap.add_argument("--add", type=int, default=1000)
    ap.add_argument("--small", type=int, default=20)
    ap.add_argument("--small-size", type=int, default=50)
    ap.add_argument("--label", default="", help="name of the results file (update-LABEL.json)")
    args = ap.parse_args()
    source_index, source_corpus = Path(args.index).resolve(), Path(args.corpus)
    manifest = read_manifest(source_index)
    with tempfile.TemporaryDirectory(prefix="mirsad-update-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for path in sorted(source_corpus.iterdir()):
            (corpus / path.name).symlink_to(path.resolve())
        builds = Path(tmp) / ".ix.builds"
        builds.mkdir()
        shutil.copytree(source_index, builds / "base", copy_function=os.link)
        target = Path(tmp) / "ix"
        target.symlink_to(builds / "base")
        # The manifest names the corpus it was built from; the linked corpus holds the same files.
        before = _latency(target)
        segments_before = _segments(target)

        new = _records(source_corpus, args.add, offset=0)
        (corpus / "update-big.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in new))
        cpu, start = _cpu(), time.monotonic()
        report = build_index(corpus, target, update=True)
        big = {
            "articles": report.indexed,
            "seconds": round(time.monotonic() - start, 2),
            "cpu_seconds": round(_cpu() - cpu, 2),
        }
        print(
            f"update +{report.indexed} articles: {big['seconds']} s (CPU {big['cpu_seconds']} s)", flush=True
        )

        small = []
        for n in range(args.small):
            records = _records(source_corpus, args.small_size, offset=1000 + n * args.small_size)
            (corpus / f"update-small-{n:02}.jsonl").write_text(
                "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
            )
            start = time.monotonic()
            build_index(corpus, target, update=True)
            small.append(round(time.monotonic() - start, 2))
        after = _latency(target)
        result = {
            "index": str(source_index),
            "documents_before": manifest.get("documents"),
            "build_seconds_of_index": manifest.get("seconds"),
            "big_update": big,
            "small_updates_seconds": small,
            "small_update_median_s": statistics.median(small) if small else None,
            "latency_before_ms": before,
            "latency_after_small_updates_ms": after,
            "segments_before": segments_before,
            "segments_after": _segments(target),
        }
    print(json.dumps(result, indent=1))
    write_results(f"update-{args.label or source_index.name}", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
