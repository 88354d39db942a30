"""What each part of a search costs: the fixed queries with one part switched off at a time.

    $ python bench/bench_search_parts.py INDEX_DIR [--rounds 5]

The 18 queries of bench_search.py, warm, as the web page runs them (facets, highlighting,
cross-language `auto`, coarse classes), and the same with one of them off: every variant runs each
query in turn, interleaved, so the load of a shared machine falls on all alike. Prints p50/p95 per
variant (`took_ms`, the library's own timing) and writes bench/results/search-parts-<index>.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import QUERIES, percentiles  # noqa: E402
from bench.measure import write_results  # noqa: E402
from search import Index, coarse  # noqa: E402

VARIANTS = {
    "all on": {},
    "facets off": {"facets": False},
    "highlighting off": {"highlight": False},
    "cross-language off": {"xlang": "off"},
    "coarse classes off": {"coarse": False},
    "cross-language and coarse off": {"xlang": "off", "coarse": False},  # what issue 6's table ran
    "all four off": {"facets": False, "highlight": False, "xlang": "off", "coarse": False},
}


def timed(ix: Index, query: str, filters: dict, options: dict) -> float:
    options = dict(options)
    weight = coarse.COARSE_WEIGHT
    if not options.pop("coarse", True):
        coarse.COARSE_WEIGHT = 0.0
    try:
        return ix.search(query, **options, **filters).took_ms
    finally:
        coarse.COARSE_WEIGHT = weight


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    ix = Index.open(args.index)
    for query, filters in QUERIES:  # warm every variant's caches first
        for options in VARIANTS.values():
            timed(ix, query, filters, options)
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(args.rounds):
        for query, filters in QUERIES:
            for name, options in VARIANTS.items():
                times[name].append(timed(ix, query, filters, options))
    report = {name: percentiles(values) for name, values in times.items()}
    for name, figures in report.items():
        print(f"{name:30} p50 {figures['p50']:7.2f} ms   p95 {figures['p95']:7.2f} ms")
    write_results(f"search-parts-{Path(args.index).name}", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
