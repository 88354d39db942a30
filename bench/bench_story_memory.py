"""Memory and time of same-story assignment as an archive grows (issue 15: the build parent's state).

    $ python bench/bench_story_memory.py CORPUS... [--features cache.pickle] [--copies 1]

Story features are computed once (two processes) and cached; the assigner then takes the articles in
corpus order, as the build parent does, and the script prints its CPU seconds, a digest of the story
ids (equal digests: equal assignments) and the memory the assigner holds: the resident memory a fresh
process adds by loading it as `--update` does (stories.pickle), per 1,000 articles. `--copies N` feeds
the articles N times with fresh ids, as bench_scale's 500k point does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _meta(raw):
    from search.prepare import Prepared, prepare

    item = prepare(raw)
    return item.meta if isinstance(item, Prepared) else None


def features(corpora: list[Path]) -> list:
    from search.read import ReadReport, iter_corpus

    metas = []
    with Pool(2) as pool:
        for corpus in corpora:
            metas.extend(m for m in pool.imap(_meta, iter_corpus(corpus, ReadReport()), chunksize=64) if m)
    return metas


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--features", help="cache of the computed features (made if missing)")
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--dump", help="write `id<TAB>story` lines here (to compare two versions)")
    args = ap.parse_args()

    from search.prepare import Admission, Meta
    from search.stories import StoryAssigner

    cache = Path(args.features) if args.features else None
    if cache and cache.exists():
        metas = pickle.loads(cache.read_bytes())
    else:
        metas = features([Path(c) for c in args.corpus])
        if cache:
            cache.write_bytes(pickle.dumps(metas, protocol=pickle.HIGHEST_PROTOCOL))
    admission = Admission(StoryAssigner())
    digest = hashlib.sha1()
    lines = []
    start = time.process_time()
    for copy in range(args.copies):
        for meta in metas:
            # a copy: fresh id and content hash, the same features (bench_scale's copies differ by a line)
            item = (
                meta if not copy else Meta(f"c{copy}-{meta.id}", f"{copy}-{meta.content_hash}", meta.features)
            )
            story = admission.admit(item)
            lines.append(f"{item.id}\t{story}\n")
            digest.update(lines[-1].encode())
    seconds = time.process_time() - start
    articles = len(admission.stories)
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "stories.pickle"
        admission.stories.save(saved)
        size_mb = saved.stat().st_size / 2**20
        load = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path;"
            "from bench.measure import vmrss_kb; from search.stories import StoryAssigner;"
            f"before = vmrss_kb(); a = StoryAssigner.load(Path({str(saved)!r}));"
            "print((vmrss_kb() - before) / 1024)"
        )
        added = float(
            subprocess.run([sys.executable, "-c", load], capture_output=True, text=True, check=True).stdout
        )
    row = {
        "articles": articles,
        "cpu_seconds": round(seconds, 1),
        "pickle_mb": round(size_mb, 1),
        "resident_mb": round(added, 1),
        "mb_per_1000": round(added / articles * 1000, 2),
        "digest": digest.hexdigest()[:16],
    }
    print(json.dumps(row))
    if args.dump:
        Path(args.dump).write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
