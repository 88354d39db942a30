"""Ingest throughput per input format: items read and cleaned per CPU second (no indexing).

    $ python bench/bench_ingest.py [--shared ../shared] [--repeat 5]

Reads every file of tests/fixtures/mixed (each format holds an Arabic, an English and a French
article) `--repeat` times, formats interleaved so that a busy machine slows them alike, and prints
items/s per format (the median of the repeats). With --shared, also the 195 real pages of
../shared/eval/html (saved pages as served: heavier than the fixture pages).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.clean import clean  # noqa: E402
from search.read import ReadReport, file_format, iter_corpus  # noqa: E402

MIXED = ROOT / "tests" / "fixtures" / "mixed"


def read_and_clean(path: Path) -> int:
    count = 0
    for raw in iter_corpus(path, ReadReport()):
        clean(raw)
        count += 1
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="also time the real pages of SHARED/eval/html")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(MIXED.rglob("*")):
        fmt = file_format(path.name)
        if path.is_file() and fmt and not path.name.startswith("PROVENANCE"):
            files[fmt].append(path)
    tmp = Path(tempfile.mkdtemp())
    if args.shared:
        pages = tmp / "pages"
        pages.mkdir()
        for page in sorted((Path(args.shared) / "eval" / "html" / "pages").iterdir()):
            data = page.read_bytes()
            name = page.name.removesuffix(".gz")
            (pages / name).write_bytes(gzip.decompress(data) if page.name.endswith(".gz") else data)
        files["html (195 real pages)"] = sorted(pages.iterdir())
    read_and_clean(files["html"][0])  # imports and first-use setup are not counted
    rates: dict[str, list[float]] = defaultdict(list)
    items: dict[str, int] = {}
    for _ in range(args.repeat):
        for fmt, paths in files.items():
            start = time.process_time()  # CPU time: the machine may be shared; reading is one thread
            items[fmt] = sum(read_and_clean(p) for p in paths)
            rates[fmt].append(items[fmt] / max(time.process_time() - start, 1e-9))
    print(f"| format | items | items per CPU second (median of {args.repeat}) |")
    print("|---|---|---|")
    for fmt in files:
        print(f"| {fmt} | {items[fmt]} | {statistics.median(rates[fmt]):.1f} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
