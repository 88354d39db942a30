"""A fixed sample of articles with the places extracted from them, to read by eye, and its judgement.

    $ python bench/sample_places.py --out bench/results/places-sample.md      # `make sample-places`
    $ python bench/sample_places.py --count bench/results/places-judged-before.jsonl

The sample is drawn at a fixed stride from a fixed first record (no randomness, so every run reads the
same articles): Hespress records 15, 45, 75, ... (every 30th: 200 articles), Jawhara FM records 50,
151, 252, ... (every 101st: 100), ANT multisource records 300, 930, 1560, ... (every 630th: 50). Record
numbers count from 0 in the corpus file, in file order.

For each article the review file holds its id, title, the first EXCERPT_CHARS characters of the
cleaned body and every city value with its kind (listed, geonames, hcp commune, discovered), its
country and the words around each mention. A reader writes one JSON line per article into a
judgement file: {"id": ..., "false": [city ids wrongly extracted], "missed": [places of the article
(in the title or the excerpt) that were not extracted], "note": "..."}; `--count` totals it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (corpus file, short name, first record, stride, count)
SAMPLE = (
    ("hespress_stories_partial.jsonl.xz", "hespress", 15, 30, 200),
    ("ant_v1.1_jawharafm.jsonl.xz", "jawharafm", 50, 101, 100),
    ("ant_multisource_v2.1.jsonl.xz", "antmulti", 300, 630, 50),
)
EXCERPT_CHARS = 1500
SOURCE_NAMES = {"listed": "listed", "geonames": "GeoNames", "hcp": "commune", "discovered": "discovered"}


def sampled_articles(shared: Path):
    """(corpus short name, clean article) of the fixed sample, in order."""
    from search.clean import clean
    from search.read import ReadReport, iter_corpus

    for file_name, short, first, stride, count in SAMPLE:
        raws = itertools.islice(iter_corpus(shared / "corpus" / file_name, ReadReport()), first, None, stride)
        for raw in itertools.islice(raws, count):
            yield short, clean(raw)


def review(shared: Path) -> tuple[str, dict[str, list[str]]]:
    """The review file's Markdown text, and each article's city values (id → list)."""
    from search.extract import extract

    lines = [
        "# Places extracted from a fixed sample (bench/sample_places.py): read and judge each article",
        "",
    ]
    values: dict[str, list[str]] = {}
    for short, article in sampled_articles(shared):
        entities = extract(article)
        key = f"{short}:{article.id}"
        values[key] = list(entities.cities)
        lines += [
            f"## {key}",
            f"**{article.title}**",
            "",
            article.body[:EXCERPT_CHARS].replace("\n", " "),
            "",
        ]
        by_id: dict[str, list] = {}
        for m in entities.mentions:
            if m.kind == "city":
                by_id.setdefault(m.id, []).append(m)
        for place_id, mentions in by_id.items():
            m = mentions[0]
            contexts = []
            for mention in mentions[:3]:
                text = article.title if mention.field == "title" else article.body
                contexts.append(text[max(0, mention.start - 30) : mention.end + 20].replace("\n", " "))
            kind = SOURCE_NAMES.get(m.source, m.source)
            lines.append(
                f"- PLACE {place_id} [{kind}, {m.country or '?'}] ×{len(mentions)}: " + " | ".join(contexts)
            )
        agencies = ", ".join(entities.agencies)
        lines += [f"- agencies: {agencies}" if agencies else "- agencies: none", ""]
    return "\n".join(lines), values


def count(judged: Path) -> dict[str, Counter]:
    """Totals of a judgement file per corpus: articles, false places, missed places."""
    totals: dict[str, Counter] = {}
    for line in judged.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        corpus = row["id"].split(":")[0]
        for bucket in (corpus, "all"):
            c = totals.setdefault(bucket, Counter())
            c["articles"] += 1
            c["false"] += len(row.get("false", []))
            c["missed"] += len(row.get("missed", []))
            c["articles with an error"] += bool(row.get("false") or row.get("missed"))
    return totals


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "places-sample.md"))
    ap.add_argument("--values", help="also write each article's city values as JSON here")
    ap.add_argument("--count", metavar="JUDGED_JSONL", help="total a judgement file instead")
    args = ap.parse_args()
    if args.count:
        for corpus, c in count(Path(args.count)).items():
            print(f"{corpus}: " + ", ".join(f"{k} {v}" for k, v in c.items()))
        return 0
    sys.path.insert(0, str(ROOT))
    text, values = review(Path(args.shared))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    if args.values:
        Path(args.values).write_text(json.dumps(values, ensure_ascii=False, indent=0), "utf-8")
    print(f"{len(values)} articles, {sum(len(v) for v in values.values())} city values → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
