"""Reading a corpus: formats, encodings, damaged input. Nothing readable is lost; nothing bad stops a run."""

from __future__ import annotations

import codecs
import gzip
import json
import lzma
import os
from pathlib import Path

import pytest

from search.read import DecodeError, ReadReport, decode_bytes, iter_corpus

ARABIC = "تفكيك خلية إرهابية بالناظور ومليلية في عملية مشتركة"


def read_all(root: Path) -> tuple[list, ReadReport]:
    report = ReadReport()
    return list(iter_corpus(root, report)), report


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
        (ARABIC.encode("utf-16"), "utf-16"),  # with BOM
        (ARABIC.encode("utf-16-le"), "utf-16"),  # without BOM, detected by its byte pattern
        (ARABIC.encode("cp1256"), "cp1256"),
    ],
)
def test_decoding_is_detected(data, encoding):
    text, found = decode_bytes(data)
    assert text == ARABIC
    assert found == encoding


def test_binary_is_refused():
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)) * 4)
    with pytest.raises(DecodeError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200))


def test_text_files_in_all_encodings_are_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(("عنوان\n" + ARABIC).encode("cp1256"))
    (tmp_path / "b.txt").write_bytes(codecs.BOM_UTF8 + ("عنوان\n" + ARABIC).encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(("عنوان\n" + ARABIC).encode("utf-16"))
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["a", "b", "c"]
    assert all(ARABIC in a.text for a in articles)
    assert report.encodings == {"cp1256": 1, "utf-8-sig": 1, "utf-16": 1}
    assert report.problems == []


def test_damaged_files_are_reported_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text("عنوان\n" + ARABIC, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["good"]
    reasons = {p.path: p.reason for p in report.problems}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "not an article file" in reasons["photo.jpg"]


def test_jsonl_bad_lines_are_reported_with_their_line_numbers(tmp_path):
    good = {"id": "x1", "title": "t", "text": ARABIC}
    lines = [
        json.dumps(good, ensure_ascii=False).encode(),
        b"{broken",
        b"[1, 2]",
        json.dumps({"id": "x2", "title": "no text"}).encode(),
        b"\xff\xfe invalid utf-8",
        json.dumps({"id": "x3", "text": "second good one"}).encode(),
    ]
    (tmp_path / "n.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["x1", "x3"]
    assert articles[0].fields["title"] == "t"
    by_line = {p.line: p.reason for p in report.problems}
    assert "malformed JSON" in by_line[2]
    assert "not an object" in by_line[3]
    assert "no text" in by_line[4]
    assert "invalid UTF-8" in by_line[5]
    assert all(p.path == "n.jsonl" for p in report.problems)


def test_compressed_jsonl(tmp_path):
    record = json.dumps({"id": "z", "text": ARABIC}, ensure_ascii=False).encode() + b"\n"
    (tmp_path / "a.jsonl.xz").write_bytes(lzma.compress(record))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(record.replace(b'"z"', b'"g"')))
    (tmp_path / "c.jsonl.xz").write_bytes(b"not xz at all")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["z", "g"]
    assert [p.path for p in report.problems] == ["c.jsonl.xz"]


def test_ids_are_stable_and_relative_to_the_root(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("عنوان\n" + ARABIC, encoding="utf-8")
    (tmp_path / "y.jsonl").write_text('{"text": "no id here"}\n', encoding="utf-8")
    first, _ = read_all(tmp_path)
    second, _ = read_all(tmp_path)
    assert [a.record_id for a in first] == [a.record_id for a in second] == ["y.jsonl#1", "sub/x"]


def test_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("عنوان\n" + ARABIC, encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["a/x"]
    assert any("symlink loop" in p.reason for p in report.problems)


def test_missing_corpus_is_a_problem_not_a_crash(tmp_path):
    articles, report = read_all(tmp_path / "nope")
    assert articles == []
    assert "does not exist" in report.problems[0].reason


def test_oversized_line_is_skipped_and_the_rest_read(tmp_path, monkeypatch):
    monkeypatch.setattr("search.read.base.MAX_LINE_BYTES", 1000)
    big = json.dumps({"id": "big", "text": "x" * 5000}).encode()
    small = json.dumps({"id": "small", "text": "ok"}).encode()
    (tmp_path / "n.jsonl").write_bytes(big + b"\n" + small + b"\n")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["small"]
    assert report.problems[0].line == 1 and "longer than" in report.problems[0].reason
