"""Indexing and search at growing archive sizes (issue 6): about 6k, 20k and 80k Arabic articles.

    $ python bench/bench_scale.py [--shared ../shared] [--sizes 6k,20k,80k] [--repeats 3]

Each size is a folder of links to ../shared corpora. `mirsad index` builds it in a child process as
many times as `--repeats` says for that size (median time and peak RSS; index size); plain Whoosh's
default `StemmingAnalyzer` indexes the same folder as many times (bench_index.py); then
bench_search.py measures latency with and without facets, fresh and warm, and the memory after 1,000
more queries. Writes bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {
    "6k": ["hespress_stories_partial"],
    "20k": ["hespress_stories_partial", "ant_v1.1_jawharafm", "moroccan_news_corpus_sample"],
    "80k": [
        "hespress_stories_partial",
        "ant_v1.1_jawharafm",
        "moroccan_news_corpus_sample",
        "ant_multisource_v2.1",
        "saudinewsnet",
    ],
}
# 500k: the 80k corpora written REPEAT times with fresh ids and a closing line naming the copy, so
# that no copy is a duplicate (cost, not quality: every copy is a near-duplicate of the first, which
# also makes every article part of a six-article story).
REPEATS = {"500k": 7}


def write_copies(shared: Path, names: list[str], copies: int, folder: Path) -> None:
    """Each corpus `copies` times as plain JSONL (fast to read back): ids `c<n>-<id>`."""
    import lzma

    for name in names:
        with lzma.open(shared / "corpus" / f"{name}.jsonl.xz", "rt", encoding="utf-8") as source:
            lines = source.readlines()
        for copy in range(copies):
            with open(folder / f"{name}-copy{copy}.jsonl", "w", encoding="utf-8") as out:
                for line in lines:
                    record = json.loads(line)
                    record["id"] = f"c{copy}-{record.get('id', '')}"
                    if copy:
                        record["text"] = f"{record.get('text', '')}\nنسخة {copy}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")


@contextlib.contextmanager
def kept_or_temporary(keep: str | None, size: str) -> Iterator[str]:
    """`keep`/<size> (emptied first, kept after), or a temporary folder."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="mirsad-scale-") as tmp:
            yield tmp
        return
    folder = Path(keep) / size
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    yield str(folder)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sizes", default="6k,20k,80k", help="of 6k, 20k, 80k, 500k")
    ap.add_argument("--repeats", default="3", help="builds per size (medians), in --sizes order")
    ap.add_argument("--keep", help="build in this folder and keep it (to measure search again later)")
    ap.add_argument(
        "--no-plain", action="store_true", help="skip plain Whoosh (the 500k point: an hour saved)"
    )
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = []
    repeats = [int(r) for r in args.repeats.split(",")]
    for n, size in enumerate(args.sizes.split(",")):
        repeat = repeats[min(n, len(repeats) - 1)]
        with kept_or_temporary(args.keep, size) as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            if size in REPEATS:
                write_copies(Path(args.shared), SIZES["80k"], REPEATS[size], corpus)
            for name in SIZES.get(size, []):
                (corpus / f"{name}.jsonl.xz").symlink_to(Path(args.shared) / "corpus" / f"{name}.jsonl.xz")
            index = Path(tmp) / "index"
            seconds_runs, peaks, cpus = [], [], []
            for _ in range(repeat):
                shutil.rmtree(index, ignore_errors=True)
                shutil.rmtree(Path(tmp) / ".index.builds", ignore_errors=True)
                start = time.monotonic()
                # /usr/bin/time: peak RSS (kB) of the largest of `mirsad index` and its analysing
                # processes, and the CPU seconds of all of them (user, system)
                command = [sys.executable, "-m", "search.cli", "index", str(corpus), "--index", str(index)]
                done = subprocess.run(
                    ["/usr/bin/time", "-f", "%M %U %S", *command, "--quiet"],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                seconds_runs.append(time.monotonic() - start)
                peak_kb, user, system = done.stderr.strip().splitlines()[-1].split()
                peaks.append(int(peak_kb) / 1024)
                cpus.append(float(user) + float(system))
            seconds = statistics.median(seconds_runs)
            peak = statistics.median(peaks)
            plain_row = None
            if not args.no_plain:
                plain = [sys.executable, str(ROOT / "bench" / "bench_index.py"), str(corpus)]
                subprocess.run(
                    [*plain, "--variants", "whoosh-default", "--repeat", str(repeat)],
                    env=env,
                    capture_output=True,
                    check=True,
                )
                results_file = ROOT / "bench" / "results" / "index-corpus.json"
                plain_row = json.loads(results_file.read_text())["rows"][0]
            summary = done.stdout.strip().splitlines()
            manifest = json.loads((index / "manifest.json").read_text())
            size_mb = sum(f.stat().st_size for f in index.resolve().rglob("*") if f.is_file()) / 2**20
            search = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "bench_search.py"), str(index)],
                env=env,
                capture_output=True,
                text=True,
            ).stdout
            row = {
                "size": size,
                "articles": manifest["documents"],
                "index_seconds": round(seconds, 1),
                "index_seconds_runs": [round(x, 1) for x in seconds_runs],
                "articles_per_s": round(manifest["documents"] / seconds, 1),
                "cpu_seconds": round(statistics.median(cpus), 1),
                "peak_rss_mb": round(peak),
                "plain_whoosh": plain_row
                and {k: plain_row[k] for k in ("articles", "seconds", "articles_per_s", "peak_rss_mb")},
                "index_mb": round(size_mb, 1),
                "summary": summary[:2],
                "search": search.strip().splitlines(),
            }
            results.append(row)
            print(json.dumps(row, ensure_ascii=False, indent=1), flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
