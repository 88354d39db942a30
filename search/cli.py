"""The `mirsad` command: a thin layer that parses arguments, calls the library and prints.

$ mirsad index seeds
$ mirsad search "خلايا ارهابية" --city nador --json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .clean import clean
from .client import Client, ClientError
from .export import csv_cells
from .extract import extract
from .indexer import IndexBusy, build_index, read_manifest
from .read import ReadReport, iter_corpus
from .read.tabular import parse_columns
from .schema import FACET_FIELDS
from .searcher import EXPORT_FIELDS, SORTS, BadRequest, Index, IndexNotFound, SearchRequest, SearchResult
from .settings import SETTINGS, setting
from .translate import XLANG_MODES

EXIT_OK, EXIT_FAILURE, EXIT_PARTIAL = 0, 1, 3


def _index_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", default=setting("index_path"), help=SETTINGS["index_path"].help)


def cmd_index(args: argparse.Namespace) -> int:
    try:
        columns = parse_columns(args.columns or "")
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILURE
    try:
        report = build_index(
            args.corpus,
            args.index,
            progress=not args.quiet,
            update=args.update,
            wait=args.wait,
            columns=columns,
            procs=args.procs,
        )
    except IndexBusy as exc:
        print(f"not started: {exc} (or pass --wait)", file=sys.stderr)
        return EXIT_FAILURE
    except (OSError, ValueError) as exc:
        print(f"index build failed, the current index is untouched: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    print(report.summary(max_problems=args.show_problems))
    print(f"index: {args.index}")
    if report.indexed == 0:
        return EXIT_FAILURE
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def _print_table(result: SearchResult, out: Any) -> None:
    r = result
    lines = f" in {r.groups} lines" if r.groups is not None else ""
    print(f"{r.total} results{lines} ({r.took_ms:.0f} ms) — page {r.request.page}/{r.pages}", file=out)
    for concept in (r.translation or {}).get("concepts", []):
        forms = " / ".join(f"{a['form']} ({a['origin']})" for a in concept["alternatives"])
        print(f"also searched: {concept['source']} → {forms}", file=out)
    for n, hit in enumerate(r.hits, start=(r.request.page - 1) * r.request.per_page + 1):
        meta = " · ".join(x for x in (hit.date and hit.date[:10], hit.outlet) if x)
        print(f"\n{n}. {hit.title}  [{hit.id}]", file=out)
        if meta:
            print(f"   {meta}", file=out)
        chips = [v.label_en for name in ("city", "agency") for v in hit.facets.get(name, [])]
        if chips:
            print("   " + ", ".join(chips), file=out)
        snippet = "".join(f"«{s.text}»" if s.match else s.text for s in hit.snippet).replace("\n", " ")
        print(f"   {snippet}", file=out)
        if r.groups is not None and hit.story_size > 1:  # collapsed: the story's other articles
            print(f"   {hit.story_size - 1} more on this story: --story {hit.story} --sort oldest", file=out)
    if r.timeline and r.timeline.buckets:
        bars = ", ".join(f"{b.start} {b.count}" for b in r.timeline.buckets if b.count)
        print(f"\ntimeline (by {r.timeline.unit}, undated {r.timeline.undated}): {bars}", file=out)
    for name in ("city", "agency", "year"):
        values = r.facets.get(name) or []
        if values:
            shown = ", ".join(f"{v.label_en} ({v.count})" for v in values[:8])
            print(f"\n{name}: {shown}", file=out)


def cmd_search(args: argparse.Namespace) -> int:
    """table and json print one page; csv and jsonl print every result (the whole result set)."""
    fmt = "json" if args.json else args.format
    filters = {name: getattr(args, name) for name in FACET_FIELDS if getattr(args, name)}
    request = SearchRequest(
        " ".join(args.query),
        filters,
        args.sort,
        args.page,
        args.per_page,
        xlang=args.xlang,
        xlang_removed=args.xlang_drop or [],
        date_from=args.date_from or "",
        date_to=args.date_to or "",
        collapse=args.collapse,
    )
    try:
        source = Client(args.server) if args.server else Index.open(args.index)
        if fmt in ("csv", "jsonl"):
            rows = source.iter_results(request.validate())
            if fmt == "csv":
                writer = csv.writer(sys.stdout)
                writer.writerow(EXPORT_FIELDS)
                for row in rows:
                    writer.writerow(csv_cells(row, EXPORT_FIELDS))
            else:
                for row in rows:
                    print(json.dumps(row, ensure_ascii=False))
            return EXIT_OK
        result = source.run(request)
    except BrokenPipeError:
        raise  # handled in main(): the reader went away
    except (IndexNotFound, BadRequest, ClientError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    if fmt == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        _print_table(result, sys.stdout)
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    manifest = read_manifest(args.index)
    if not manifest:
        print(f"no index at {args.index}", file=sys.stderr)
        return EXIT_FAILURE
    manifest.pop("skipped", None)
    print(json.dumps(manifest, ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    report = ReadReport()
    found = False
    for raw in iter_corpus(Path(args.file), report):
        found = True
        article = clean(raw)
        entities = extract(article)
        out = {
            "id": article.id,
            "title": article.title,
            "lang": article.lang,
            "author": article.author,
            "dateline": asdict(article.dateline) if article.dateline else None,
            "published": article.published.isoformat() if article.published else None,
            "year": entities.year,
            "cities": entities.cities,
            "countries": entities.countries,
            "agencies": entities.agencies,
            "wires": entities.wires,
            "years_mentioned": entities.years_mentioned,
            "mentions": [asdict(m) for m in entities.mentions],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
    for problem in report.problems:
        print(f"skipped {problem}", file=sys.stderr)
    return EXIT_OK if found else EXIT_FAILURE


def cmd_serve(args: argparse.Namespace) -> int:
    from web.serve import serve  # imported here: the library and CLI work without the web layer

    return serve(args.index, args.host, args.port, workers=args.workers)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mirsad", description="Bilingual Arabic–English news search.")
    sub = p.add_subparsers(dest="command", required=True)

    pi = sub.add_parser("index", help="rebuild the index from a corpus folder")
    pi.add_argument("corpus", nargs="?", default=setting("corpus"), help=SETTINGS["corpus"].help)
    _index_arg(pi)
    pi.add_argument("--quiet", action="store_true", help="no progress bar")
    pi.add_argument("--update", action="store_true", help="apply only what changed since the last build")
    pi.add_argument(
        "--procs",
        type=int,
        default=None,
        metavar="N",
        help="analysing processes for a fresh build (default: 2 on a 2-core machine for inputs over 2 MB)",
    )
    pi.add_argument(
        "--wait", action="store_true", help="wait for another running index build instead of refusing"
    )
    pi.add_argument("--show-problems", type=int, default=20, help="skipped items to list (default 20)")
    pi.add_argument(
        "--columns",
        metavar="FIELD=COLUMN,…",
        help="spreadsheet columns for Mirsad's fields when their names are not recognised,"
        " e.g. text=Body,date=PubDate",
    )
    pi.set_defaults(func=cmd_index)

    ps = sub.add_parser("search", help="search the index")
    ps.add_argument("query", nargs="*", default=[])
    _index_arg(ps)
    for name in FACET_FIELDS:
        ps.add_argument(f"--{name.replace('_', '-')}", dest=name, action="append", metavar="VALUE")
    ps.add_argument("--from", dest="date_from", metavar="DATE", help="published on or after (YYYY[-MM[-DD]])")
    ps.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before (YYYY[-MM[-DD]])")
    ps.add_argument("--sort", choices=SORTS, default="relevance")
    ps.add_argument(
        "--collapse", action="store_true", help="one line per story, language and day (as the page)"
    )
    ps.add_argument(
        "--xlang",
        choices=XLANG_MODES,
        default="auto",
        help="cross-language search: auto (translate when the archive holds the other language), on, off",
    )
    ps.add_argument(
        "--xlang-drop", action="append", metavar="FORM", help="leave out one translation (repeatable)"
    )
    ps.add_argument("--page", type=int, default=1)
    ps.add_argument("--per-page", type=int, default=10)
    ps.add_argument(
        "--format",
        choices=("table", "json", "csv", "jsonl"),
        default="table",
        help="table/json: one page; csv/jsonl: every result",
    )
    ps.add_argument("--json", action="store_true", help="same as --format json")
    ps.add_argument("--server", help="search a Mirsad server (http://host:port) instead of a local index")
    ps.set_defaults(func=cmd_search)

    pst = sub.add_parser("status", help="what the index was built from, and when")
    _index_arg(pst)
    pst.set_defaults(func=cmd_status)

    pe = sub.add_parser("extract", help="show what is extracted from one article file")
    pe.add_argument("file")
    pe.set_defaults(func=cmd_extract)

    pv = sub.add_parser("serve", help="serve the web interface and API")
    _index_arg(pv)
    pv.add_argument("--host", default=setting("host"), help=SETTINGS["host"].help)
    pv.add_argument("--port", type=int, default=int(setting("port")), help=SETTINGS["port"].help)
    pv.add_argument("--workers", type=int, default=int(setting("workers")), help=SETTINGS["workers"].help)
    pv.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `mirsad search … | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
