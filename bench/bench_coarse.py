"""Cost of the coarse (root-like) classes: the key → terms table, built once per index build, and
search latency with and without the classes, interleaved.

    $ python bench/bench_coarse.py INDEX_DIR [--rounds 3] [--titles 300]

The table is built `--builds` times from the index's own term lists (time: median; memory: what
tracemalloc sees the table hold). Latency: bench_search.py's fixed queries and queries cut from
article titles, each run with the classes on and off alternately (the order flips every round, so a
shared machine's load hits both alike), warm, through `Index.search` (`took_ms`, server side).
Then the ranking alone (`Ranker.evaluate` of the title queries, on and off alternately), where the
classes' cost lies. Writes bench/results/coarse-<index>.json.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import QUERIES, percentiles  # noqa: E402
from bench.measure import title_query, write_results  # noqa: E402
from search import Index, coarse  # noqa: E402
from search.coarse import with_coarse  # noqa: E402
from search.query import build_query  # noqa: E402


def table_cost(ix: Index, builds: int) -> dict[str, float]:
    state = ix.state()
    reader, lock = state.ranker._reader, state.ranker._reader_lock
    seconds = []
    for _ in range(builds):
        start = time.perf_counter()
        coarse.CoarseTable.from_reader(reader, lock)
        seconds.append(time.perf_counter() - start)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    table = coarse.CoarseTable.from_reader(reader, lock)
    held = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(before, "filename"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "build_s_median": round(statistics.median(seconds), 3),
        "build_s_all": [round(s, 3) for s in seconds],
        "table_mb": round(held / 2**20, 1),
        "build_peak_mb": round(peak / 2**20, 1),
        "keys": len(table),
        "terms": sum(len(t) for t in table._classes.values()),
    }


def interleaved(ix: Index, queries: list[tuple[str, dict]], rounds: int) -> dict[str, list[float]]:
    weight = coarse.COARSE_WEIGHT
    times: dict[str, list[float]] = {"on": [], "off": []}
    try:
        for n in range(rounds):
            for query, filters in queries:
                for side in ("on", "off") if n % 2 == 0 else ("off", "on"):
                    coarse.COARSE_WEIGHT = weight if side == "on" else 0.0
                    times[side].append(ix.search(query, **filters).took_ms)
    finally:
        coarse.COARSE_WEIGHT = weight
    return times


def ranking_only(ix: Index, texts: list[str], rounds: int) -> dict[str, list[float]]:
    """The query's ranking alone (`Ranker.evaluate`, no translation, facets or highlighting), with
    and without the classes, alternately: what the classes add where they cost."""
    state = ix.state()
    table = state.coarse_table()
    built = [build_query(text) for text in texts]
    times: dict[str, list[float]] = {"on": [], "off": []}
    for n in range(rounds + 1):  # round 0 warms the postings both ways
        for q in built:
            for side in ("on", "off") if n % 2 == 0 else ("off", "on"):
                ranked = with_coarse(q, table) if side == "on" else q
                start = time.perf_counter()
                state.ranker.evaluate(ranked, state.searcher)
                if n:
                    times[side].append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--titles", type=int, default=300)
    ap.add_argument("--builds", type=int, default=3)
    args = ap.parse_args()
    if coarse.COARSE_WEIGHT <= 0:
        print("coarse classes are off (COARSE_WEIGHT = 0): nothing to measure")
        return 1
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    ix = Index.open(args.index)
    report: dict = {"index": args.index, "documents": ix.doc_count, "weight": coarse.COARSE_WEIGHT}
    report["table"] = table_cost(ix, args.builds)
    rng = random.Random(0)
    state = ix.state()
    step = max(1, state.size // args.titles)
    titles = [str(state.searcher.stored_fields(d).get("title") or "") for d in range(0, state.size, step)]
    broad = [(q, {}) for t in titles if (q := title_query(t, rng))][: args.titles]
    for name, queries in (("fixed", QUERIES), ("titles", broad)):
        interleaved(ix, queries, 1)  # warm, both ways: the table, facet columns, postings read once
        times = interleaved(ix, queries, args.rounds)
        report[f"{name}_queries"] = len(queries)
        report[f"{name}_on"] = percentiles(times["on"])
        report[f"{name}_off"] = percentiles(times["off"])
    ranked = ranking_only(ix, [q for q, _ in broad], args.rounds)
    report["ranking_only_on"] = percentiles(ranked["on"])
    report["ranking_only_off"] = percentiles(ranked["off"])
    for key, value in report.items():
        print(f"{key:16} {value}")
    write_results(f"coarse-{Path(args.index).name}", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
