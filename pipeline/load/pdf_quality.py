"""Is a PDF page's text layer worth reading, or must the page be OCR'd?

Three kinds of pages are read from their image instead of their text layer:

* scanned pages: no glyph at all, or an image covering much of the page and only a handful of
  glyphs (the page number `-2-` or a running header a scanning office stamped on it);
* broken text layers: many glyphs without a Unicode mapping (fonts without a ToUnicode map, as in
  pages a browser printed through cairo, or a decorative title font): pdfium gives them as Private
  Use Area code points or control characters, and what is left reads as words missing letters
  (`ومد يد ةصنا` for `الدقيق المدعوم`). Unmapped kashida glyphs in justified Word text are a few
  percent of a page at most (9% measured on our fixtures); the broken layers measured are a third
  to more than half.

The thresholds are shares of the page's own glyphs, not tuned to a file: a page is broken when at
least `BROKEN_SHARE` of its non-space glyphs have no text and there are at least `BROKEN_MIN`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.load.pdf_text import Char

BROKEN_SHARE = 0.2
BROKEN_MIN = 10
SCAN_MAX_GLYPHS = 20  # a page number or a short header, not a page of text
SCAN_MIN_IMAGE_SHARE = 0.25  # an image covering at least this share of the page


@dataclass(frozen=True)
class PageVerdict:
    """Why a page must be OCR'd: `scanned`, `unmapped` (broken text layer), or None to read it."""

    reason: str | None
    glyphs: int = 0
    unmapped: int = 0


def image_share(page: pdfium.PdfPage) -> float:
    """The largest share of the page one image object covers (0 when there is none)."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, (min(right, width) - max(left, 0.0)) * (min(top, height) - max(bottom, 0.0)) / (width * height))
    return best


def judge_page(chars: list[Char], page: pdfium.PdfPage) -> PageVerdict:
    """Whether the page's glyphs can be read as text, and if not, why."""
    glyphs = [c for c in chars if not c.text.isspace()]
    unmapped = sum(1 for c in glyphs if not c.text)
    mapped = len(glyphs) - unmapped
    if unmapped >= BROKEN_MIN and unmapped >= BROKEN_SHARE * len(glyphs):
        return PageVerdict("unmapped", len(glyphs), unmapped)
    if mapped == 0:
        # No text at all: a scan, or a blank page (nothing to read, nothing to OCR).
        return PageVerdict("scanned" if glyphs or image_share(page) > 0 else None, len(glyphs), unmapped)
    if mapped < SCAN_MAX_GLYPHS and image_share(page) >= SCAN_MIN_IMAGE_SHARE:
        return PageVerdict("scanned", len(glyphs), unmapped)
    return PageVerdict(None, len(glyphs), unmapped)


__all__ = ["PageVerdict", "judge_page", "image_share"]
