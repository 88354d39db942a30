"""A journalist's path through the app in a real browser (Debian's Chromium, driven by Playwright).

Skipped with a message where Chromium is absent; `.ci/run` installs it, so CI always runs these.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BROWSER_MARKS, CHROMIUM, SHOTS, serve_in_thread

from web import create_app
from web.screenshots import CHROMIUM_ARGS

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(corpus_index) -> Iterator[str]:
    _, url, stop = serve_in_thread(create_app({"INDEX_PATH": str(corpus_index.path)}))
    yield url
    stop()


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        context = browser.new_context(locale="ar", viewport={"width": 1200, "height": 900})
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        pg = context.new_page()
        pg.requests = requests  # type: ignore[attr-defined]
        yield pg
        browser.close()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_journalist_path(page, server):
    page.goto(server + "/search?ui=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#ui-switch").inner_text() == "English"
    assert page.locator("#total").inner_text() == "5"

    # Type an Arabic query and submit with the keyboard.
    page.fill("input[name=q]", "الشرطة طنجة")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    titles = page.locator(".hit h3").all_inner_texts()
    assert titles[0] == "توقيف شبكة لتهريب المخدرات بطنجة"
    assert page.locator(".hit mark").count() >= 2
    shot(page, "1-arabic-query")

    # Narrow by a city facet: the count and the list follow.
    page.fill("input[name=q]", "")
    page.press("input[name=q]", "Enter")
    page.click(".facet[data-facet=city] a[data-value=tetouan]")
    assert page.locator("#total").inner_text() == "1"
    assert page.locator(".hit h3").all_inner_texts() == ["مقتل شرطي طعنا بالسكين"]
    assert page.locator(".chip.removable").count() == 1
    shot(page, "2-city-facet")

    # Switch the interface to English: the filter stays, the labels change, the page turns LTR.
    page.click("#ui-switch")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "Tetouan" in page.locator(".chip.removable").inner_text()
    assert page.locator("#total").inner_text() == "1"

    # Open the article, then go back.
    page.click(".hit h3 a")
    assert page.locator("article h1").inner_text() == "مقتل شرطي طعنا بالسكين"
    assert page.locator("article h1").get_attribute("dir") == "rtl"  # Arabic text inside the English UI
    assert page.locator("article .body").get_attribute("dir") == "rtl"
    assert page.locator("#ui-switch").inner_text() == "العربية"
    shot(page, "3-article")
    page.go_back()
    assert page.locator("#total").inner_text() == "1"
    assert page.locator("html").get_attribute("lang") == "en"

    # Remove the filter chip.
    page.click(".chip.removable")
    assert page.locator("#total").inner_text() == "5"


def test_english_article_reads_ltr_inside_arabic_ui(page, server):
    page.goto(server + "/search?q=police&ui=ar")
    hit = page.locator(".hit[lang=en]").first
    assert hit.get_attribute("dir") == "ltr"
    shot(page, "4-mixed")


def test_no_external_requests(page, server):
    page.goto(server + "/search?q=مليلية&ui=ar")
    assert page.requests and all(url.startswith(server) for url in page.requests)


CONTRAST_JS = """
(selector) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return Array.from(document.querySelectorAll(selector)).filter(e => e.getClientRects().length).map((el) => {
    const fg = lum(parse(getComputedStyle(el).color).slice(0, 3)), bg = lum(background(el));
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  });
}
"""


@pytest.mark.parametrize("ui", ["ar", "en"])
def test_accessibility_basics(page, server, ui):
    page.goto(server + f"/search?q=police&ui={ui}")
    # Every visible input has a label.
    unlabeled = page.evaluate(
        """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
             .filter(i => !i.labels.length && !i.getAttribute('aria-label')).map(i => i.name)"""
    )
    assert unlabeled == []
    # Headings start at h1 and never skip a level.
    levels = page.evaluate(
        "() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])"
    )
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # Keyboard focus is visible.
    page.focus("#q")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    # Text contrast at least 4.5:1 (WCAG AA) for body text, metadata, counts, snippets and links.
    for selector in ("body", ".meta", ".count", ".snippet", ".syntax", ".summary", ".facet a", ".hit h3 a"):
        ratios = page.evaluate(CONTRAST_JS, selector)
        assert ratios and min(ratios) >= 4.5, (selector, ratios and min(ratios))
