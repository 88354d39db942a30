"""Search latency with and without facet counts (and the timeline), warm and on a freshly opened index.

    $ python bench/bench_search.py INDEX_DIR [--rounds 5]

A fixed set of realistic queries (1–5 words, Arabic and English, some with filters) runs through
`Index.search`, the path the web app takes; the timing is the library's own (`took_ms`, server side).
Then 1,000 queries cut from article titles (1–4 words) measure latency on terms nobody tuned for and
the process memory after them (what a server process holds).
Prints p50/p95/p99 and writes bench/results/search-<index>.json.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import percentile, title_query, vmrss_kb, write_results  # noqa: E402
from search import Index, SearchRequest  # noqa: E402

QUERIES: list[tuple[str, dict]] = [
    ("خلايا ارهابية الناظور", {}),
    ("مليلية", {}),
    ("تفكيك خلية إرهابية", {"city": ["nador"]}),
    ("المخدرات طنجة", {}),
    ("الشيرا", {"year": ["2020"]}),
    ("كورونا", {}),
    ("حادثة سير", {"city": ["casablanca"]}),
    ("النيابة العامة", {"agency": ["ma_prosecution"]}),
    ('"الدرك الملكي"', {}),
    ("الهجرة السرية اسبانيا", {}),
    ("وزارة الداخلية", {"year": ["2020"], "city": ["rabat"]}),
    ("police arrested", {}),
    ("Nador cell", {}),
    ("Melilla border", {}),
    ("", {}),
    ("", {"city": ["tangier"]}),
    ("السجن", {"agency": ["gendarmerie"]}),
    ("الحكومة البرلمان قانون المالية", {}),
]


def percentiles(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(percentile(values, 0.95), 2),
        "p99": round(percentile(values, 0.99), 2),
    }


def run(ix: Index, facets: bool, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for query, filters in QUERIES:
            times.append(ix.search(query, facets=facets, **filters).took_ms)
    return times


def run_timeline_interleaved(ix: Index, rounds: int) -> dict[str, list[float]]:
    """Each query with and without the timeline, alternately, so a shared machine's load hits both."""
    times: dict[str, list[float]] = {"with": [], "without": []}
    for n in range(rounds):
        for query, filters in QUERIES:
            order = (True, False) if n % 2 == 0 else (False, True)
            for with_timeline in order:
                request = SearchRequest.of(query, "relevance", 1, 20, True, True, filters)
                request.timeline = with_timeline
                times["with" if with_timeline else "without"].append(ix.run(request).took_ms)
    return times


def timeline_synthetic(size: int = 80_000, runs: int = 50) -> dict[str, float]:
    """`timeline()` alone over a synthetic dates array (5 years, 5% undated, all matching): what the
    timeline adds to a search at a size no shared machine should build an index for."""
    import numpy as np

    from search.dateranges import MISSING_DATE, datetime_to_raw
    from search.timeline import timeline

    rng = np.random.default_rng(0)
    low, high = datetime_to_raw(datetime(2016, 1, 1)), datetime_to_raw(datetime(2020, 12, 31))
    dates = rng.integers(low, high, size, dtype=np.uint64)
    dates[rng.random(size) < 0.05] = MISSING_DATE
    mask = np.ones(size, dtype=bool)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        timeline(dates, mask)
        times.append((time.perf_counter() - start) * 1000)
    return {"best": round(min(times), 2), **percentiles(times)}


def title_queries(ix: Index, count: int) -> list[str]:
    """Queries cut from the titles of evenly spaced articles."""
    rng = random.Random(0)
    state = ix.state()
    titles = [
        str(state.searcher.stored_fields(docnum).get("title") or "")
        for docnum in range(0, state.size, max(1, state.size // count))
    ]
    return [q for title in titles if (q := title_query(title, rng))][:count]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    start = time.perf_counter()
    fresh = Index.open(args.index)
    first = [fresh.search(q, **f).took_ms for q, f in QUERIES]
    open_s = time.perf_counter() - start
    ix = fresh
    report = {
        "index": args.index,
        "documents": ix.doc_count,
        "queries": len(QUERIES),
        "rounds": args.rounds,
        "fresh_first_pass_ms": percentiles(first),
        "fresh_total_s": round(open_s, 2),
    }
    for facets in (True, False):
        times = run(ix, facets, args.rounds)
        report["warm_with_facets" if facets else "warm_without_facets"] = percentiles(times)
        if facets:  # run() takes the queries in order, round after round: the slowest three by median
            by_query = [statistics.median(times[i :: len(QUERIES)]) for i in range(len(QUERIES))]
            slowest = sorted(range(len(QUERIES)), key=lambda i: -by_query[i])[:3]
            report["slowest_with_facets"] = [
                f"{QUERIES[i][0] or '(all)'} {round(by_query[i], 1)} ms" for i in slowest
            ]
    timeline_times = run_timeline_interleaved(ix, args.rounds)
    report["warm_with_timeline"] = percentiles(timeline_times["with"])
    report["warm_without_timeline"] = percentiles(timeline_times["without"])
    report["timeline_80k_synthetic"] = timeline_synthetic()
    # Server memory after 1,000 queries, most of them never seen (what a server process holds).
    broad = title_queries(ix, 1000)
    broad_times = [ix.search(q).took_ms for q in broad]
    report["broad_queries"] = len(broad)
    report["broad_with_facets"] = percentiles(broad_times)
    report["rss_after_queries_mb"] = round(vmrss_kb() / 1024, 1)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for key, value in report.items():
        print(f"{key:22} {value}")
    write_results(f"search-{Path(args.index).name}", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
