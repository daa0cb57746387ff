"""The fast paths of PDF reading give what the glyph-by-glyph reading gave.

`page_chars` reads each text object's size and weight once (not each glyph's), through
address-typed pdfium prototypes; `pdf_geometry` puts glyphs in boxes with numpy. Each is checked
here against the plain per-glyph definition, on our fixtures and on an InDesign file where pdfium
gives spaces a matrix of their own inside a text object (the trap a per-object cache falls in)."""

import ctypes
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.load.pdf_geometry import first_box, in_any
from pipeline.load.pdf_text import Char, Line, line_visual_text, page_chars, visual_text
from tests.conftest import ROOT

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
CESE = ROOT.parent / "shared" / "realdocs" / "ma_cese_avis_biodiversite.pdf"


def plain_style(raw, index: int) -> tuple[float, bool]:
    """Size as drawn and boldness of one glyph, through pypdfium2's own bindings."""
    matrix = pdfium_c.FS_MATRIX()
    scale = math.hypot(matrix.c, matrix.d) if pdfium_c.FPDFText_GetMatrix(raw, index, ctypes.byref(matrix)) else 1.0
    size = pdfium_c.FPDFText_GetFontSize(raw, index) * (scale if scale > 0 else 1.0)
    return size, pdfium_c.FPDFText_GetFontWeight(raw, index) >= 600


def per_glyph_styles(page) -> list[tuple[float, bool]]:
    """Every kept glyph's (size, bold) read glyph by glyph, as `page_chars` did before."""
    chars = page_chars(page)
    textpage = page.get_textpage()
    expected: list[tuple[float, bool]] = []
    for ch in chars:
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, ch.index) == 1 and expected:
            expected.append(expected[-1])
        else:
            expected.append(plain_style(textpage.raw, ch.index))
    textpage.close()
    return expected


def check_document(path, pages: range | None = None) -> int:
    doc = pdfium.PdfDocument(path)
    checked = 0
    try:
        for i in pages or range(len(doc)):
            page = doc[i]
            got = [(c.size, c.bold) for c in page_chars(page)]
            assert got == per_glyph_styles(page), f"{path.name} page {i + 1}"
            checked += len(got)
            page.close()
    finally:
        doc.close()
    return checked


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_glyph_styles_match_per_glyph_reading_on_fixtures(path):
    check_document(path)


@pytest.mark.skipif(not CESE.is_file(), reason=f"the real documents are not here: {CESE} is absent")
def test_glyph_styles_match_per_glyph_reading_on_indesign_spaces():
    assert check_document(CESE, range(0, 8)) == 4489  # glyphs kept on pages 1-8
    doc = pdfium.PdfDocument(CESE)
    chars = page_chars(doc[4])
    spaces = {c.size for c in chars if c.text == " "}
    letters = {c.size for c in chars if c.text == "ل"}
    doc.close()
    assert 1.0 in spaces and 14.0 in letters  # a space's own size, its words' size, on one page


def glyph(x0: float, x1: float, top: float, bottom: float, index: int = 0) -> Char:
    return Char("ا", x0, x1, top, bottom, bottom, 10.0, False, index)


def test_first_box_takes_the_first_box_holding_the_centre_edges_included():
    chars = [glyph(0, 10, 0, 10), glyph(10, 20, 0, 10), glyph(40, 50, 40, 50), glyph(0, 2, 18, 22)]
    boxes = [(0.0, 0.0, 10.0, 10.0), (5.0, 0.0, 20.0, 10.0), (0.0, 10.0, 20.0, 20.0)]
    # centres: (5,5) in boxes 0 and 1; (15,5) in box 1; (45,45) in none; (1,20) on box 2's bottom edge
    assert first_box(chars, boxes) == [0, 1, -1, 2]
    assert first_box([], boxes) == []
    assert first_box(chars, []) == [-1, -1, -1, -1]


def test_in_any_grows_boxes_by_the_margin():
    chars = [glyph(10, 12, 0, 2), glyph(30, 32, 0, 2)]  # centres x = 11 and 31
    assert in_any(chars, [(0.0, 0.0, 10.0, 10.0)]) == [False, False]
    assert in_any(chars, [(0.0, 0.0, 10.0, 10.0)], margin=1.0) == [True, False]
    assert in_any(chars, []) == [False, False]


def test_line_visual_text_is_kept_per_stream_order():
    chars = [glyph(20, 30, 0, 10, 0), glyph(10, 20, 0, 10, 1)]
    chars[0].text, chars[1].text = "ب", "ا"
    line = Line(chars=chars, x0=10, x1=30, top=0, bottom=10, baseline=10, size=10)
    assert line_visual_text(line) == visual_text(line) == "اب"
    assert line.extra["visual"] == "اب"
    assert line_visual_text(line, logical=False) == visual_text(line, logical=False)
