"""A PDF page as an image, with a stretch of its text marked where the PDF's glyph boxes allow.

The document's text is the loader's reading of the page (lines ordered, bidi undone), so offsets into
it do not point at the PDF's characters. The span is found again by searching its text on the page
(pdfium's text search), whole or, failing that, three words at a time; each match's glyph rectangles
are drawn over the rendered page. When nothing is found (unusual encodings, text drawn as images)
the page is shown unmarked and the record page still marks the span in the document's text.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

SCALE = 1.6  # ~115 dpi: a page about 950 pixels wide, readable beside the fields
MARK_FILL = (255, 201, 77, 110)
MARK_LINE = (184, 134, 0, 255)


class PageUnavailable(Exception):
    """The file is gone, changed since it was extracted, or has no such page."""


@dataclass
class RenderedPage:
    png: bytes
    marked: bool


def _rects(textpage: pdfium.PdfTextPage, piece: str) -> list[tuple[float, float, float, float]]:
    """Glyph rectangles (left, bottom, right, top, in PDF points) of the first occurrence of `piece`."""
    match = textpage.search(piece, match_case=True).get_next()
    if not match:
        return []
    index, count = match
    return [textpage.get_rect(i) for i in range(textpage.count_rects(index, count))]


def _boxes(textpage: pdfium.PdfTextPage, text: str) -> list[tuple[float, float, float, float]]:
    """Where `text` is on the page: the whole of it, else the pieces of three words found (a piece too
    short to be told apart from other words is not searched)."""
    words = text.split()
    whole = _rects(textpage, " ".join(words)) if words else []
    if whole:
        return whole
    pieces = [" ".join(words[i:i + 3]) for i in range(0, len(words), 3)]
    return [box for piece in pieces if len(piece) >= 8 for box in _rects(textpage, piece)]


def render_page(path: Path, sha256: str, number: int, marked_text: str = "") -> RenderedPage:
    """Page `number` (from 1) of the PDF at `path`, which must still be the content `sha256`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PageUnavailable(f"cannot read {path}: {exc.strerror}") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise PageUnavailable(f"{path} has changed since it was extracted: run taqrir again")
    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= number <= len(pdf):
            raise PageUnavailable(f"{path} has no page {number} ({len(pdf)} pages)")
        page = pdf[number - 1]
        image = page.render(scale=SCALE).to_pil().convert("RGBA")
        boxes = _boxes(page.get_textpage(), marked_text) if marked_text.strip() else []
        height = page.get_height()
        if boxes:
            overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)
            for left, bottom, right, top in boxes:  # PDF points, origin at the bottom left
                draw.rectangle([left * SCALE - 2, (height - top) * SCALE - 2, right * SCALE + 2, (height - bottom) * SCALE + 2],
                               fill=MARK_FILL, outline=MARK_LINE, width=2)  # fmt: skip
            image = Image.alpha_composite(image, overlay)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", optimize=True)
        return RenderedPage(out.getvalue(), bool(boxes))
    finally:
        pdf.close()
