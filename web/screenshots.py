"""Screenshots of the search and article pages, Arabic and English, desktop and phone widths.

    $ python -m web.screenshots --index index/current --out build/screenshots

Serves the index with waitress on a free local port and drives Debian's Chromium with Playwright
(no browser download). `make screenshots` runs it on the seeds; look at the PNGs it writes.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from urllib.parse import quote

from waitress import create_server

from . import create_app

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", default="index/current")
    ap.add_argument("--out", default="build/screenshots")
    ap.add_argument("--query", default="خلايا ارهابية الناظور")
    ap.add_argument(
        "--english-query", default="Nador terrorist cell dismantled", help="a cross-language search"
    )
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    server = create_server(create_app({"INDEX_PATH": args.index}), host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for ui in ("ar", "en"):
                page.goto(f"{base}/search?ui={ui}")  # the first screen: newest articles, whole-archive facets
                page.screenshot(path=str(out / f"first-{ui}-{size}.png"), full_page=True)
                page.goto(f"{base}/search?q={quote(args.query)}&ui={ui}")
                page.screenshot(path=str(out / f"search-{ui}-{size}.png"), full_page=True)
                first = page.locator(".hit h3 a").first
                if first.count():
                    first.click()
                    page.screenshot(path=str(out / f"article-{ui}-{size}.png"), full_page=True)
                # An English query over the Arabic reporting: "Also searched in Arabic: …".
                page.goto(f"{base}/search?q={quote(args.english_query)}&ui={ui}")
                page.screenshot(path=str(out / f"xlang-{ui}-{size}.png"), full_page=True)
            page.close()
        browser.close()
    server.close()
    for png in sorted(out.glob("*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
