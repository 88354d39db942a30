"""Shared fixtures: a tiny bilingual corpus written for the tests, and indexes built from it and the seeds."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from search import Index, build_index

ROOT = Path(__file__).resolve().parent.parent
SEED_FOLDER = ROOT / "seeds"  # the two seed articles and the demo archive (seeds/demo/), as shipped


def _seed_articles_only() -> Path:
    """A folder holding copies of the two seed articles alone: the tests index these, not the demo."""
    folder = Path(tempfile.mkdtemp(prefix="mirsad-seeds-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for seed in sorted(SEED_FOLDER.glob("*.txt")):
        shutil.copy2(seed, folder / seed.name)
    return folder


SEEDS = _seed_articles_only()
SHARED = ROOT.parent / "shared"

# Browser tests: Debian's Chromium driven by Playwright, skipped with a message where it is absent.
CHROMIUM = os.environ.get("MIRSAD_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "build" / "screenshots"
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    ),
]

SEED_REPORT = "000_44e7ed56ac7ca7ca"  # counter-terrorism overview: Ceuta, Melilla, 2002–2015 figures
SEED_NADOR = "003_f07691009bce3612"  # Nador–Melilla cell dismantled, dateline الرباط –

ARTICLES_JSONL = [
    {
        "id": "hs-1",
        "title": "توقيف شبكة لتهريب المخدرات بطنجة",
        "date_iso": "2020-03-02T10:00:00",
        "outlet": "Hespress (Morocco)",
        "author": "هسبريس - محمد",
        "lang": "ar",
        "text": "أوقفت عناصر الشرطة القضائية بمدينة طنجة شبكة إجرامية.وحجزت كمية من المخدرات سنة 2020.",
    },
    {
        "id": "hs-2",
        "title": "محكمة الناظور تدين متهمين بالإرهاب",
        "date_iso": "2019-06-10T09:00:00",
        "outlet": "Hespress (Morocco)",
        "text": "أدانت المحكمة بالناظور متهمين بتكوين خلية إرهابية، بعد أبحاث بدأت في ٢٠١٨.",
    },
    {
        "id": "en-1",
        "title": "Police dismantle smuggling ring in Tangier",
        "date_iso": "2018-01-15T08:00:00",
        "outlet": "Wire Daily",
        "text": "Police arrested five people in Tangier on Monday. The smuggling ring operated since 2015.",
    },
    {
        "id": "hs-dup",
        "title": "نسخة مكررة",
        "date_iso": "2020-03-03T10:00:00",
        "outlet": "Hespress (Morocco)",
        "text": "أوقفت عناصر الشرطة القضائية بمدينة طنجة شبكة إجرامية. وحجزت كمية من المخدرات سنة 2020.",
    },
]

RAW_AR = """مقتل شرطي طعنا بالسكين
تابعونا على تويتر
كريم العلوي
تطوان – لقي شرطي مصرعه، أمس، طعنا بالسكين في حي شعبي، وفتحت النيابة العامة تحقيقا.
"""

RAW_EN = """Moroccan police arrest suspects near Melilla
Follow us on Twitter
By Jane Doe
RABAT, Nov 3 (Reuters) - Moroccan police arrested three suspects near Melilla on Tuesday, the interior ministry said.
"""


def write_corpus(folder: Path) -> Path:
    """The test corpus: two raw text articles, a JSONL file with a duplicate and a broken line."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ar").mkdir(exist_ok=True)
    (folder / "ar" / "police.txt").write_text(RAW_AR, encoding="utf-8")
    (folder / "reuters.txt").write_text(RAW_EN, encoding="utf-8")
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES_JSONL]
    lines.insert(2, "{not json")
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Index:
    path = tmp_path_factory.mktemp("ix") / "corpus"
    build_index(corpus_dir, path)
    return Index.open(path)


@pytest.fixture(scope="session")
def seeds_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ix") / "seeds"
    build_index(SEEDS, path)
    return path


@pytest.fixture(scope="session")
def seeds_index(seeds_index_path: Path) -> Index:
    return Index.open(seeds_index_path)


def serve_in_thread(app):
    """A waitress server for `app` on a free port, run in a thread: (server, url, stop)."""
    import threading

    from waitress import create_server

    srv = create_server(app, host="127.0.0.1", port=0, threads=4)

    def run() -> None:
        try:
            srv.run()
        except OSError:
            pass  # the socket was closed under the loop by stop(): the server is done

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def stop() -> None:
        srv.close()
        thread.join(timeout=5)

    return srv, f"http://127.0.0.1:{srv.effective_port}", stop
