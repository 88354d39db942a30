"""Word (.docx, via python-docx) and PDF (.pdf with a text layer, via pypdf): one article per file.

    >>> raw = next(read_docx(Path("note.docx"), "note.docx", ReadReport()))

The text comes out in logical order with one line per paragraph, so cleaning finds the title,
byline, dateline and date lines as it does in a .txt file. Arabic presentation forms and Latin
ligatures (ﻻ, ﷲ, ﬁ) that PDF text layers often hold are normalised to plain letters, and a line
whose Arabic was stored in visual (reversed) order is turned back. A PDF without a text layer (a
scan) is reported: OCR is out of scope. Encrypted, damaged and zip-bomb files are reported, never
fatal.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..analysis.stopwords import ARABIC_STOPWORDS
from .base import RawArticle, ReadReport, plausible_lang

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a .docx that unpacks to more is a zip bomb, not a note
MAX_ZIP_RATIO = 200  # real Word XML compresses ~10×; a bomb compresses thousands of times
MAX_PDF_PAGES = 2000

# Arabic presentation forms A and B, and the Latin ligatures block.
_PRESENTATION_RE = re.compile(r"[\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufeff]+")
_FILE_NAME_TITLE_RE = re.compile(r"^Microsoft \w+ - |\.(?:docx?|pdf|odt|rtf|txt)$|^untitled$", re.IGNORECASE)
_ARABIC_RUN_RE = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefc]{2,}")
_ARABIC_WORD_RE = re.compile(r"[\u0621-\u064a]+")
_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a\ufb50-\ufdff\ufe70-\ufefc]")


def _form(char: str) -> str:
    """`ISOLATED`, `INITIAL`, `MEDIAL`, `FINAL` or "" from a presentation form's Unicode name."""
    name = unicodedata.name(char, "")
    for form in ("ISOLATED", "INITIAL", "MEDIAL", "FINAL"):
        if f" {form} FORM" in name:
            return form
    return ""


_AMBIGUOUS_STOPWORDS = frozenset(w for w in ARABIC_STOPWORDS if w[::-1] in ARABIC_STOPWORDS)


def _visual_order(line: str) -> bool:
    """True when the line's Arabic runs backwards (stored as drawn, right to left, not as read).

    Two signs, counted word by word: a word that starts with a final form or ends with an initial
    form, and a word whose reversal is a common Arabic word (يف for في, ىلع for على).
    """
    backwards = forwards = 0
    for run in _ARABIC_RUN_RE.findall(line):
        first, last = _form(run[0]), _form(run[-1])
        if first == "FINAL" or last == "INITIAL":
            backwards += 1
        elif first == "INITIAL" or last == "FINAL":
            forwards += 1
    plain = unicodedata.normalize("NFKC", line)
    for word in _ARABIC_WORD_RE.findall(plain):
        if word in _AMBIGUOUS_STOPWORDS:
            continue
        if word in ARABIC_STOPWORDS:
            forwards += 1
        elif word[::-1] in ARABIC_STOPWORDS:
            backwards += 1
    return backwards > forwards


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_LTR_RUN_RE = re.compile(r"[0-9A-Za-zÀ-ÿ][0-9A-Za-zÀ-ÿ.,:/%'’-]*[0-9A-Za-zÀ-ÿ%]|[0-9A-Za-zÀ-ÿ]")


def _reverse_visual(line: str) -> str:
    """Reverse a visual-order line, keeping each run of digits or Latin letters readable."""
    reversed_line = line[::-1].translate(_MIRRORED)
    return _LTR_RUN_RE.sub(lambda m: m.group(0)[::-1], reversed_line)


def logical_text(text: str) -> str:
    """Text layer → plain logical-order text: `logical_text("ﻢﻠﺴﻟﺍ")` → "السلم".

    A visual-order line is reversed before the presentation forms are normalised, so that a
    lam-alef ligature (ﻻ) opens into لا in the right order.
    """
    lines = []
    for line in text.split("\n"):
        line = " ".join(line.split())  # layout extraction pads with spaces
        if _ARABIC_LETTER_RE.search(line) and _visual_order(line):
            line = _reverse_visual(line)
        lines.append(_PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), line))
    return "\n".join(lines)


def _too_big_when_unzipped(path: Path) -> str | None:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        unpacked = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNZIPPED_BYTES:
        return f"zip bomb refused: unpacks to {unpacked} bytes (limit {MAX_UNZIPPED_BYTES})"
    if unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_ZIP_RATIO:
        return f"zip bomb refused: compressed {unpacked // packed}×"
    return None


def _too_large(path: Path, rel: str, report: ReadReport) -> bool:
    try:
        size = path.stat().st_size
    except OSError as exc:
        report.skip(rel, f"cannot read: {exc.strerror or exc}")
        return True
    if size > MAX_DOCUMENT_BYTES:
        report.skip(rel, f"document larger than {MAX_DOCUMENT_BYTES} bytes")
        return True
    return False


def _article(rel: str, text: str, fields: dict[str, str], raw_format: str) -> RawArticle:
    first, _, rest = text.lstrip().partition("\n")
    if fields.get("title") and " ".join(first.split()) == " ".join(fields["title"].split()) and rest.strip():
        text = rest  # the metadata title is also the first line: keep it once, as the title
    return RawArticle(
        record_id=rel.rsplit(".", 1)[0],
        source_path=rel,
        text=text,
        fields={k: v for k, v in fields.items() if v},
        raw_format=raw_format,
    )


def read_docx(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    """A Word document: its paragraphs (and table cells) in order; a `Title` paragraph is the title."""
    import docx  # python-docx, imported here: searching never needs it
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    if _too_large(path, rel, report):
        return
    try:
        refused = _too_big_when_unzipped(path)
        if refused:
            report.skip(rel, refused)
            return
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, OpcError, LxmlError, KeyError, ValueError, OSError) as exc:
        report.skip(rel, f"not a readable .docx: {type(exc).__name__}: {exc}"[:300])
        return
    title = ""
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if not title and not lines and style.lower() in ("title", "heading 1"):
            title = text
            continue
        lines.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(" | ".join(dict.fromkeys(cells)))
    text = logical_text("\n".join(lines))
    if not text.strip():
        report.skip(rel, "document has no text")
        return
    props = document.core_properties
    fields = {"title": title or (props.title or "").strip(), "author": (props.author or "").strip()}
    language = plausible_lang((props.language or "").strip()[:2].lower(), text)
    if language:  # Word's language setting, unless the script says otherwise
        fields["lang"] = language
    report.records += 1
    yield _article(rel, text, fields, "docx")


def read_pdf(path: Path, rel: str, report: ReadReport) -> Iterator[RawArticle]:
    """A PDF's text layer, page after page; a scan without one is reported (OCR is out of scope)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if _too_large(path, rel, report):
        return
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):  # "" opens owner-password-only files
            report.skip(rel, "encrypted PDF: a password is needed to read it")
            return
        if len(reader.pages) > MAX_PDF_PAGES:
            report.skip(rel, f"PDF of more than {MAX_PDF_PAGES} pages is not one article")
            return
        # Layout mode gives the glyphs in the order they are drawn; the default mode's partial
        # right-to-left handling scrambles Arabic lines that hold numbers or Latin words.
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        info = reader.metadata
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        report.skip(rel, f"not a readable PDF: {type(exc).__name__}: {exc}"[:300])
        return
    except NotImplementedError as exc:  # an encryption algorithm pypdf does not have
        report.skip(rel, f"encrypted PDF that cannot be opened: {exc}"[:300])
        return
    text = logical_text("\n".join(pages))
    if not any(c.isalnum() for c in text):
        report.skip(rel, "no text layer (a scanned PDF? OCR is out of scope)")
        return
    fields = {}
    if info is not None:
        title = str(info.title or "").strip()
        if _FILE_NAME_TITLE_RE.search(title):  # "Microsoft Word - note.docx" is not a title
            title = ""
        fields = {"title": title, "author": str(info.author or "").strip()}
    report.records += 1
    yield _article(rel, text, fields, "pdf")
