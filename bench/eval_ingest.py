"""How well web pages are ingested: Mirsad's reader (trafilatura + page metadata + cleaning) against
trafilatura alone, on the same real pages in the same run.

    $ python bench/eval_ingest.py [--shared ../shared] [--json bench/results/ingest.json]

Reads ../shared/eval/html (195 news pages as served, with gold text, title, date, author; see its
README). Per page: body token precision, recall and F1 (bags of tokens after NFKC, lower-casing,
Arabic diacritics and tatweel removed, punctuation to spaces); title exact match on those tokens;
date on the same calendar day; author when every gold name occurs in the extracted author; for the
`snippets` pages, the share of `with` snippets found and of `without` snippets wrongly kept. Scores
are averaged per language and per gold kind. "trafilatura" is `bare_extraction(page,
with_metadata=True)` with its defaults, as in the README's reference table; "mirsad, before
cleaning" is Mirsad's reader output before search.clean runs, to show what cleaning changes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.clean import clean  # noqa: E402
from search.read import ReadReport  # noqa: E402
from search.read.html import page_article  # noqa: E402

_MARKS_RE = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT_RE = re.compile(r"[^\w\s]|_")


def tokens(text: str | None) -> list[str]:
    """The README's normalisation: NFKC, lower case, no Arabic marks or tatweel, punctuation → spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _PUNCT_RE.sub(" ", _MARKS_RE.sub("", text)).split()


def prf(found: str, gold: str) -> tuple[float, float, float]:
    got, want = Counter(tokens(found)), Counter(tokens(gold))
    common = sum((got & want).values())
    p = common / sum(got.values()) if got else 0.0
    r = common / sum(want.values()) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _contains(text: str, snippet: str) -> bool:
    return " ".join(tokens(snippet)) in " ".join(tokens(text))


def score(out: dict[str, Any], gold: dict[str, Any]) -> dict[str, float]:
    """One page's scores; a metric the gold has no value for is left out."""
    s: dict[str, float] = {}
    if gold.get("text"):
        s["P"], s["R"], s["F1"] = prf(out["text"], gold["text"])
        s["F1>=0.9"] = float(s["F1"] >= 0.9)
    if gold.get("title"):
        s["title"] = float(tokens(out["title"]) == tokens(gold["title"]))
    if gold.get("date"):
        s["date"] = float((out["date"] or "")[:10] == gold["date"][:10])
    if gold.get("author"):
        names = [n for n in gold["author"].split("; ") if n.strip()]
        got = " ".join(tokens(out["author"]))
        s["author"] = float(bool(got) and all(" ".join(tokens(n)) in got for n in names))
    if gold.get("with"):
        s["with"] = sum(_contains(out["text"], w) for w in gold["with"]) / len(gold["with"])
    if gold.get("without"):
        s["without"] = sum(_contains(out["text"], w) for w in gold["without"]) / len(gold["without"])
    return s


def run_trafilatura(html: bytes) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return {"text": "", "title": "", "date": "", "author": ""}
    return {
        "text": doc.text or "",
        "title": doc.title or "",
        "date": doc.date or "",
        "author": doc.author or "",
    }


def run_mirsad(html: bytes, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The path `mirsad index` takes for a page: read (extract + metadata), then clean.

    Returns (after cleaning, before cleaning): the second shows what Mirsad's cleaning adds.
    """
    raw = page_article(html, name, ReadReport())
    if raw is None:
        empty = {"text": "", "title": "", "date": "", "author": ""}
        return empty, empty
    article = clean(raw)
    cleaned = {
        "text": article.body,
        "title": article.title,
        "date": article.published.date().isoformat() if article.published else "",
        "author": article.author or "",
    }
    fields = raw.fields
    extracted = {
        "text": raw.text,
        "title": str(fields.get("title") or ""),
        "date": str(fields.get("date_iso") or "")[:10],
        "author": str(fields.get("author") or ""),
    }
    return cleaned, extracted


METRICS = ("P", "R", "F1", "F1>=0.9", "title", "date", "author", "with", "without")


def summarise(rows: list[tuple[dict[str, Any], dict[str, float]]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, float]]] = defaultdict(list)
    for gold, s in rows:
        for group in ("all", gold["lang"], f"kind:{gold['gold_kind']}"):
            groups[group].append(s)
    out: dict[str, dict[str, Any]] = {}
    for group, scores in groups.items():
        out[group] = {"pages": len(scores)}
        for m in METRICS:
            values = [s[m] for s in scores if m in s]
            if values:
                out[group][m] = (round(sum(values) / len(values), 3), len(values))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--json", help="write per-page scores and the summary here")
    ap.add_argument("--limit", type=int, default=0, help="first N pages only (a quick look)")
    ap.add_argument("--show-worst", type=int, default=0, help="list the N pages where Mirsad loses most F1")
    args = ap.parse_args()
    folder = Path(args.shared) / "eval" / "html"
    golds = [json.loads(line) for line in (folder / "gold.jsonl").read_text("utf-8").splitlines() if line]
    if args.limit:
        golds = golds[: args.limit]
    systems = ("mirsad", "mirsad, before cleaning", "trafilatura")
    rows: dict[str, list[tuple[dict[str, Any], dict[str, float]]]] = {s: [] for s in systems}
    per_page = []
    for gold in golds:
        data = (folder / "pages" / gold["file"]).read_bytes()
        if gold["file"].endswith(".gz"):
            data = gzip.decompress(data)
        cleaned, extracted = run_mirsad(data, gold["file"])
        outs = {"mirsad": cleaned, "mirsad, before cleaning": extracted, "trafilatura": run_trafilatura(data)}
        scores = {}
        for system, out in outs.items():
            scores[system] = score(out, gold)
            rows[system].append((gold, scores[system]))
        per_page.append({"file": gold["file"], "lang": gold["lang"], "kind": gold["gold_kind"], **scores})
    summary = {system: summarise(r) for system, r in rows.items()}
    order = ["all", "ar", "en", "fr", *sorted(g for g in summary["mirsad"] if g.startswith("kind:"))]
    print(
        "| group | system | pages | body P | body R | body F1 | F1 ≥ 0.9 | title (n) | date (n)"
        " | author (n) | with / without (n) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for group in order:
        for system in systems:
            g = summary[system][group]

            def cell(m: str, n: bool = False, g: dict[str, Any] = g) -> str:
                if m not in g:
                    return "–"
                return f"{g[m][0]:.3f} ({g[m][1]})" if n else f"{g[m][0]:.3f}"

            snippets = f"{cell('with')} / {cell('without')} ({g['with'][1]})" if "with" in g else "–"
            print(
                f"| {group} | {system} | {g['pages']} | {cell('P')} | {cell('R')} | {cell('F1')}"
                f" | {cell('F1>=0.9')}"
                f" | {cell('title', True)} | {cell('date', True)} | {cell('author', True)} | {snippets} |"
            )
    if args.show_worst:
        diffs = []
        for page in per_page:
            for m in ("F1", "title", "date", "author"):
                if m in page["mirsad"] and page["mirsad"][m] < page["trafilatura"][m]:
                    diffs.append((page["trafilatura"][m] - page["mirsad"][m], m, page["file"], page["lang"]))
        for d in sorted(diffs, reverse=True)[: args.show_worst]:
            print("worse:", d)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"summary": summary, "pages": per_page}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
