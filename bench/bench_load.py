"""Load test: concurrent clients against the production server while an incremental update runs.

    $ python bench/bench_load.py [--corpus ../shared/corpus/hespress_stories_partial.jsonl.xz]
                                 [--clients 16] [--seconds 40]

1. builds an index of the corpus (a copy of it, so the update can add to it);
2. starts `mirsad serve` (waitress) on a free loopback port;
3. runs N client threads for a bounded time with a mix of searches, facet clicks, article pages and
   API calls, while, halfway through, new articles are added and `mirsad index --update` runs;
4. reports throughput, latency percentiles and errors, then checks that the index holds exactly the
   old articles plus the new ones: nothing lost, nothing duplicated.
Writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.measure import percentile, title_query, vmrss_kb  # noqa: E402

MIRSAD = [sys.executable, "-m", "search.cli"]
QUERIES = [
    "خلايا ارهابية الناظور",
    "مليلية",
    "المخدرات طنجة",
    "كورونا",
    "حادثة سير",
    "النيابة العامة",
    "الدرك الملكي",
    "الهجرة السرية",
    "police",
    "Nador cell",
    "الحكومة البرلمان",
    "الشيرا",
    "",
]
FACET_CLICKS = [
    ("city", "casablanca"),
    ("city", "tangier"),
    ("city", "nador"),
    ("year", "2020"),
    ("agency", "dgsn"),
    ("agency", "gendarmerie"),
    ("lang", "ar"),
]
NEW_ARTICLES = 50


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def title_queries(rows: list[dict], count: int, rng: random.Random) -> list[str]:
    """Queries cut from random titles: a broad mix, so most terms are not already cached."""
    titled = [r["title"] for r in rows if r.get("title")]
    return [q for title in rng.sample(titled, min(count, len(titled))) if (q := title_query(title, rng))]


def kind_of(url: str) -> str:
    if url.startswith("/article/"):
        return "article"
    if url.startswith("/api/"):
        return "api"
    if any(f"{name}=" in url for name, _ in FACET_CLICKS):
        return "facet click"
    return "search page"


def random_url(rng: random.Random, article_ids: list[str], queries: list[str]) -> str:
    kind = rng.random()
    q = rng.choice(QUERIES) if rng.random() < 0.5 else rng.choice(queries)
    if kind < 0.45:
        return "/search?" + urlencode({"q": q, "ui": rng.choice(["ar", "en"])})
    if kind < 0.70:
        name, value = rng.choice(FACET_CLICKS)
        return "/search?" + urlencode({"q": q, name: value, "ui": "ar"})
    if kind < 0.85:
        return "/api/v1/search?" + urlencode({"q": q, "per_page": 20})
    if article_ids:
        return "/article/" + quote(rng.choice(article_ids), safe="") + "?q=" + quote(q)
    return "/api/v1/health"


def client(
    base: str, stop: threading.Event, seed: int, ids: list[str], queries: list[str], out: list, errors: list
) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        url = random_url(rng, ids, queries)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(base + url, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            errors.append(f"{url}: {exc}")
            continue
        elapsed = (time.perf_counter() - start) * 1000
        if status >= 500 or (status == 404 and not url.startswith("/article/")):
            errors.append(f"{url}: HTTP {status}")
        out.append((kind_of(url), elapsed))


def all_rows(base: str) -> list[dict]:
    with urllib.request.urlopen(base + "/api/v1/export.jsonl", timeout=120) as response:
        return [json.loads(line) for line in response if line.strip()]


def server_rss_mb(pid: int) -> float:
    """Resident memory of the server and its worker processes (Linux /proc)."""
    pids, total = [pid], 0
    while pids:
        current = pids.pop()
        try:
            total += vmrss_kb(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return round(total / 1024, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus/hespress_stories_partial.jsonl.xz"))
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=40)
    args = ap.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.clients} clients, "
        f"{args.seconds:.0f} s",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="mirsad-load-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = None
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        shutil.copy(args.corpus, corpus / Path(args.corpus).name)
        index = work / "index"
        subprocess.run(
            [*MIRSAD, "index", str(corpus), "--index", str(index), "--quiet"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        port = free_port()
        server_log = open(work / "server.log", "w")
        server = subprocess.Popen(
            [*MIRSAD, "serve", "--index", str(index), "--port", str(port)], env=env, stderr=server_log
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        rows = all_rows(base)
        before = [r["id"] for r in rows]
        queries = title_queries(rows, 400, random.Random(0))
        rss_start = server_rss_mb(server.pid)
        stop = threading.Event()
        timed: list[tuple[str, float]] = []
        errors: list[str] = []
        threads = [
            threading.Thread(target=client, args=(base, stop, i, before[:500], queries, timed, errors))
            for i in range(args.clients)
        ]
        start = time.monotonic()
        for t in threads:
            t.start()
        time.sleep(args.seconds / 2)
        new = [
            {
                "id": f"load-{i}",
                "title": f"خبر جديد رقم {i} عن مليلية",
                "text": f"نص الخبر الجديد رقم {i} عن الحدود في مليلية والناظور، أضيف أثناء اختبار الحمل.",
            }
            for i in range(NEW_ARTICLES)
        ]
        (corpus / "new.jsonl").write_text(
            "\n".join(json.dumps(a, ensure_ascii=False) for a in new) + "\n", encoding="utf-8"
        )
        update_start = time.monotonic()
        update = subprocess.run(
            [*MIRSAD, "index", str(corpus), "--index", str(index), "--update", "--quiet"],
            env=env,
            capture_output=True,
            text=True,
        )
        update_seconds = time.monotonic() - update_start
        remaining = args.seconds - (time.monotonic() - start)
        if remaining > 0:
            time.sleep(remaining)
        stop.set()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
        rss_end = server_rss_mb(server.pid)
        after = [r["id"] for r in all_rows(base)]
        latencies = [ms for _, ms in timed]
        kinds = sorted({k for k, _ in timed})
        expected = set(before) | {a["id"] for a in new}
        report = {
            "clients": args.clients,
            "seconds": round(elapsed, 1),
            "requests": len(latencies),
            "throughput_rps": round(len(latencies) / elapsed, 1),
            "latency_ms": {
                "p50": round(statistics.median(latencies), 1) if latencies else None,
                "p95": round(percentile(latencies, 0.95), 1),
                "p99": round(percentile(latencies, 0.99), 1),
            },
            "latency_by_kind_ms": {
                k: {
                    "requests": len(v),
                    "p50": round(statistics.median(v), 1),
                    "p95": round(percentile(v, 0.95), 1),
                }
                for k in kinds
                if (v := [ms for kind, ms in timed if kind == k])
            },
            "server_rss_mb": {"start": rss_start, "end": rss_end},
            "errors": len(errors),
            "error_examples": errors[:5],
            "update_seconds": round(update_seconds, 1),
            "update_summary": update.stdout.strip().splitlines()[:2],
            "articles_before": len(before),
            "articles_after": len(after),
            "lost": len(expected - set(after)),
            "duplicated": len(after) - len(set(after)),
            "unexpected": len(set(after) - expected),
        }
        print(json.dumps(report, ensure_ascii=False, indent=1))
        if errors:
            log = (work / "server.log").read_text(errors="replace")
            first = log.find("Traceback")
            print(
                "first server error:\n"
                + log[first : log.find("\n\n", first) if log.find("\n\n", first) > 0 else first + 8000]
                if first >= 0
                else log[-2000:]
            )
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "load.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
        ok = (
            report["errors"] == 0
            and report["lost"] == 0
            and report["duplicated"] == 0
            and update.returncode == 0
        )
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
