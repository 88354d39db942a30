"""Index lifecycle: atomic rebuilds, incremental updates, one writer at a time, killed runs."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import SEEDS

from search import Index, build_index
from search.cli import EXIT_FAILURE, main
from search.indexer import IndexBusy, read_manifest, writer_lock

ROOT = Path(__file__).resolve().parent.parent


def article(title: str, body: str) -> str:
    return f"{title}\n{body}\n"


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(article("عنوان أول", "خبر عن مليلية والحدود"), encoding="utf-8")
    (folder / "b.txt").write_text(article("عنوان ثان", "خبر عن الناظور والشرطة"), encoding="utf-8")
    records = [{"id": f"j{i}", "title": f"خبر {i}", "text": f"نص الخبر رقم {i} عن طنجة"} for i in range(3)]
    (folder / "news.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return folder


def ids(ix: Index) -> list[str]:
    return sorted(h.id for h in ix.search("", per_page=100).hits)


def test_update_touches_only_what_changed(corpus, tmp_path):
    target = tmp_path / "ix"
    first = build_index(corpus, target)
    assert first.indexed == 5
    ix = Index.open(target)
    assert ids(ix) == ["a", "b", "j0", "j1", "j2"]

    # Nothing changed: nothing is read again.
    same = build_index(corpus, target, update=True)
    assert (same.indexed, same.unchanged, same.removed, same.read.files) == (0, 0, 0, 0)

    # A new file, a changed article, a deleted file, a record gone from a JSONL file.
    (corpus / "c.txt").write_text(article("عنوان ثالث", "خبر جديد عن سبتة"), encoding="utf-8")
    (corpus / "a.txt").write_text(article("عنوان أول", "خبر معدل عن مدريد"), encoding="utf-8")
    (corpus / "b.txt").unlink()
    records = [
        {"id": "j0", "title": "خبر 0", "text": "نص الخبر رقم 0 عن طنجة"},
        {"id": "j2", "title": "خبر 2", "text": "نص الخبر رقم 2 عن طنجة"},
    ]
    (corpus / "news.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    report = build_index(corpus, target, update=True)
    assert report.indexed == 2  # c added, a replaced
    assert report.unchanged == 2  # j0 and j2 were read again (their file changed) but are identical
    assert report.removed == 2  # b (file deleted) and j1 (gone from its file)
    assert report.read.files == 3  # a, c, news.jsonl: b is gone, nothing else re-read
    assert ids(ix) == ["a", "c", "j0", "j2"]  # the open Index sees the new build; no duplicates
    assert ix.search("مدريد").hits[0].id == "a" and ix.search("مليلية").total == 0
    manifest = read_manifest(target)
    assert manifest["documents"] == 4 and set(manifest["files"]) == {"a.txt", "c.txt", "news.jsonl"}


def test_update_without_a_previous_index_builds_one(corpus, tmp_path):
    report = build_index(corpus, tmp_path / "ix", update=True)
    assert report.indexed == 5


def test_failed_build_leaves_the_index_untouched(corpus, tmp_path, monkeypatch):
    target = tmp_path / "ix"
    build_index(corpus, target)
    ix = Index.open(target)
    before = ids(ix)
    calls = {"n": 0}
    import search.prepare as prepare

    real = prepare.extract

    def failing(a, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(a, *args)

    monkeypatch.setattr(prepare, "extract", failing)
    (corpus / "c.txt").write_text(article("عنوان", "نص جديد"), encoding="utf-8")
    with pytest.raises(OSError):
        build_index(corpus, target)
    assert ids(ix) == before and ids(Index.open(target)) == before
    assert len(list((tmp_path / ".ix.builds").iterdir())) == 1  # the failed build was cleaned away


def test_cli_reports_a_failed_build(corpus, tmp_path, monkeypatch, capsys):
    import search.prepare as prepare

    build_index(corpus, tmp_path / "ix")
    monkeypatch.setattr(prepare, "extract", lambda *a: (_ for _ in ()).throw(OSError(28, "disk full")))
    assert main(["index", str(corpus), "--index", str(tmp_path / "ix"), "--quiet"]) == EXIT_FAILURE
    assert "current index is untouched" in capsys.readouterr().err


def test_one_writer_at_a_time(corpus, tmp_path, capsys):
    target = tmp_path / "ix"
    with writer_lock(target):
        with pytest.raises(IndexBusy, match="being written"):
            build_index(corpus, target)
        assert main(["index", str(corpus), "--index", str(target), "--quiet"]) == EXIT_FAILURE
        assert "being written" in capsys.readouterr().err
    assert build_index(corpus, target).indexed == 5  # free again once the holder is done


def test_second_writer_can_wait(corpus, tmp_path):
    target = tmp_path / "ix"
    done = []
    with writer_lock(target):
        thread = threading.Thread(target=lambda: done.append(build_index(corpus, target, wait=True)))
        thread.start()
        time.sleep(0.3)
        assert not done  # waiting for the lock
    thread.join(timeout=60)
    assert done and done[0].indexed == 5


def test_lock_of_a_killed_run_is_not_stale(corpus, tmp_path):
    target = tmp_path / "ix"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, sys.argv[1]); from pathlib import Path;"
            "from search.indexer import writer_lock\n"
            "with writer_lock(Path(sys.argv[2])):\n    print('locked', flush=True); time.sleep(60)",
            str(ROOT),
            str(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(IndexBusy):
        build_index(corpus, target)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert build_index(corpus, target).indexed == 5


def test_searches_keep_answering_during_a_rebuild(corpus, tmp_path):
    target = tmp_path / "ix"
    build_index(corpus, target)
    ix = Index.open(target)
    for i in range(40):
        (corpus / f"extra{i}.txt").write_text(
            article(f"عنوان {i}", f"خبر إضافي عن مليلية رقم {i}"), encoding="utf-8"
        )
    errors: list[Exception] = []
    totals: list[int] = []
    builder = threading.Thread(target=lambda: build_index(corpus, target))
    builder.start()
    while builder.is_alive():
        try:
            totals.append(ix.search("مليلية").total)
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
    builder.join()
    assert errors == []
    assert set(totals) <= {1, 41}  # the old index or the new one, never a half-built one
    assert ix.search("مليلية").total == 41


def test_two_process_build_holds_the_same_index(corpus, tmp_path):
    one = build_index(corpus, tmp_path / "one", procs=1)
    two = build_index(corpus, tmp_path / "two", procs=2)
    assert one.indexed == two.indexed == 5
    a, b = Index.open(tmp_path / "one"), Index.open(tmp_path / "two")
    assert ids(a) == ids(b)
    for query in ("مليلية", "طنجة", ""):
        ra, rb = a.search(query), b.search(query)
        assert ra.total == rb.total
        assert {h.id: round(h.score, 6) for h in ra.hits} == {h.id: round(h.score, 6) for h in rb.hits}
        assert [(v.id, v.count) for v in ra.facets["city"]] == [(v.id, v.count) for v in rb.facets["city"]]


def test_update_adding_undated_articles_to_a_dated_index(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    dated = [
        {"id": f"d{i}", "text": f"خبر مؤرخ {i} عن مليلية", "date_iso": f"2020-0{i + 1}-01"} for i in range(3)
    ]
    (corpus / "dated.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in dated) + "\n", encoding="utf-8"
    )
    build_index(corpus, tmp_path / "ix")
    (corpus / "undated.txt").write_text(article("عنوان", "خبر بلا تاريخ عن مليلية"), encoding="utf-8")
    build_index(corpus, tmp_path / "ix", update=True)  # its segment has no date column at all
    ix = Index.open(tmp_path / "ix")
    assert [h.id for h in ix.search("مليلية", sort="newest").hits] == ["d2", "d1", "d0", "undated"]
    assert [h.id for h in ix.search("مليلية", sort="oldest").hits] == ["d0", "d1", "d2", "undated"]


def test_concurrent_searches_from_many_threads(corpus, tmp_path):
    build_index(corpus, tmp_path / "ix")
    ix = Index.open(tmp_path / "ix")
    expected = {q: [h.id for h in ix.search(q).hits] for q in ("مليلية", "طنجة", "الناظور الشرطة", "")}
    errors: list[Exception] = []

    def worker() -> None:
        try:
            for _ in range(30):
                for q, want in expected.items():
                    assert [h.id for h in ix.search(q).hits] == want
                    ix.similar("a")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _open_files_under(path: Path) -> list[str]:
    root = str(path.resolve())
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith(root):
                found.append(target)
    return found


def test_closing_or_dropping_an_index_closes_its_files(tmp_path):
    path = tmp_path / "ix"
    build_index(SEEDS, path)
    with Index.open(path) as ix:
        assert ix.search("مليلية").total
        assert _open_files_under(path)
    assert _open_files_under(path) == []
    dropped = Index.open(path)
    dropped.search("مليلية")
    del dropped
    gc.collect()
    assert _open_files_under(path) == []
