"""Reading the formats a journalist's archive holds: web pages, feeds, spreadsheets, web archives,
documents. Each test writes its own small fixture; hostile input is reported and never fatal."""

from __future__ import annotations

import csv
import gzip
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from search import Index, build_index
from search.clean import clean
from search.read import ReadOptions, ReadReport, iter_corpus
from search.read.documents import logical_text
from search.read.html import decode_page, fragment_text
from search.read.tabular import parse_columns

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
    assert report.problems == []  # not errors: a corpus may ship its licence beside its articles
    assert len(report.left_out) == 6
    assert all("not an article (licence" in p.reason for p in report.left_out)


# --- the mixed fixture archive: every format, Arabic, English and French ----------------------

MIXED = Path(__file__).resolve().parent / "fixtures" / "mixed"
FORMATS = {"text": 3, "jsonl": 3, "html": 3, "feed": 3, "csv": 3, "warc": 3, "docx": 3, "pdf": 3}


@pytest.fixture(scope="module")
def mixed() -> tuple[dict, ReadReport]:
    articles, report = read_all(MIXED)
    return {raw.record_id: (raw, clean(raw)) for raw in articles}, report


def test_every_format_gives_an_arabic_an_english_and_a_french_article(mixed):
    items, report = mixed
    by_format: dict[str, set[str]] = {}
    for raw, article in items.values():
        by_format.setdefault(raw.raw_format, set()).add(article.lang)
    assert by_format == {fmt: {"ar", "en", "fr"} for fmt in FORMATS}
    assert report.problems == []
    assert [p.path for p in report.left_out] == ["PROVENANCE.md"]  # documentation, not an article
    assert report.repaired == []


def _article_paragraphs(page: Path) -> list[str]:
    tree = lxml_html.document_fromstring(page.read_text("utf-8"))
    return [" ".join(p.text_content().split()) for p in tree.xpath("//article/p[not(@class)]")]


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_web_page_keeps_the_whole_article_in_order_and_drops_the_page_around_it(mixed, lang):
    items, _ = mixed
    _raw, article = items[f"pages/html-{lang}"]
    page = MIXED / "pages" / f"html-{lang}.html"
    assert article.body.split("\n") == _article_paragraphs(page)  # whole, in order, nothing else
    tree = lxml_html.document_fromstring(page.read_text("utf-8"))
    assert article.title == " ".join(tree.xpath("//h1")[0].text_content().split())
    for junk in tree.xpath("//nav//a|//aside//a|//div[@class='comment']/p|//div[@id='cookie-banner']"):
        assert junk.text_content().strip() not in article.body
    assert article.lang == lang
    assert article.url and article.url.startswith("http")
    assert article.published is not None


def test_web_page_metadata_comes_from_json_ld_og_tags_and_time(mixed):
    items, _ = mixed
    en, fr, ar = (items[f"pages/html-{lang}"][1] for lang in ("en", "fr", "ar"))
    # JSON-LD NewsArticle
    assert (en.author, en.outlet, en.published.isoformat()) == (
        "Alice Martin",
        "Mirsad Test Wire",
        "2018-09-29T09:30:00",
    )
    # og:/article: tags; the on-page headline wins over og:title's "Title | Site"
    assert (fr.author, fr.outlet, fr.published.date().isoformat()) == (
        "Alice Martin",
        "Dépêche d'essai",
        "2018-09-29",
    )
    assert "|" not in fr.title
    # <time datetime> inside the <article> and <link rel=canonical> only
    assert ar.published.isoformat() == "2017-01-21T13:34:00"
    assert ar.url.startswith("http://www.jawharafm.net/ar/article/")
    assert ar.title == "أكثر من 623 ألف سائح روسي زاروا تونس في 2016"
    assert not ar.body.startswith(ar.title)  # the title is not taken again from the body


def test_feed_items_full_content_or_summary_marked(mixed):
    items, _ = mixed
    ar, en, fr = (items[f"feed-{lang}"] for lang in ("ar", "en", "fr"))
    assert ar[0].fields["body_is_summary"] is False and en[0].fields["body_is_summary"] is False
    assert fr[0].fields["body_is_summary"] is True  # the French item has only a <description>
    assert [x[0].line for x in (ar, en, fr)] == [1, 2, 3]
    assert ar[1].published.isoformat() == "2017-01-24T21:30:00"  # the feed's local time, not UTC
    assert en[1].author == "Peter Novak" and en[1].url == "https://news.example.org/en/rt.com.91337"
    assert len(ar[1].body.split("\n")) > 1  # paragraphs kept as lines
    assert fr[1].title.startswith("Macédoine")


def test_csv_columns_are_mapped_by_name(mixed):
    items, _ = mixed
    raw, article = items["sheets/monitoring.csv#3"]
    assert (raw.line, article.lang, article.author, article.outlet) == (
        3,
        "en",
        "Kate Holton",
        "Mirsad Test Wire",
    )
    assert article.title.startswith("British PM May")
    assert article.published.date().isoformat() == "2018-09-29"
    assert items["sheets/monitoring.csv#2"][1].title == "ثلاثون نائبا يمضون على عريضة ضد تصريحات مانوال فالس"


def test_warc_pages_keep_target_uri_and_capture_date(mixed):
    items, _ = mixed
    warc = sorted((raw.line, raw) for raw, _ in items.values() if raw.raw_format == "warc")
    assert [line for line, _ in warc] == [2, 4, 6]  # request records in between; the PNG left out
    for _, raw in warc:
        assert raw.fields["target_uri"].endswith("/page")
        assert raw.fields["captured"] == "2018-10-02T08:00:00Z"
    assert items["archives/crawl.warc.gz#4"][1].title == "Volcano spews ash on Mexico City"


def test_documents_arabic_in_logical_order(mixed):
    items, _ = mixed
    pdf = items["documents/pdf-ar"][1]
    docx = items["documents/docx-ar"][1]
    assert pdf.title == "رئيس الحكومة : سنتخذ كل الإجراءات لحماية عائلة الشهيدين السلطاني"
    assert pdf.body.startswith("قال رئيس الحكومة يوسف الشاهد، إنه سيتم اتخاذ")
    assert "الجوهرة اف ام" in pdf.body and not any("\ufb50" <= c <= "\ufeff" for c in pdf.body)
    assert docx.title == "تراجع عدد المؤسسات التي تمر بصعوبات اقتصادية"
    assert docx.body.startswith("تعرضت 52 مؤسسة تشغل 15617 عاملا")
    assert items["documents/docx-en"][1].author == "Hans Weber"
    assert items["documents/pdf-fr"][1].title.startswith("Arrestation à Londonderry")


def test_presentation_forms_and_visual_order_are_made_logical():
    assert logical_text("ﺍﻟﺴﻼﻡ ﻋﻠﻴﻜﻢ") == "السلام عليكم"  # logical order, forms and lam-alef normalised
    assert logical_text("ﻢﻜﻴﻠﻋ ﻡﻼﺴﻟﺍ") == "السلام عليكم"  # visual order, reversed back
    assert logical_text("2015 ماع يف ةطرشلا") == "الشرطة في عام 2015"  # plain letters, digits kept
    assert logical_text("ﬁnal l'armée") == "final l'armée"


# --- hostile input, per format: reported, never fatal, nothing good lost -------------------------


def test_malformed_and_truncated_html(tmp_path):
    page = (MIXED / "pages" / "html-ar.html").read_text("utf-8")
    (tmp_path / "truncated.html").write_text(page[: len(page) * 2 // 3], "utf-8")
    (tmp_path / "tags.html").write_text("<html><body><div><p>" + ARABIC_BODY + "<p><b><i>" * 50, "utf-8")
    (tmp_path / "empty.html").write_text("", "utf-8")
    (tmp_path / "binary.htm").write_bytes(b"\x00\x01\x02\xff" * 100)
    articles, report = read_all(tmp_path)
    got = {a.record_id: a for a in articles}
    assert "ذكرت جمعية منظمي الرحلات الروس" in got["truncated"].text
    assert ARABIC_BODY in got["tags"].text
    reasons = {p.path: p.reason for p in report.problems}
    assert "empty" in reasons["empty.html"] and "binary" in reasons["binary.htm"]


def test_wrong_encoding_declared_in_meta():
    body = f"<p>{ARABIC_BODY}</p>" * 3
    utf8_said_1256 = f'<html><head><meta charset="windows-1256"></head><body>{body}</body></html>'
    assert decode_page(utf8_said_1256.encode("utf-8")) == (utf8_said_1256, "utf-8")
    cp1256_said_utf8 = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    text, encoding = decode_page(cp1256_said_utf8.encode("cp1256"))
    assert ARABIC_BODY in text and encoding == "cp1256"
    latin1 = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>l\'armée</p>'
    assert decode_page(latin1.encode("latin-1"))[0].endswith("l'armée</p>")


def test_feed_with_broken_xml_keeps_the_items_before_the_break(tmp_path):
    feed = (MIXED / "feeds" / "news.rss").read_text("utf-8")
    cut = feed.index("<item>", feed.index("<item>", feed.index("<item>") + 1) + 1)  # the third item
    (tmp_path / "broken.rss").write_text(feed[: cut + 40], "utf-8")
    (tmp_path / "garbage.xml").write_text("<rss><<<>>>&&&", "utf-8")
    (tmp_path / "not-a-feed.xml").write_text("<svg><g/></svg>", "utf-8")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["feed-ar", "feed-en"]
    assert any("damaged feed" in p.reason for p in report.repaired)
    reasons = {p.path: p.reason for p in report.problems}
    assert "not a readable feed" in reasons["garbage.xml"] or "no content" in reasons["garbage.xml"]
    assert "not an RSS or Atom feed" in reasons["not-a-feed.xml"]


def test_atom_feed_with_xml_lang(tmp_path):
    (tmp_path / "f.atom").write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Le Site</title>
<entry><id>urn:a1</id><title>L'armée déployée</title><link href="https://x.fr/a1"/>
<updated>2015-11-03T10:00:00+01:00</updated><author><name>Jeanne Dupont</name></author>
<content type="html">&lt;p&gt;L'armée a été déployée dans le nord du pays.&lt;/p&gt;</content></entry>
</feed>""",
        "utf-8",
    )
    (raw,), _report = read_all(tmp_path)
    article = clean(raw)
    assert (raw.record_id, article.lang, article.author, article.outlet) == (
        "urn:a1",
        "fr",
        "Jeanne Dupont",
        "Le Site",
    )
    assert article.published.isoformat() == "2015-11-03T10:00:00" and raw.fields["body_is_summary"] is False


def _write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_text(out.getvalue(), "utf-8")


def test_csv_override_semicolons_and_tsv(tmp_path):
    _write_csv(
        tmp_path / "a.csv", [["Titre", "Corps du texte", "PubDate"], ["T", "l'armée", "03/11/2015"]], ";"
    )
    _write_csv(tmp_path / "b.tsv", [["headline", "story"], ["خبر", ARABIC_BODY]], "\t")
    articles, report = read_all(
        tmp_path, options=ReadOptions(columns=parse_columns("text=Corps du texte,date=PubDate"))
    )
    got = {a.record_id: a for a in articles}
    assert got["a.csv#2"].text == "l'armée" and got["a.csv#2"].fields["date"] == "03/11/2015"
    # b.tsv has no "Corps du texte" column: it falls back on the names Mirsad knows
    assert got["b.tsv#2"].fields["title"] == "خبر" and got["b.tsv#2"].text == ARABIC_BODY
    assert report.problems == []


def _huge_cell(tmp_path: Path, size: int) -> ReadReport:
    rows = [["id", "text"], ["1", "x" * size], ["2", "وبالمغرب خلايا إرهابية"]]
    _write_csv(tmp_path / "big.csv", rows)
    articles, report = read_all(tmp_path)
    got = {a.record_id: a for a in articles}
    assert got["2"].text == "وبالمغرب خلايا إرهابية" and "1" not in got  # the row after the huge cell is kept
    assert any(p.path == "big.csv" and p.line == 2 and "field" in p.reason for p in report.problems)
    return report


def test_csv_cell_over_the_limit_is_skipped_and_the_rest_read(tmp_path, monkeypatch):
    monkeypatch.setattr("search.read.tabular.MAX_CELL_CHARS", 100_000)
    _huge_cell(tmp_path, 300_000)


@pytest.mark.slow
def test_csv_with_a_50_mb_cell(tmp_path):
    _huge_cell(tmp_path, 50 * 1024 * 1024)


def test_csv_without_a_header_reads_every_row_and_says_so(tmp_path):
    _write_csv(
        tmp_path / "raw.csv", [["2015", ARABIC_BODY], ["2016", "l'armée a été déployée au nord du pays"]]
    )
    articles, report = read_all(tmp_path)
    assert [a.text for a in articles] == [ARABIC_BODY, "l'armée a été déployée au nord du pays"]
    assert "no header" in report.repaired[0].reason


def test_parse_columns_refuses_bad_specs():
    assert parse_columns("text=Body, date = PubDate") == {"text": "Body", "date": "PubDate"}
    for bad in ("body=Text", "text", "text="):
        with pytest.raises(ValueError):
            parse_columns(bad)


def test_truncated_warc_keeps_the_records_before(tmp_path):
    data = gzip.decompress((MIXED / "archives" / "crawl.warc.gz").read_bytes())
    full = (MIXED / "archives" / "crawl.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(full[: len(full) * 2 // 3])
    (tmp_path / "cut.warc").write_bytes(data[: data.index(b"WARC/1", data.index(b"Volcano")) - 500])
    articles, report = read_all(tmp_path)
    assert {a.record_id for a in articles} >= {"cut.warc#2", "cut.warc.gz#2"}
    assert any(p.path == "cut.warc.gz" and "truncated" in p.reason for p in report.problems)
    assert any(p.path == "cut.warc" and "truncated" in p.reason for p in report.repaired + report.problems)


def test_encrypted_corrupt_and_scanned_pdfs_are_reported(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(MIXED / "documents" / "pdf-en.pdf")))
    writer.encrypt(user_password="secret", owner_password="owner")
    with open(tmp_path / "locked.pdf", "wb") as f:
        writer.write(f)
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    with open(tmp_path / "scan.pdf", "wb") as f:
        blank.write(f)
    good = (MIXED / "documents" / "pdf-fr.pdf").read_bytes()
    (tmp_path / "corrupt.pdf").write_bytes(good[:200] + b"\x00garbage" * 50)
    (tmp_path / "not.pdf").write_bytes(b"hello")
    (tmp_path / "good.pdf").write_bytes(good)
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["good"]
    reasons = {p.path: p.reason for p in report.problems}
    assert "encrypted" in reasons["locked.pdf"]
    assert "no text layer" in reasons["scan.pdf"] and "OCR" in reasons["scan.pdf"]
    assert "corrupt.pdf" in reasons and "not.pdf" in reasons


def test_docx_zip_bomb_and_corrupt_docx_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("search.read.documents.MAX_UNZIPPED_BYTES", 20 * 1024 * 1024)
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(30):
                member.write(chunk)
    (tmp_path / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    good = MIXED / "documents" / "docx-fr.docx"
    (tmp_path / "good.docx").write_bytes(good.read_bytes())
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["good"]
    reasons = {p.path: p.reason for p in report.problems}
    assert "zip bomb" in reasons["bomb.docx"]
    assert "not a readable .docx" in reasons["corrupt.docx"]


def test_fragment_text_keeps_paragraphs():
    assert fragment_text("<p>أَعْلَنَت</p><p>الإرهـــاب <b>وبالمغرب</b></p><script>x()</script>") == (
        "أَعْلَنَت\nالإرهـــاب وبالمغرب"
    )


# --- indexing, searching, faceting and updating the mixed archive ---------------------------------


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory) -> Index:
    path = tmp_path_factory.mktemp("ix") / "mixed"
    report = build_index(MIXED, path)
    assert report.indexed == 24
    return Index.open(path)


def test_mixed_archive_searches_and_facets(mixed_index):
    assert {h.id for h in mixed_index.search("Popocatepetl").hits} == {
        "archives/crawl.warc.gz#4",
        "archives/crawl.warc.gz#6",
    }
    assert next(h.id for h in mixed_index.search("سائح روسي").hits) == "pages/html-ar"
    assert "documents/pdf-ar" in {h.id for h in mixed_index.search("السلطاني").hits}
    assert "sheets/monitoring.csv#4" in {h.id for h in mixed_index.search("Brexit").hits}
    langs = {v.id: v.count for v in mixed_index.search("", per_page=1).facets["lang"]}
    assert langs == {"ar": 8, "en": 8, "fr": 8}
    years = {v.id: v.count for v in mixed_index.search("", per_page=1).facets["year"]}
    assert years["2018"] >= 6 and years["2017"] >= 5


def test_update_replaces_and_removes_per_item_in_every_format(tmp_path):
    corpus = tmp_path / "mixed"
    shutil.copytree(MIXED, corpus)
    target = tmp_path / "ix"
    assert build_index(corpus, target).indexed == 24

    # CSV: a new row inserted on top (every row moves down), the French row removed.
    sheet = corpus / "sheets" / "monitoring.csv"
    rows = list(csv.reader(io.StringIO(sheet.read_text("utf-8"))))
    new = [
        "Nouvelle ligne",
        "Un séisme a frappé la ville de Nador hier soir.",
        "2019-02-01",
        "",
        "",
        "",
        "fr",
    ]
    _write_csv(sheet, [rows[0], new, rows[1], rows[2]])
    # Feed: the English item's content changed. A page removed. PDF: replaced by another text.
    feed = corpus / "feeds" / "news.rss"
    feed.write_text(
        feed.read_text("utf-8").replace("Republic of North Macedonia", "Republic of Ilinden"), "utf-8"
    )
    (corpus / "pages" / "html-en.html").unlink()
    (corpus / "documents" / "pdf-en.pdf").write_bytes((corpus / "documents" / "pdf-fr.pdf").read_bytes())

    report = build_index(corpus, target, update=True)
    ix = Index.open(target)
    ids = {h.id for h in ix.search("", per_page=100).hits}
    assert ix.search("", per_page=1).total == 24 - 1 + 1 - 1 - 1  # html-en gone, csv ±1, pdf-en a duplicate
    assert "pages/html-en" not in ids
    assert ix.search("Nador séisme").hits[0].id == "sheets/monitoring.csv#2"
    assert ix.search("Brexit").total == 1  # only the English row is left (now row 4)
    assert ix.search("نائبا يمضون على عريضة").hits[0].id == "sheets/monitoring.csv#3"  # moved, not lost
    assert ix.search("Ilinden").hits[0].id == "feed-en"
    assert "documents/pdf-en" not in ids and report.duplicates == 1


def test_cli_columns_option(tmp_path, capsys):
    from search.cli import EXIT_FAILURE, EXIT_OK, main

    corpus = tmp_path / "c"
    corpus.mkdir()
    _write_csv(corpus / "export.csv", [["Corps", "Quand"], [ARABIC_BODY, "2015-11-03"]])
    (corpus / "LICENSE").write_text("CC BY-SA 4.0", "utf-8")
    index = str(tmp_path / "ix")
    assert (
        main(["index", str(corpus), "--index", index, "--quiet", "--columns", "body=Corps"]) == EXIT_FAILURE
    )
    assert "unknown field 'body'" in capsys.readouterr().err
    assert (
        main(["index", str(corpus), "--index", index, "--quiet", "--columns", "text=Corps,date=Quand"])
        == EXIT_OK
    )
    assert "left out (not articles): LICENSE" in capsys.readouterr().out
    hit = Index.open(index).search("خلايا إرهابية").hits[0]
    assert hit.id == "export.csv#2" and hit.date.startswith("2015-11-03")


def test_a_template_language_that_contradicts_the_script_is_not_trusted(tmp_path):
    paragraphs = "".join(f"<p>{ARABIC_BODY} {i}</p>" for i in range(4))
    (tmp_path / "p.html").write_text(
        f'<html lang="en-US"><head><title>خبر</title></head><body><article><h1>خبر عاجل</h1>{paragraphs}'
        "</article></body></html>",
        "utf-8",
    )
    (raw,), _ = read_all(tmp_path)
    assert "lang" not in raw.fields and clean(raw).lang == "ar"


def test_a_document_title_is_not_repeated_in_its_body(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "تفكيك خلية إرهابية بالناظور"
    document.add_paragraph("تفكيك خلية إرهابية بالناظور")
    document.add_paragraph(ARABIC_BODY)
    document.save(str(tmp_path / "note.docx"))
    (raw,), _ = read_all(tmp_path)
    article = clean(raw)
    assert article.title == "تفكيك خلية إرهابية بالناظور" and article.body == ARABIC_BODY


def _without_record(warc: Path, drop: int) -> None:
    """Rewrite a .warc.gz without its record number `drop` (each record is its own gzip member)."""
    from warcio.archiveiterator import ArchiveIterator

    data = warc.read_bytes()
    spans = []
    with open(warc, "rb") as f:
        records = ArchiveIterator(f)
        for record in records:
            record.content_stream().read()
            spans.append((records.get_record_offset(), records.get_record_length()))
    warc.write_bytes(b"".join(data[o : o + n] for i, (o, n) in enumerate(spans, 1) if i != drop))


def test_update_of_a_web_archive_and_documents(tmp_path):
    corpus = tmp_path / "mixed"
    shutil.copytree(MIXED, corpus)
    target = tmp_path / "ix"
    build_index(corpus, target)
    _without_record(corpus / "archives" / "crawl.warc.gz", drop=6)  # the French page's response
    page = corpus / "pages" / "html-fr.html"
    page.write_text(page.read_text("utf-8").replace("tsunami", "raz-de-marée"), "utf-8")
    import docx

    document = docx.Document(str(corpus / "documents" / "docx-ar.docx"))
    document.add_paragraph("وأَعْلَنَت الوزارة عن إجراءات جديدة لدعم المؤسسات بولاية سوسة.")
    document.save(str(corpus / "documents" / "docx-ar.docx"))

    report = build_index(corpus, target, update=True)
    ix = Index.open(target)
    ids = {h.id for h in ix.search("", per_page=100).hits}
    assert "archives/crawl.warc.gz#6" not in ids
    assert {"archives/crawl.warc.gz#2", "archives/crawl.warc.gz#4"} <= ids
    assert (report.indexed, report.removed, report.unchanged) == (2, 1, 2)  # fr page, docx-ar; 2 warc pages
    assert ix.search("raz-de-marée").hits[0].id == "pages/html-fr"
    assert ix.search("المؤسسات سوسة").hits[0].id == "documents/docx-ar"
    assert ix.search("", per_page=1).total == 23


def test_json_ld_in_a_graph_with_several_authors_and_a_profile_url():
    from search.read.html import page_metadata

    page = """<html lang="fr"><head><script type="application/ld+json">{"@context": "https://schema.org",
    "@graph": [{"@type": "WebSite", "name": "Le Site"},
    {"@type": ["NewsArticle"], "headline": "L'armée déployée", "datePublished": "2015-11-03T10:00:00+01:00",
    "author": [{"name": "Jeanne Dupont"}, {"name": "Karim Benali"}, "https://lesite.fr/auteurs/x"],
    "publisher": {"@type": "Organization", "name": "Le Site"}}]}</script>
    <script type="application/ld+json">{broken</script></head><body></body></html>"""
    meta = page_metadata(lxml_html.document_fromstring(page))
    assert meta["title"] == "L'armée déployée" and meta["date_iso"] == "2015-11-03T10:00:00+01:00"
    assert meta["author"] == "Jeanne Dupont; Karim Benali" and meta["outlet"] == "Le Site"
    assert meta["lang"] == "fr"


def test_warc_page_charset_declared_only_by_its_http_header(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    french = "L'armée a été déployée à Agadez, a annoncé le ministère de la Défense nigérien."
    page = f"<html><body><article><h1>Niger</h1><p>{french}</p><p>{french}</p></article></body></html>"
    data = page.encode("cp1252")  # without the header, these bytes would read as damaged UTF-8
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=windows-1252")], protocol="HTTP/1.1"
    )
    with open(tmp_path / "old.warc", "wb") as f:
        writer = WARCWriter(f, gzip=False)
        record = writer.create_warc_record(
            "http://old.example.ne/a",
            "response",
            payload=io.BytesIO(data),
            http_headers=headers,
            length=len(data),
        )
        writer.write_record(record)
    (raw,), _ = read_all(tmp_path)
    assert french in raw.text and raw.encoding == "cp1252"
    assert raw.fields["target_uri"] == "http://old.example.ne/a"


def test_a_page_saved_complete_leaves_its_resources_out(tmp_path):
    (tmp_path / "article.html").write_bytes((MIXED / "pages" / "html-fr.html").read_bytes())
    resources = tmp_path / "article_files"
    resources.mkdir()
    for name in ("logo.png", "app.js", "style.css", "analytics.html"):
        (resources / name).write_bytes(b"\x89PNG" if name.endswith("png") else b"<p>x</p>")
    (tmp_path / "notes_files").mkdir()  # no notes.html beside it: an ordinary folder
    (tmp_path / "notes_files" / "note.txt").write_text("عنوان\n" + ARABIC_BODY, "utf-8")
    articles, report = read_all(tmp_path)
    assert [a.record_id for a in articles] == ["article", "notes_files/note"]
    assert len(report.left_out) == 4 and report.problems == []  # the frame analytics.html too


def test_every_item_keeps_its_file_and_its_place_inside_it(mixed_index):
    """source_path is the file (what --update compares); source_record the record, row or item."""
    csv_row = mixed_index.article("sheets/monitoring.csv#4")
    assert csv_row is not None
    assert (csv_row["source_path"], csv_row["source_record"]) == ("sheets/monitoring.csv", 4)
    warc = mixed_index.article("archives/crawl.warc.gz#4")
    assert warc is not None and warc["source_path"] == "archives/crawl.warc.gz"
    assert warc["source_record"] == 4
    # A web archive's page keeps its target URI and capture date.
    assert warc["provenance"]["target_uri"].startswith("http")
    assert warc["provenance"]["captured"][:2] == "20"
    page = mixed_index.article("pages/html-ar")  # one article per file: no record number
    assert page is not None and page["source_path"] == "pages/html-ar.html"
    assert page["source_record"] is None
    fed = [mixed_index.article(h.id) for h in mixed_index.search("", per_page=100).hits]
    from_feed = [a for a in fed if a and a["source_path"] == "feeds/news.rss"]
    assert from_feed and all(isinstance(a["source_record"], int) for a in from_feed)
