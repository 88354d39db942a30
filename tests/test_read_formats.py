"""Reading the formats a journalist's archive holds: web pages, feeds, spreadsheets, web archives,
documents. Each test writes its own small fixture; hostile input is reported and never fatal."""

from __future__ import annotations

from pathlib import Path

from search.read import ReadReport, iter_corpus

ARABIC_BODY = "أَعْلَنَت السلطات الأمنية بالمغرب عن تفكيك خلية إرهابية تنشط بمدينة الناظور ومليلية."


def read_all(root: Path, **kwargs) -> tuple[list, ReadReport]:
    report = ReadReport()
    return list(iter_corpus(root, report, **kwargs)), report


def test_licence_readme_and_notice_files_are_not_articles(tmp_path):
    (tmp_path / "article.txt").write_text("عنوان\n" + ARABIC_BODY, "utf-8")
    for name in ("LICENSE", "LICENSE.txt", "NOTICE.md", "README.md", "PROVENANCE.md", "readme.txt"):
        (tmp_path / name).write_text("Apache License, Version 2.0", "utf-8")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["article"]
    assert len(report.problems) == 6
    assert all("not an article (licence" in p.reason for p in report.problems)
