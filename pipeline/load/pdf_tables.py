"""Tables of a PDF: pdfplumber's table finder on the candidate pages only, cells read in
logical order from pypdfium2 glyphs, columns in reading order (right to left for Arabic).

pdfplumber's char-level work is the slow part of PDF reading (~18 pages/s), so it runs only on
pages that draw vector paths, and only its ruling-line table finder is used: the cell text comes
from the glyphs already read with pypdfium2, put in order with the same bidi repair as the body.
"""

from __future__ import annotations

import io
import re

from pipeline.load.bidi import digit_line_vote, fix_brackets, has_rtl, last_strong, should_mirror
from pipeline.load.pdf_text import Char, group_lines, order_line, visual_text

MIN_COLUMNS = 2
MIN_ROWS = 2

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (pdfplumber's page coordinates)


def cell_text(chars: list[Char], logical: bool, mirror: bool = False, prefer_rtl: bool = True) -> str:
    """A cell's lines, each in logical order, joined with spaces (a wrapped cell is one text)."""
    parts: list[str] = []
    context = None
    for line in group_lines(chars):
        rtl_block = any(has_rtl(part) for part in parts)
        text = order_line(line, context, mirror, logical, prefer_rtl, rtl_block)
        if text:
            parts.append(text)
            context = last_strong(text) or context
    return join_lines(parts)


def join_lines(parts: list[str]) -> str:
    """Lines of one paragraph or cell joined with a space, except a range cut at its hyphen."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += ("" if re.search(r"\d[-–/]$", text) and part[:1].isdigit() else " ") + part
    return fix_brackets(text)


def _in_box(ch: Char, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= ch.xc <= x1 and top <= (ch.top + ch.bottom) / 2 <= bottom


def read_table(cells: list[list[Box | None]], chars: list[Char], logical: bool) -> list[list[str]]:
    """Rows of cell texts; columns turned to reading order when the table is Arabic."""
    boxes = [box for row in cells for box in row if box]
    by_box: dict[Box, list[Char]] = {box: [] for box in boxes}
    for ch in chars:
        for box in boxes:
            if _in_box(ch, box):
                by_box[box].append(ch)
                break
    # Digit-only cells drawn as `543 500` read either way: the table's unambiguous cells decide.
    votes = sum(digit_line_vote(visual_text(line, logical)) for cs in by_box.values() for line in group_lines(cs))
    prefer_rtl = votes >= 0
    texts = {box: cell_text(cs, logical, prefer_rtl=prefer_rtl) for box, cs in by_box.items()}
    if should_mirror(list(texts.values())):
        texts = {box: cell_text(cs, logical, mirror=True, prefer_rtl=prefer_rtl) for box, cs in by_box.items()}
    rows = [[texts[box] if box else "" for box in row] for row in cells]
    if any(has_rtl(cell) for row in rows for cell in row):
        rows = [row[::-1] for row in rows]
    return rows


def find_tables(data: bytes, page_indexes: list[int], chars_by_page: list[list[Char]], logical: bool):
    """{page index: [(TableItem, bbox)]} for the candidate pages (pdfplumber opened once)."""
    import pdfplumber

    from pipeline.load.pdf import TableItem

    found: dict[int, list] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index in page_indexes:
            page = pdf.pages[index]
            items = []
            for table in page.find_tables():
                cells = [list(row.cells) for row in table.rows]
                if len(cells) < MIN_ROWS and max((len(r) for r in cells), default=0) < MIN_COLUMNS:
                    continue
                if max((sum(1 for c in r if c) for r in cells), default=0) < MIN_COLUMNS:
                    continue  # a frame around the page, not a table
                inside = [c for c in chars_by_page[index] if _in_box(c, table.bbox)]
                rows = read_table(cells, inside, logical)
                rows = [r for r in rows if any(cell.strip() for cell in r)]
                if not rows:
                    continue
                columns = sorted({round(b[0]) for r in cells for b in r if b})
                items.append((TableItem(rows=rows, top=table.bbox[1], bottom=table.bbox[3], columns=columns), table.bbox))
            page.close()
            if items:
                found[index] = items
    return found
