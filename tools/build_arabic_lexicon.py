"""Derive the Arabic stemmer's lexicon from Debian's hunspell-ar (Ayaspell) dictionary.

    $ python tools/build_arabic_lexicon.py --deb build/lexicon/hunspell-ar_3.2-1.2_all.deb \
          --corpus ../shared/corpus/hespress_stories_partial.jsonl.xz

(`make lexicon-ar` fetches the .deb with `apt-get download hunspell-ar` and runs this.)

Writes search/analysis/data/arabic_lexicon.json.gz:
- "nouns": the normalised noun and proper-name entries of Ayaspell's `names.dic` section (أسماء):
  what the stemmer asks when it must tell a clitic from the first letter of a word (وزير, والي,
  الكائنة) or a suffix from the end of one (قانون, فلسطين).
- "plurals": broken plural → singular, for the plurals that occur in the news corpora given.
  Ayaspell lists its nouns root by root, each singular followed by its broken plurals (مدينة/73
  مدن/69 مدائن/61). A singular takes the dual suffixes (affix flags CA–CD); a broken plural does
  not. So an entry without dual flags that follows a singular, shares its first two root letters,
  and is never itself a singular elsewhere in the dictionary is read as that singular's plural.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import lzma
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.analysis.arabic import normalize_arabic  # noqa: E402
from search.analysis.chains import STOPWORDS  # noqa: E402

OUT = ROOT / "search" / "analysis" / "data" / "arabic_lexicon.json.gz"
DIC_PATH = "usr/share/hunspell/ar.dic"
AFF_PATH = "usr/share/hunspell/ar.aff"
# Suffix flags of the forms only a singular takes: the dual (C, D, E, F, G: ان/ين after different
# stem endings) and the sound plurals (H: ات, I: ون/ين, N: يون). Their second letter is upper case.
SINGULAR_FLAG_CLASSES = set("CDEFGHIN")
ARTICLE = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
# Letters that are often pattern material rather than root (vowels, hamza seats, ة and the
# prefixes م ت ا of derived nouns): skipped when comparing a singular's root with a plural's.
PATTERN_LETTERS = set("اويىةهءأإآؤئمت")
WORD_RE = re.compile(r"[\u0621-\u064a]+")
MIN_PLURAL_COUNT = 3


def read_deb(deb: Path) -> dict[str, bytes]:
    """The dictionary files from the .deb, unpacked with dpkg-deb (no root needed)."""
    with tempfile.TemporaryDirectory() as tmp:
        data = subprocess.run(
            ["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            out = {}
            for member in tar.getmembers():
                name = member.name.lstrip("./")
                if name in (DIC_PATH, AFF_PATH) and member.isfile():
                    f = tar.extractfile(member)
                    assert f is not None
                    out[name] = f.read()
        del tmp
    return out


def flag_sets(aff: str) -> list[list[str]]:
    """Ayaspell uses `FLAG long` and numbered flag sets (AF lines): /73 means the 73rd AF line."""
    sets: list[list[str]] = [[]]
    for line in aff.splitlines():
        if line.startswith("AF ") and not line.split()[1].isdigit():
            flags = line.split()[1]
            sets.append([flags[i : i + 2] for i in range(0, len(flags), 2)])
    return sets


def dic_entries(dic: str, sets: list[list[str]], wanted: str) -> list[tuple[str, bool]]:
    """(normalised word, is a singular: takes the dual or a sound plural) for each entry of one
    section of ar.dic (stopwords.dic, tools.dic, names.dic = nouns, verb.huns.dic), in order."""
    section = ""
    entries: list[tuple[str, bool]] = []
    lines = dic.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("::::") and i + 1 < len(lines) and lines[i + 1].endswith(".dic"):
            section = lines[i + 1]
            continue
        if section != wanted or not line or line.startswith(("#", ":")) or line.endswith(".dic"):
            continue
        word, _, rest = line.partition("/")
        flags = sets[int(rest.split()[0])] if rest.split() and rest.split()[0].isdigit() else []
        word = normalize_arabic(word.split()[0]) if word.split() else ""
        if WORD_RE.fullmatch(word):
            entries.append((word, any(f[0] in SINGULAR_FLAG_CLASSES and f[1].isupper() for f in flags)))
    return entries


def root_letters(word: str) -> str:
    return "".join(c for c in word if c not in PATTERN_LETTERS)


def shares_root(singular: str, plural: str) -> bool:
    """The singular's root-like letters (two or three) all occur in the plural, in order."""
    root = root_letters(singular)
    if not 2 <= len(root) <= 4:
        return False
    at = -1
    for letter in root[:3]:
        at = plural.find(letter, at + 1)
        if at < 0:
            return False
    return True


LOOK_BACK, LOOK_AHEAD = 4, 2  # entries between a plural and its singular, before or after it


def broken_plurals(entries: list[tuple[str, bool]], not_plurals: set[str]) -> dict[str, str]:
    """Plural → singular: each non-singular entry and the nearest singular of the same root.

    Left out: forms that are also a singular noun, a verb form or a function word elsewhere in the
    dictionary (كتاب "book" is also the plural of كاتب; كشف is a verb), and pairs the light
    stemmer already joins (ريش/ريشة, and every plural in ات) or that pair a plural with a تفعيل
    verbal noun (وفق/توفيق).
    """
    singulars = {w for w, singular in entries if singular}
    found: dict[str, set[str]] = {}
    for i, (word, singular) in enumerate(entries):
        if singular or word in singulars or word in not_plurals or word.endswith("ات"):
            continue
        before = [w for w, s in reversed(entries[max(0, i - LOOK_BACK) : i]) if s][:1]
        after = [w for w, s in entries[i + 1 : i + 1 + LOOK_AHEAD] if s][:1]
        for anchor in before + after:  # the singular usually comes first (مدينة مدن), sometimes after
            if anchor.startswith("ت") and not word.startswith("ت"):
                continue
            if anchor.startswith(word) or word.startswith(anchor):
                continue
            if shares_root(anchor, word):
                found.setdefault(word, set()).add(anchor)
                break
    # A form read as the plural of two different singulars is ambiguous: left out.
    return {p: next(iter(s)) for p, s in found.items() if len(s) == 1}


def corpus_counts(paths: list[Path]) -> Counter[str]:
    """How often each normalised word occurs, with the article and its clitics taken off."""
    counts: Counter[str] = Counter()
    for path in paths:
        with lzma.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record.get("lang", "ar") != "ar":
                    continue
                text = normalize_arabic(f"{record.get('title') or ''} {record.get('text') or ''}")
                for word in WORD_RE.findall(text):
                    for prefix in ARTICLE:
                        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                            word = word[len(prefix) :]
                            break
                    counts[word] += 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--deb", required=True, type=Path, help="hunspell-ar_*.deb (apt-get download hunspell-ar)"
    )
    ap.add_argument(
        "--corpus", action="append", type=Path, default=[], help="Arabic .jsonl.xz for frequencies"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    files = read_deb(args.deb)
    sets = flag_sets(files[AFF_PATH].decode("utf-8"))
    dic = files[DIC_PATH].decode("utf-8")
    entries = dic_entries(dic, sets, "names.dic")
    others = {
        w for name in ("stopwords.dic", "tools.dic", "verb.huns.dic") for w, _ in dic_entries(dic, sets, name)
    }
    plurals = broken_plurals(entries, others | STOPWORDS)
    counts = corpus_counts(args.corpus)
    frequent = {p: s for p, s in plurals.items() if counts[p] >= MIN_PLURAL_COUNT}
    data = {
        "source": f"{args.deb.name} (Debian hunspell-ar, Ayaspell; GPL-2+/LGPL-2.1+/MPL-1.1)",
        "corpora": [p.name for p in args.corpus],
        "min_plural_count": MIN_PLURAL_COUNT,
        "nouns": sorted({w for w, _ in entries}),
        "plurals": dict(sorted(frequent.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), indent=0).encode("utf-8")
    args.out.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(
        f"{len(data['nouns'])} nouns, {len(plurals)} broken plurals in the dictionary, "
        f"{len(frequent)} occurring ≥ {MIN_PLURAL_COUNT} times in the corpora → {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
