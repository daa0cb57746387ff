"""PDF reports: text in logical reading order, tables, running headers/footers dropped, OCR.

How a PDF is read:

1. pypdfium2 opens the file (plain reasons for encrypted, damaged or mislabeled files); the
   decisions that concern the whole document are taken first (`pdf_pages.document_settings`:
   Arabic stored in reading order or not, ligature glyphs written visually or not).
2. Pages are then read one at a time (`read_pages`), over several processes for long PDFs
   (`pdf_parallel.py`): a page's glyphs with their boxes (`pdf_text.page_chars`); pages whose text
   layer cannot be read (`pdf_quality.judge_page`: no glyph, an image with only a page number on it,
   or a fifth or more of the glyphs without Unicode mapping) are OCR'd (`ocr.py`) when Tesseract with
   Arabic is installed, else the document is returned with status `needs_ocr` and those page
   numbers; their broken text is never returned as text.
3. Pages with vector paths are table candidates; only there pdfplumber's table finder runs
   (`pdf_tables.py`), and the glyphs inside a table are read cell by cell.
4. The other glyphs become lines (by baseline), each put in logical order (`bidi.py`), and the
   page's glyphs are released: what is kept of a page is its ordered lines and its tables.
5. Over the reduced pages: lines repeated at the top/bottom of most pages and page-number lines are
   dropped; lines are joined into headings, paragraphs and list items by vertical gap, font size
   and list markers; blocks go to the `DocumentBuilder` page by page, so page spans and block pages
   are exact; a table that continues on the next page (header repeated) becomes one table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium

from pipeline import limits
from pipeline.load.arabic_repair import repair_lam_alef
from pipeline.load.bidi import fix_brackets, has_rtl, last_strong
from pipeline.load.builder import DocumentBuilder
from pipeline.load.errors import LoadError, NeedsOCR
from pipeline.load.pdf_columns import Gutter, find_gutter, reading_order, split_columns
from pipeline.load.pdf_geometry import in_any
from pipeline.load.pdf_pages import (
    COPYRIGHT,
    PageContent,
    ReadResult,
    ReadSettings,
    TableItem,
    document_settings,
    is_page_number,
    ocr_page,
    readable_chars,
    table_candidate,
)
from pipeline.load.pdf_parallel import read_all
from pipeline.load.pdf_text import (
    Line,
    direction,
    group_lines,
    ligature_votes,
    order_line,
    page_direction,
    reverse_ligature_glyphs,
)
from pipeline.model import BlockKind

MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a zip archive (a Word or Excel file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"<", "HTML or XML text"),
]

LIST_MARKER = re.compile(r"^(?:[•■▪●◦►✓\-–*]\s|\(\d{1,2}\)\s|\d{1,2}\s?[-.)]\s|[ivxIVX]{1,4}[.)]\s)")
CAPTION_LINES = 2  # lines above a table that a page it continues on may repeat (caption, unit)
MARGIN_ZONE = 0.2  # top/bottom share of the page where running headers and footers live
SECTION_GAP = 3.0  # a blank this many font sizes tall ends the columns above it (a footer below them)
FULL_COLUMN_LINE = 0.9  # a column's last line this wide (share of the column) runs on into the next column
SHORT_LINE = 0.6  # a line narrower than this share of the page's text width ends with a line break
REOPEN_PAGES = 100  # pages read between two openings of the document (pdfium's caches freed)


def sniff_not_pdf(data: bytes) -> str | None:
    """A plain reason when `data` is clearly not a PDF, else None."""
    if not data.strip():
        return "the file is empty"
    if b"%PDF-" in data[:1024]:
        return None
    for magic, what in MAGIC:
        if data.lstrip()[: len(magic)] == magic:
            return f"not a PDF: the file is {what}"
    return "not a PDF: no %PDF header"


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open with pypdfium2, mapping failures to plain reasons."""
    reason = sniff_not_pdf(data)
    if reason:
        raise LoadError(reason)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise LoadError("the PDF is encrypted (password-protected)") from exc
        tail = data[-1024:]
        if b"%%EOF" not in tail:
            raise LoadError("damaged PDF: the file ends before its end-of-file marker (truncated?)") from exc
        raise LoadError(f"damaged PDF: {message.split('(PDFium: ')[-1].rstrip(').')}") from exc


def read_pdf_into(
    builder: DocumentBuilder, data: bytes, path: Path | None = None, ocr: bool = True,
    parallel_min_pages: int | None = None,
) -> None:  # fmt: skip
    """Read a PDF report into `builder` (raises LoadError / NeedsOCR). Pages are read one at a time
    and reduced to their lines and tables (`pdf_pages.py`), over several processes from
    `parallel_min_pages` pages on (default `pdf_parallel.PARALLEL_MIN_PAGES`; `pdf_parallel.py`)."""
    doc = open_pdf(data)
    try:
        limits.current().check("max_pdf_pages", len(doc), "the PDF")
        if len(doc) == 0:
            raise LoadError("damaged PDF: it has no pages")
        settings = document_settings(doc, ocr)
    finally:
        doc.close()
    # a worker opens the file itself when it is the file read, else the bytes are sent to it
    source = str(path) if path is not None and path.is_file() and path.stat().st_size == len(data) else data
    result = read_all(settings, data, source, read_range, parallel_min_pages)
    visual, logical = result.votes
    if (visual > logical) != settings.visual_ligatures:
        # the forecast from the first lam-alef glyphs was wrong: read again with the exact decision
        settings = ReadSettings(settings.page_count, settings.logical, visual > logical, settings.ocr)
        result = read_all(settings, data, source, read_range, parallel_min_pages)
    pages = result.pages
    _drop_running_lines(pages)
    _merge_continued_tables(pages)
    body_size = _body_size(pages)
    for content in pages:
        builder.start_page(content.number)
        for kind, text in content.ocr_blocks:
            builder.add(kind, text)
        _emit_page(builder, content, body_size)
    missing = [p.number for p in pages if p.missing]
    if missing:
        raise NeedsOCR(missing, unmapped=[p.number for p in pages if p.missing and p.unreadable == "unmapped"])


def read_pages(
    doc: pdfium.PdfDocument, settings: ReadSettings, start: int = 0, stop: int | None = None,
    votes: list[int] | None = None,
) -> Iterator[PageContent]:  # fmt: skip
    """Pages `start` to `stop` (indexes), each reduced to its ordered lines (glyphs released) and
    tables; the exact ligature votes of their glyphs are added to `votes` ([visual, logical])."""
    from pipeline.load import ocr as ocr_mod
    from pipeline.load.pdf_tables import page_rulings, page_tables

    for i in range(start, len(doc) if stop is None else stop):
        page = doc[i]
        try:
            chars, reason = readable_chars(page)
            rulings = page_rulings(page) if chars and table_candidate(page) else None
            content = PageContent(number=i + 1, height=page.get_height(), unreadable=reason)
        finally:
            page.close()
        if votes is not None:
            for k, count in enumerate(ligature_votes(chars)):
                votes[k] += count
        if settings.visual_ligatures:
            reverse_ligature_glyphs(chars)
        table_list = page_tables(rulings, chars, settings.logical) if rulings else []
        content.tables = [t for t, _ in table_list]
        covered = in_any(chars, [box for _, box in table_list], margin=1.0)
        content.lines = group_lines([c for c, hit in zip(chars, covered, strict=True) if not hit])
        content.gutter = find_gutter(content.lines)
        if content.gutter is not None:
            content.lines = split_columns(content.lines, content.gutter)
        _order_lines(content, settings.logical)
        if reason:
            content.missing = not settings.ocr or not ocr_page(doc, content, settings.page_count, ocr_mod)
        yield content


def _order_lines(page: PageContent, logical: bool) -> None:
    """Put every line in logical order, each as if it began a paragraph (`pdf._block_text` redoes the
    lines that turn out to continue one: their context changes digits and Latin-only lines), then
    release its glyphs."""
    base = page_direction([c for line in page.lines for c in line.chars])
    for line in page.lines:
        order_line(line, logical=logical, base=base)
        line.extra["logical"] = logical
        line.extra["base"] = base
        line.release_glyphs()


def read_range(source: str | bytes, settings: ReadSettings, start: int = 0, stop: int | None = None) -> ReadResult:
    """`read_pages` of pages `start` to `stop` of the PDF at `source` (a path or the file's bytes),
    collected with their votes. The document is opened afresh every `REOPEN_PAGES` pages: pdfium
    keeps what it parsed of every page it loaded until the document is closed (about a quarter of a
    megabyte a page measured, 250 MB over 1,000 pages)."""
    votes = [0, 0]
    pages: list[PageContent] = []
    stop = settings.page_count if stop is None else stop
    for first in range(start, stop, REOPEN_PAGES):
        doc = pdfium.PdfDocument(source)
        try:
            pages.extend(read_pages(doc, settings, first, min(stop, first + REOPEN_PAGES), votes))
        finally:
            doc.close()
    return ReadResult(pages, (votes[0], votes[1]))


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_running_lines(pages: list[PageContent]) -> None:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    n = len(pages)

    def edge_lines(p: PageContent) -> list[Line]:
        zone = [ln for ln in p.lines[:2] if ln.bottom <= p.height * MARGIN_ZONE]
        zone += [ln for ln in p.lines[-2:] if ln.top >= p.height * (1 - MARGIN_ZONE) and ln not in zone]
        return zone

    counts = Counter(_key(ln.text) for p in pages for ln in {id(x): x for x in edge_lines(p)}.values())
    repeated = {k for k, c in counts.items() if n >= 2 and c >= max(2, (n + 1) // 2)}
    for p in pages:
        drop = {
            id(ln) for ln in edge_lines(p)
            if _key(ln.text) in repeated or is_page_number(ln.text, n) or COPYRIGHT.match(ln.text)
        }  # fmt: skip
        p.lines = [ln for ln in p.lines if id(ln) not in drop]


def _caption_keys(page: PageContent, table: TableItem) -> set[str]:
    """The lines just above a table (its caption, a unit line), as compared across pages."""
    above = sorted((ln for ln in page.lines if ln.bottom <= table.top + 1), key=lambda ln: ln.top)
    return {re.sub(r"\s+", "", ln.text) for ln in above[-CAPTION_LINES:]}


def _merge_continued_tables(pages: list[PageContent]) -> None:
    """A table at the top of a page continuing the table that ended the previous page (same number
    of columns, header repeated or not) is appended to it, over as many pages as it runs. Above it
    there may be only the lines that stood above the table it continues (InDesign reports repeat
    the caption, `جدول (2) ...`, on every page of a table): those repeats are dropped."""
    open_table: TableItem | None = None
    open_captions: set[str] = set()
    for page in pages:
        for table in page.tables:
            table.row_pages = [page.number] * len(table.rows)
        if open_table is not None and page.tables:
            first = page.tables[0]
            above = [ln for ln in page.lines if ln.bottom < first.top]
            starts_page = all(re.sub(r"\s+", "", ln.text) in open_captions for ln in above)
            if starts_page and len(open_table.rows[0]) == len(first.rows[0]):
                repeated = {id(ln) for ln in above}
                page.lines = [ln for ln in page.lines if id(ln) not in repeated]  # the repeated caption
                rows = first.rows
                if rows and rows[0] == open_table.rows[0]:
                    rows = rows[1:]  # repeated header
                if rows and _is_row_piece(rows[0], open_table.rows[-1]):
                    piece = rows.pop(0)
                    open_table.rows[-1] = [f"{a} {b}".strip() for a, b in zip(open_table.rows[-1], piece, strict=False)]
                open_table.rows.extend(rows)
                open_table.row_pages.extend([page.number] * len(rows))
                page.tables.pop(0)
                if not page.tables and not any(ln.top > first.bottom for ln in page.lines):
                    continue  # the table fills this page too: it may go on
        open_table = None
        if page.tables:
            last = page.tables[-1]
            if not any(ln.top > last.bottom for ln in page.lines):
                open_table = last
                open_captions = _caption_keys(page, last)


def _is_row_piece(row: list[str], previous: list[str]) -> bool:
    """A row split by a page break: on the new page some of its cells are already finished (empty)
    while the row before the break had all of them."""
    return any(not c.strip() for c in row) and any(c.strip() for c in row) and all(c.strip() for c in previous)


def _body_size(pages: list[PageContent]) -> float:
    sizes: Counter[int] = Counter()
    for p in pages:
        for ln in p.lines:
            if ln.glyph_count:
                sizes[round(ln.size)] += ln.glyph_count
    return float(sizes.most_common(1)[0][0]) if sizes else 12.0


def _text_width(lines: list[Line]) -> float:
    return max((ln.x1 for ln in lines), default=0) - min((ln.x0 for ln in lines), default=0)


def _table_column(table: TableItem, gutter: Gutter) -> str | None:
    """The column a table stands in on a two-column page, None when it spans the gutter."""
    if table.columns and max(table.columns) <= gutter.x0:
        return "left"
    if table.columns and min(table.columns) >= gutter.x1:
        return "right"
    return None


def _reading_items(content: PageContent) -> list[tuple[str | None, object]]:
    """(column, line or table) in reading order: top to bottom, and on a two-column page each
    column in turn (the right one first on a right-to-left page)."""
    if content.gutter is None:
        items: list[tuple[float, object]] = [(ln.top, ln) for ln in content.lines]
        items += [(t.top, t) for t in content.tables]
        items.sort(key=lambda it: it[0])
        return [(None, item) for _, item in items]
    gutter = content.gutter
    triples: list[tuple[float, str | None, object]] = [(ln.top, ln.extra.get("column"), ln) for ln in content.lines]
    triples += [(t.top, _table_column(t, gutter), t) for t in content.tables]
    counts = [ln.letter_counts() for ln in content.lines]
    rtl = direction(sum(a for a, _ in counts), sum(b for _, b in counts)) == "R"
    sizes = sorted(ln.size for ln in content.lines) or [12.0]
    return reading_order(triples, rtl, section_gap=SECTION_GAP * sizes[len(sizes) // 2])


def _emit_page(builder: DocumentBuilder, content: PageContent, body_size: float) -> None:
    block: list[Line] = []
    # column by column, so that the two columns' lines at one height are no line pitch
    pitch = _line_pitch(sorted(content.lines, key=lambda ln: (str(ln.extra.get("column")), ln.baseline)))
    widths = {column: _text_width([ln for ln in content.lines if ln.extra.get("column") == column])
              for column in {ln.extra.get("column") for ln in content.lines}}  # fmt: skip
    if content.gutter is not None:
        widths[None] = _text_width(content.lines)
    current: list[str | None] = [None]

    def flush() -> None:
        if block:
            kind, text = _block_text(block, body_size, widths.get(current[0], 0.0))
            builder.add(kind, text)
            block.clear()

    for column, item in _reading_items(content):
        if block and column != current[0] and not _runs_on(block[-1], widths.get(current[0], 0.0)):
            flush()  # a column ends with its paragraph
        current[0] = column
        if isinstance(item, TableItem):
            flush()
            from pipeline.load.html import detect_header

            pages = item.row_pages if len(set(item.row_pages)) > 1 else None
            builder.add_table(item.rows, has_header=detect_header(item.rows), row_pages=pages)
            continue
        assert isinstance(item, Line)
        if block and _starts_block(block[-1], item, pitch, body_size):
            flush()
        block.append(item)
    flush()


def _runs_on(line: Line, column_width: float) -> bool:
    """The last line of a column, as wide as the column and without a full stop: its paragraph
    goes on at the top of the next column."""
    return line.x1 - line.x0 >= column_width * FULL_COLUMN_LINE and line.text.rstrip()[-1:] not in ".،:؛!?؟"


def _line_pitch(lines: list[Line]) -> float:
    """Baseline-to-baseline distance inside paragraphs, per point of font size."""
    gaps = sorted(
        (b.baseline - a.baseline) / b.size for a, b in zip(lines, lines[1:], strict=False)
        if abs(a.size - b.size) < 0.6 and b.size > 0 and b.baseline > a.baseline
    )  # fmt: skip
    return gaps[len(gaps) // 4] if gaps else 0.0


def _style(line: Line, body_size: float) -> tuple[bool, int]:
    return line.bold, round(line.size - body_size) if abs(line.size - body_size) >= 1 else 0


def _starts_block(prev: Line, line: Line, pitch: float, body_size: float) -> bool:
    gap = line.baseline - prev.baseline
    if pitch and gap > pitch * max(prev.size, line.size) * 1.08 + 0.5:
        return True
    if gap > max(prev.size, line.size) * 2.6:
        return True
    if _style(prev, body_size) != _style(line, body_size):
        return True
    return bool(LIST_MARKER.match(fix_brackets(line.text)))


def _block_text(lines: list[Line], body_size: float, text_width: float) -> tuple[BlockKind, str]:
    text = lines[0].text
    for prev, line in zip(lines, lines[1:], strict=False):
        context = last_strong(prev.text)
        # Context only matters before the line's first letter (digits) or for lines without Arabic.
        if context and (not line.text[:1].isalpha() or not has_rtl(line.text)):
            rtl_block = has_rtl(text)
            order_line(
                line, context=context, logical=line.extra.get("logical", True), rtl_block=rtl_block,
                base=line.extra.get("base"),
            )  # fmt: skip
        if re.search(r"\d[-–/]$", text) and line.text[:1].isdigit():
            joiner = ""  # a range or date cut at its hyphen: 2017-⏎2018
        elif prev.x1 - prev.x0 < text_width * SHORT_LINE and prev.text[-1:] not in ".،:؛":
            joiner = "\n"  # a short line inside a block: a manual line break (lists of names)
        else:
            joiner = " "
        text += joiner + line.text
    text = repair_lam_alef(fix_brackets(text))  # a backstop: ligature glyphs are fixed in pdf_text
    first = lines[0]
    styled = first.size >= body_size + 1 or all(ln.bold for ln in lines)
    if styled and len(text) <= 160 and len(lines) <= 3:
        return "heading", text.replace("\n", " ")
    if LIST_MARKER.match(text):
        return "list_item", text
    return "paragraph", text


def read_pdf(builder: DocumentBuilder, data: bytes, path: Path) -> None:
    """The reader registered for `.pdf` in `pipeline.load.READERS`. Never lets an unexpected
    library error through: it becomes a LoadError with its message, so a batch goes on."""
    try:
        read_pdf_into(builder, data, path)
    except (LoadError, NeedsOCR):
        raise
    except Exception as exc:  # pdfium/pdfplumber on a file they half understand
        raise LoadError(f"damaged PDF: {type(exc).__name__}: {exc}") from exc


__all__ = [
    "read_pdf", "read_pdf_into", "open_pdf", "sniff_not_pdf", "is_page_number", "table_candidate", "COPYRIGHT",
    "PageContent", "TableItem", "read_pages", "read_range",
]  # fmt: skip
