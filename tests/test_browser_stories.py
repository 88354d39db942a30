"""The timeline and collapsed stories in a real browser (Debian's Chromium via Playwright): click a
bar, click "more on this story". Skipped where Chromium is absent, like tests/test_browser.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BROWSER_MARKS, CHROMIUM, SHOTS, serve_in_thread
from test_stories import ARTICLES

from search import build_index
from web import create_app
from web.screenshots import CHROMIUM_ARGS

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-stories")
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    path: Path = tmp_path_factory.mktemp("ix") / "browser-stories"
    build_index(folder, path)
    _, url, stop = serve_in_thread(create_app({"INDEX_PATH": str(path)}))
    yield url
    stop()


@pytest.fixture(scope="module")
def browser(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize(("ui", "width", "height"), [("ar", 1200, 900), ("en", 390, 844)])
def test_click_a_bar_and_more_on_this_story(browser, server, ui, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(f"{server}/search?q=خلية طنجة&ui={ui}")
    # five articles, two stories: one in two languages, with a follow-up two days later on a line of its own
    assert page.locator(".hit").count() == 4
    bars = page.locator("svg.timeline-chart a.bar")
    assert bars.count() == 3  # 10, 11 and 12 September
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"stories-{ui}-{width}.png"), full_page=True)

    more = page.locator(".more-story a")
    assert more.count() == 3
    more.first.click()
    page.wait_for_url("**story=*")
    assert page.locator(".hit").count() == 4
    dates = page.locator(".hit time").all_inner_texts()
    assert dates == sorted(dates)  # the story's articles, oldest first

    page.go_back()
    last = page.locator("svg.timeline-chart a.bar").last
    assert last.get_attribute("data-start") == "2020-09-12"
    last.click()
    page.wait_for_url("**from=2020-09-12*")
    assert page.locator("#total").inner_text() == "1"
    assert page.locator("input[name=from]").input_value() == "2020-09-12"
    page.screenshot(path=str(SHOTS / f"timeline-narrowed-{ui}-{width}.png"), full_page=True)
    assert all(url.startswith(server) for url in requests)  # nothing leaves the machine
    context.close()
