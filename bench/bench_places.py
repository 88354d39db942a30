"""Places before and after a gazetteer change: a fixed sample to read by eye, extraction time, memory.

    $ python bench/bench_places.py sample --root OLD_CHECKOUT --out before.json
    $ python bench/bench_places.py sample --out after.json
    $ python bench/bench_places.py diff before.json after.json     # every city value that changed
    $ python bench/bench_places.py time [--root OLD_CHECKOUT]       # extract() CPU time on Hespress
    $ python bench/bench_places.py memory [--root OLD_CHECKOUT]     # RSS and time to load the gazetteer
    $ python bench/bench_places.py share [--repeat 2]               # extract() CPU vs indexing without it

`--root` runs another checkout's code (say `git worktree add /tmp/base BASE`); run each command for
both roots, interleaved, on a shared machine. The sample is every 100th Hespress article (60), every
331st Jawhara FM article (30) and every 2011th ANT multisource article (15).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (
    ("hespress_stories_partial.jsonl.xz", 100, 60),
    ("ant_v1.1_jawharafm.jsonl.xz", 331, 30),
    ("ant_multisource_v2.1.jsonl.xz", 2011, 15),
)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def sample(shared: Path, out: Path) -> None:
    from search.clean import clean
    from search.extract import extract
    from search.read import ReadReport, iter_corpus

    found: dict[str, list[list[str]]] = {}
    for name, stride, count in SAMPLE:
        raws = itertools.islice(iter_corpus(shared / "corpus" / name, ReadReport()), 0, None, stride)
        for raw in itertools.islice(raws, count):
            article = clean(raw)
            rows = []
            for m in extract(article).mentions:
                if m.kind == "city":
                    text = article.title if m.field == "title" else article.body
                    context = text[max(0, m.start - 40) : m.end + 30].replace("\n", " ")
                    rows.append([m.id, m.surface, getattr(m, "source", "listed"), context])
            found[f"{name.split('_')[0]}:{raw.record_id}"] = rows
    out.write_text(json.dumps(found, ensure_ascii=False, indent=0), "utf-8")
    print(f"{len(found)} articles, {sum(len({r[0] for r in v}) for v in found.values())} city values → {out}")


def diff(before_path: Path, after_path: Path) -> None:
    before = json.loads(before_path.read_text("utf-8"))
    after = json.loads(after_path.read_text("utf-8"))
    for doc, rows in after.items():
        old = {r[0] for r in before.get(doc, [])}
        new = {r[0] for r in rows}
        for r in rows:
            if r[0] not in old:
                print(f"+ {doc[:40]} {r[0]} ({r[2]}) | {r[3]}")
                old.add(r[0])
        for r in before.get(doc, []):
            if r[0] not in new:
                print(f"- {doc[:40]} {r[0]} | {r[3]}")
                new.add(r[0])


def extraction_time(shared: Path) -> None:
    from search.clean import clean
    from search.extract import extract
    from search.read import ReadReport, iter_corpus

    articles = [clean(r) for r in iter_corpus(shared / "corpus" / SAMPLE[0][0], ReadReport())]
    extract(articles[0])  # the matcher's automaton is built on first use
    cpu, wall = time.process_time(), time.perf_counter()
    values = sum(len(extract(a).cities) for a in articles)
    print(
        f"extract() over {len(articles)} articles: {time.process_time() - cpu:.2f} s CPU "
        f"({time.perf_counter() - wall:.2f} s wall), {values} city values"
    )


def extraction_share(shared: Path, repeat: int) -> None:
    """CPU seconds, in this one process, of indexing Hespress with extraction switched off (read,
    clean, analyse, stories, write: `build_index(procs=1)`), then of `extract()` alone over the same
    articles already cleaned; interleaved `repeat` times. The issue's budget: extraction ≤ 15% of the
    first."""
    import shutil
    import tempfile

    import search.indexer as indexer
    from search.clean import clean
    from search.extract import Entities, extract
    from search.read import ReadReport, iter_corpus

    corpus = shared / "corpus" / SAMPLE[0][0]
    articles = [clean(r) for r in iter_corpus(corpus, ReadReport())]
    extract(articles[0])  # the matcher's automaton is built on first use, as in a build
    real = indexer.extract
    for n in range(repeat):
        indexer.extract = lambda a, *_: Entities(year=a.published.year if a.published else None)  # type: ignore
        folder = tempfile.mkdtemp(prefix="mirsad-share-")
        try:
            cpu = time.process_time()
            report = indexer.build_index(corpus, Path(folder) / "index", procs=1)
            rest = time.process_time() - cpu
        finally:
            indexer.extract = real
            shutil.rmtree(folder, ignore_errors=True)
        cpu = time.process_time()
        values = sum(len(extract(a).cities) for a in articles)
        alone = time.process_time() - cpu
        print(
            f"run {n + 1}: indexing {report.indexed} articles without extraction {rest:.1f} s CPU; "
            f"extract() over {len(articles)} articles {alone:.1f} s CPU ({values} city values) "
            f"= {100 * alone / rest:.1f}% of it"
        )


def memory() -> None:
    import flask  # noqa: F401  (what the server loads anyway)
    import numpy  # noqa: F401
    import whoosh.index  # noqa: F401

    base, start = _rss_mb(), time.perf_counter()
    from search.extract import GAZETTEER, find_entities
    from search.query import entity_id

    find_entities("وقعت الحادثة بالناظور")
    entity_id("city", "Nador")
    print(
        f"gazetteer: {len(GAZETTEER.entries)} entries loaded; import + first extraction + first lookup "
        f"{time.perf_counter() - start:.2f} s, RSS +{_rss_mb() - base:.0f} MB"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("sample", "diff", "time", "memory", "share"))
    ap.add_argument("files", nargs="*", help="diff: BEFORE.json AFTER.json")
    ap.add_argument("--root", default=str(ROOT), help="the checkout whose code runs (default: this one)")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default="places-sample.json")
    ap.add_argument("--repeat", type=int, default=2, help="share: interleaved runs")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(args.root).resolve()))
    if args.command == "sample":
        sample(Path(args.shared), Path(args.out))
    elif args.command == "diff":
        diff(Path(args.files[0]), Path(args.files[1]))
    elif args.command == "time":
        extraction_time(Path(args.shared))
    elif args.command == "share":
        extraction_share(Path(args.shared), args.repeat)
    else:
        memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())
