"""A PDF read one page at a time: each page's glyphs are read, reduced to its ordered lines and
tables, and released before the next page is opened, so a 1,000-page report never holds every
glyph at once (a glyph is a Python object of about 300 bytes; a dense page has thousands).

Three decisions concern the whole document and are taken before any page is read
(`document_settings`): whether the file stores Arabic in reading order (its first pages), whether
its lam-alef glyphs write their letters visually (a forecast from the first pages' lam-alef
glyphs, checked against the exact votes of every page read: `ReadResult.votes`; when they disagree
the document is read again with the exact decision), and whether OCR can run. What is
decided over all pages after they are read (running headers, the body font size, tables continued
over pages) works on the reduced pages (`pdf.py`).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.load.pdf_columns import Gutter
from pipeline.load.pdf_quality import judge_page
from pipeline.load.pdf_text import (
    Char,
    Line,
    ligature_votes,
    page_chars,
    page_ligature_votes,
    stream_is_logical,
)
from pipeline.model import BlockKind

PAGE_NUMBER = re.compile(
    r"^(?:(?:الصفحة|صفحة|ص|page|p\.?)\s*)?[-–—]?\s*(\d{1,4})\s*[-–—]?\s*(?:(?:من|/|of|sur)\s*\d{1,4})?$",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|جميع الحقوق محفوظة|all rights reserved|tous droits réservés)", re.IGNORECASE)
MIN_PATH_OBJECTS = 2
LOGICAL_SAMPLE_PAGES = 5  # the pages whose glyphs tell whether the file stores Arabic in reading order
FORECAST_VOTES = 100  # lam-alef glyphs enough to forecast how the file writes ligatures


@dataclass
class TableItem:
    rows: list[list[str]]
    top: float
    bottom: float
    columns: list[float] = field(default_factory=list)  # x boundaries, for continuation checks
    row_pages: list[int] = field(default_factory=list)  # each row's page, once continued tables are merged


@dataclass
class PageContent:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TableItem] = field(default_factory=list)
    ocr_blocks: list[tuple[BlockKind, str]] = field(default_factory=list)
    gutter: Gutter | None = None  # the gutter of a two-column page
    unreadable: str | None = None  # why its text layer was not read (`pdf_quality`), if it was not
    missing: bool = False  # unreadable and not OCR'd (no Tesseract, or Tesseract failed on it)


@dataclass(frozen=True)
class ReadSettings:
    """What every page's reading depends on, decided once for the document."""

    page_count: int
    logical: bool  # Arabic stored in reading order (Word, LibreOffice, browsers), not visually
    visual_ligatures: bool  # lam-alef (and other ligature) glyphs write their letters visually
    ocr: bool  # Tesseract is there and wanted


@dataclass
class ReadResult:
    """Pages read, and the exact ligature votes (visual, logical) of their glyphs."""

    pages: list[PageContent]
    votes: tuple[int, int]


def is_page_number(text: str, page_count: int) -> bool:
    """`3`, `- 3 -`, `الصفحة 3`, `الصفحة 3 من 7`, `3/7`, `Page 3` (a number no larger than twice the
    page count, so a lone `2018` is kept)."""
    match = PAGE_NUMBER.match(text.strip())
    return match is not None and int(match.group(1)) <= max(page_count, 1) * 2


def table_candidate(page: pdfium.PdfPage) -> bool:
    """Pages drawing at least a few vector paths (ruled tables); cheap, through pypdfium2."""
    for count, _ in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2), start=1):
        if count >= MIN_PATH_OBJECTS:
            return True
    return False


def readable_chars(page: pdfium.PdfPage) -> tuple[list[Char], str | None]:
    chars = page_chars(page)
    verdict = judge_page(chars, page)
    # a scan, or a text layer of unmapped glyphs: OCR, never its garbage
    return ([] if verdict.reason else chars), verdict.reason


def document_settings(doc: pdfium.PdfDocument, ocr: bool) -> ReadSettings:
    """The document-wide decisions: reading order from the first pages' glyphs; the ligature
    forecast from their lam-alef glyphs and, while fewer than `FORECAST_VOTES` are found, those of
    the following pages (measured alone, without reading every glyph: loading a page is what costs,
    so the forecast stops early)."""
    from pipeline.load import ocr as ocr_mod

    sample: list[Char] = []
    visual = logical = 0
    for i in range(len(doc)):
        page = doc[i]
        try:
            if i < LOGICAL_SAMPLE_PAGES:
                chars = readable_chars(page)[0]
                sample.extend(chars)
                v, lg = ligature_votes(chars)
            elif visual + logical < FORECAST_VOTES:
                v, lg = page_ligature_votes(page)
            else:
                break
        finally:
            page.close()
        visual, logical = visual + v, logical + lg
    return ReadSettings(len(doc), stream_is_logical(sample), visual > logical, ocr and ocr_mod.available())


def ocr_page(doc: pdfium.PdfDocument, content: PageContent, page_count: int, ocr_mod) -> bool:
    """OCR an unreadable page into `content.ocr_blocks`; False when Tesseract failed on it."""
    try:
        content.ocr_blocks = ocr_mod.ocr_pdf_page(
            doc, content.number - 1, lambda line: is_page_number(line, page_count) or bool(COPYRIGHT.match(line))
        )
    except (RuntimeError, OSError, subprocess.SubprocessError):
        return False  # Tesseract failed on this page: reported, not fatal
    return True


__all__ = [
    "PageContent", "TableItem", "ReadSettings", "ReadResult", "document_settings", "readable_chars", "ocr_page",
    "is_page_number", "table_candidate",
]  # fmt: skip
