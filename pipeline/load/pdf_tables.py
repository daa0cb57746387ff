"""Tables of a PDF: pdfplumber's table finder on the candidate pages only, cells read in
logical order from pypdfium2 glyphs, columns in reading order (right to left for Arabic).

pdfplumber's char-level work is the slow part of PDF reading (~18 pages/s; `page.edges` alone
makes pdfminer parse every glyph), so only its ruling-line table finder is used (`TableFinder`,
with pdfplumber's default settings), fed with edges read from pypdfium2's path objects, on pages
that draw vector paths. The cell text comes from the glyphs already read with pypdfium2, put in
order with the same bidi repair as the body.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2.raw as pdfium_c

from pipeline.load.arabic_repair import repair_lam_alef
from pipeline.load.bidi import digit_line_vote, fix_brackets, has_rtl, last_strong, should_mirror
from pipeline.load.pdf_geometry import Box, first_box, in_any
from pipeline.load.pdf_text import Char, Line, group_lines, line_visual_text, order_line, page_direction

MIN_COLUMNS = 2


def cell_text(
    lines: list[Line], logical: bool, mirror: bool = False, prefer_rtl: bool = True, base: str | None = None
) -> str:
    """A cell's lines (`group_lines` of its glyphs), each in logical order, joined with spaces (a
    wrapped cell is one text)."""
    parts: list[str] = []
    context = None
    for line in lines:
        rtl_block = any(has_rtl(part) for part in parts)
        text = order_line(line, context, mirror, logical, prefer_rtl, rtl_block, base)
        if text:
            parts.append(text)
            context = last_strong(text) or context
    return join_lines(parts)


def join_lines(parts: list[str]) -> str:
    """Lines of one paragraph or cell joined with a space, except a range cut at its hyphen."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += ("" if re.search(r"\d[-–/]$", text) and part[:1].isdigit() else " ") + part
    return repair_lam_alef(fix_brackets(text))


def read_table(cells: list[list[Box | None]], chars: list[Char], logical: bool) -> list[list[str]]:
    """Rows of cell texts; columns turned to reading order when the table is Arabic."""
    boxes = [box for row in cells for box in row if box]
    by_box: dict[Box, list[Char]] = {box: [] for box in boxes}
    for ch, k in zip(chars, first_box(chars, boxes), strict=True):
        if k >= 0:
            by_box[boxes[k]].append(ch)
    # Digit-only cells drawn as `543 500` read either way: the table's unambiguous cells decide.
    lines = {box: group_lines(cs) for box, cs in by_box.items()}
    votes = sum(digit_line_vote(line_visual_text(line, logical)) for ls in lines.values() for line in ls)
    prefer_rtl = votes >= 0
    base = page_direction(chars)
    texts = {box: cell_text(ls, logical, prefer_rtl=prefer_rtl, base=base) for box, ls in lines.items()}
    if should_mirror(list(texts.values())):
        texts = {box: cell_text(ls, logical, True, prefer_rtl, base) for box, ls in lines.items()}
    rows = merge_header_rows(cells, [[texts[box] if box else "" for box in row] for row in cells])
    if any(has_rtl(cell) for row in rows for cell in row):
        rows = [row[::-1] for row in rows]
    return rows


NUMBER_CELL = re.compile(r"^[\s\d٠-٩.,٫٬%/()+\-–]*\d[\s\d٠-٩.,٫٬%/()+\-–]*$")


def merge_header_rows(cells: list[list[Box | None]], rows: list[list[str]]) -> list[list[str]]:
    """A header of two rows (a group label spanning columns over their own labels: `القيمة السوقية`
    over `من` / `إلى`) becomes one header row: each column's label is the group's label followed by
    its own. Taken as such only when the first row has a cell spanning several columns (pdfplumber
    leaves the covered positions empty, None) and neither row holds a figure."""
    if len(rows) < 3 or len(cells[0]) != len(cells[1]):
        return rows
    first = cells[0]
    spans = any(box is not None and k + 1 < len(first) and first[k + 1] is None for k, box in enumerate(first))
    if not spans or any(NUMBER_CELL.match(cell) for cell in rows[0] + rows[1] if cell.strip()):
        return rows
    if not any(cell.strip() for cell, box in zip(rows[1], cells[1], strict=True) if box is not None):
        return rows
    group = ""
    top: list[str] = []
    for box, text in zip(first, rows[0], strict=True):
        if box is not None:
            group = text
        top.append(group)  # a covered position carries the label of the cell spanning it
    merged = [f"{label} {own}".strip() if own.strip() and own.strip() != label.strip() else label
              for label, own in zip(top, rows[1], strict=True)]  # fmt: skip
    return [merged, *rows[2:]]


def page_edges(page) -> list[dict]:
    """Horizontal and vertical ruling edges of a pypdfium2 page, from its path objects, as the
    edge dicts pdfplumber's table finder takes (top-left coordinates). Reading them from pdfium
    avoids pdfplumber/pdfminer's parse of every glyph of the page, the slow part."""
    height = page.get_height()
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[dict] = []

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y0 - y1) < 0.01:
            orientation = "h"
        elif abs(x0 - x1) < 0.01:
            orientation = "v"
        else:
            return
        left, right = min(x0, x1), max(x0, x1)
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        edges.append({
            "object_type": "line_edge", "x0": left, "x1": right, "top": top, "bottom": bottom, "doctop": top,
            "width": right - left, "height": bottom - top, "orientation": orientation,
        })  # fmt: skip

    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
        m = obj.get_matrix()
        count = pdfium_c.FPDFPath_CountSegments(obj.raw)
        start = last = None
        for k in range(count):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, k)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or last is None:
                start = point
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
                add(*last, *point)
            last = point
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                add(*point, *start)
                last = start
    return edges


Rulings = tuple[list[dict], Box]  # a page's ruling edges and its box, what the table finder needs


def page_rulings(page) -> Rulings:
    """What the table finder needs of a page, read while the page is open (it is not opened twice)."""
    return page_edges(page), (0, 0, page.get_width(), page.get_height())


def _finder_tables(rulings: Rulings) -> list:
    """pdfplumber's ruling-line table finder run on pdfium's edges (no glyph parsing)."""
    from types import SimpleNamespace

    from pdfplumber.table import TableFinder

    edges, bbox = rulings
    fake = SimpleNamespace(edges=edges, bbox=bbox)
    return TableFinder(fake, {}).tables  # type: ignore[arg-type]


def page_tables(rulings: Rulings, glyphs: list[Char], logical: bool) -> list:
    """[(TableItem, bbox)] of one page, from its ruling edges and its glyphs."""
    from pipeline.load.pdf_pages import TableItem

    items = []
    for table in _finder_tables(rulings):
        cells = [list(row.cells) for row in table.rows]
        if max((sum(1 for c in r if c) for r in cells), default=0) < MIN_COLUMNS:
            continue  # a frame around the page, not a table
        inside = [c for c, hit in zip(glyphs, in_any(glyphs, [table.bbox]), strict=True) if hit]
        rows = read_table(cells, inside, logical)
        rows = [r for r in rows if any(cell.strip() for cell in r)]
        if not rows or len(rows) == 1 and not all(cell.strip() for cell in rows[0]):
            continue  # a one-row grid with an empty cell: a chart's frame or a form field, not a table
        columns = sorted({round(b[0]) for r in cells for b in r if b})
        items.append((TableItem(rows=rows, top=table.bbox[1], bottom=table.bbox[3], columns=columns), table.bbox))
    return items


def find_tables(
    pdf, page_indexes: list[int], chars_by_page: list[list[Char]], logical: bool,
    rulings: dict[int, Rulings] | None = None,
):  # fmt: skip
    """{page index: [(TableItem, bbox)]} for the candidate pages of a pypdfium2 document; a page's
    `rulings`, when given, spare opening it again."""
    found: dict[int, list] = {}
    for index in page_indexes:
        if rulings and index in rulings:
            page_rules = rulings[index]
        else:
            page = pdf[index]
            try:
                page_rules = page_rulings(page)
            finally:
                page.close()
        items = page_tables(page_rules, chars_by_page[index], logical)
        if items:
            found[index] = items
    return found
