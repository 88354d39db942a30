"""Write the demo archive shipped in seeds/demo/ from the shared corpora, by a fixed rule.

    python tools/make_demo.py --shared ../shared      # (make demo-archive)

Two sources whose licences allow shipping (see ../shared/corpus/PROVENANCE.md):
- ANT Corpus v1.1, Jawhara FM (Tunisia, Arabic, 2013–2017; Apache-2.0, cite the ANT papers):
  JAWHARA_PER_YEAR articles per publication year (all of a year that has fewer, the remainder shared
  out over the other years in turn), and within a year half by *topic weight* and half by
  *topic spread*:
    * weight: the number of distinct security, justice and migration keywords (KEYWORDS) in the title
      and text; the highest first;
    * spread: the remaining articles taken in turn from each category (round robin), so sport,
      economy, culture… are also there.
  Ties are broken by the SHA-1 of the article id, never by file order or by hand.
- NTREX-128 (CC BY-SA 4.0): every document, in English, Arabic and French (123 × 3).

The output is deterministic: the same inputs give byte-identical .jsonl.xz files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "seeds" / "demo"
JAWHARA = "ant_v1.1_jawharafm.jsonl.xz"
NTREX = "ntrex128_en_ar_fr_docs.jsonl.xz"
JAWHARA_PER_YEAR = 180
FIELDS = ("id", "title", "date", "date_iso", "author", "outlet", "url", "lang", "category", "text")

# Security, justice and migration vocabulary of Tunisian news (hand-written; substrings of the
# normalised-enough written forms, so clitics such as وال/بال do not hide them).
KEYWORDS = (
    "إرهاب",
    "ارهاب",
    "الأمن",
    "أمني",
    "الشرطة",
    "الحرس الوطني",
    "الديوانة",
    "محكمة",
    "المحكمة",
    "القضاء",
    "قاضي",
    "النيابة",
    "السجن",
    "إيقاف",
    "ايقاف",
    "حجز",
    "تهريب",
    "مهرب",
    "هجرة",
    "مهاجر",
    "اجتياز الحدود",
    "الحدود",
    "داعش",
    "خلية",
    "متهم",
    "تحقيق",
    "جريمة",
    "مخدرات",
)


def _read(path: Path) -> list[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _tiebreak(article: dict) -> str:
    return hashlib.sha1(article["id"].encode("utf-8")).hexdigest()


def topic_weight(article: dict) -> int:
    """How many distinct security/justice/migration keywords the article uses."""
    text = (article.get("title") or "") + "\n" + (article.get("text") or "")
    return sum(1 for k in KEYWORDS if k in text)


def _year(article: dict) -> str:
    return (article.get("date_iso") or article.get("date") or "")[:4] or "unknown"


def _pick_year(articles: list[dict], quota: int) -> list[dict]:
    """Half by topic weight, half round robin over categories (see the module docstring)."""
    by_weight = sorted(articles, key=lambda a: (-topic_weight(a), _tiebreak(a)))
    chosen = by_weight[: quota // 2]
    taken = {a["id"] for a in chosen}
    queues: dict[str, list[dict]] = defaultdict(list)
    for a in sorted(articles, key=_tiebreak):
        if a["id"] not in taken:
            queues[a.get("category") or "none"].append(a)
    order = sorted(queues)
    while len(chosen) < quota and any(queues.values()):
        for cat in order:
            if queues[cat] and len(chosen) < quota:
                chosen.append(queues[cat].pop(0))
    return chosen


def select_jawhara(articles: list[dict], per_year: int = JAWHARA_PER_YEAR) -> list[dict]:
    """per_year articles of each year; a short year's remainder is shared out over the others in turn."""
    by_year: dict[str, list[dict]] = defaultdict(list)
    for a in articles:
        if a.get("text") and _year(a) != "unknown":
            by_year[_year(a)].append(a)
    years = sorted(by_year)
    quota = {y: min(per_year, len(by_year[y])) for y in years}
    spare = per_year * len(years) - sum(quota.values())
    while spare > 0 and any(quota[y] < len(by_year[y]) for y in years):
        for y in years:  # one more to each year that has more, in turn
            if spare > 0 and quota[y] < len(by_year[y]):
                quota[y] += 1
                spare -= 1
    chosen = [a for y in years for a in _pick_year(by_year[y], quota[y])]
    return sorted(chosen, key=lambda a: a["id"])


def _write(path: Path, articles: list[dict]) -> None:
    lines = [json.dumps({k: a.get(k) for k in FIELDS}, ensure_ascii=False, sort_keys=True) for a in articles]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(lzma.compress(data, preset=9))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--per-year", type=int, default=JAWHARA_PER_YEAR)
    args = ap.parse_args(argv)
    corpus, out = Path(args.shared) / "corpus", Path(args.out)
    jawhara = select_jawhara(_read(corpus / JAWHARA), args.per_year)
    ntrex = sorted(_read(corpus / NTREX), key=lambda a: a["id"])
    _write(out / "ant-jawharafm" / "jawharafm-demo.jsonl.xz", jawhara)
    _write(out / "ntrex128" / "ntrex128-demo.jsonl.xz", ntrex)
    years: dict[str, int] = defaultdict(int)
    for a in jawhara:
        years[_year(a)] += 1
    print(f"Jawhara FM: {len(jawhara)} articles {dict(sorted(years.items()))}")
    print(f"NTREX-128: {len(ntrex)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
