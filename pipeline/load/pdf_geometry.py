"""Which glyphs fall in which boxes, for whole pages at once (numpy).

Tables are read by putting every glyph of a page into the cell that holds its centre; done glyph
by glyph and box by box in Python this was the slowest part of reading a PDF with tables (a page
of 2,000 glyphs and 200 cells is 400,000 comparisons). The same comparisons on arrays give the
same answer: centres are computed as `Char.xc` computes them, in the same float64 arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.load.pdf_text import Char

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (pdfplumber's page coordinates)


def centres(chars: Sequence[Char]) -> tuple[np.ndarray, np.ndarray]:
    """Each glyph's horizontal and vertical centre."""
    count = len(chars)
    xc = np.fromiter(((c.x0 + c.x1) / 2 for c in chars), dtype=np.float64, count=count)
    yc = np.fromiter(((c.top + c.bottom) / 2 for c in chars), dtype=np.float64, count=count)
    return xc, yc


def containment(chars: Sequence[Char], boxes: Sequence[Box], margin: float = 0.0) -> np.ndarray:
    """A (glyphs x boxes) boolean matrix: whether each glyph's centre lies in each box, edges
    included, every box grown by `margin` on all sides."""
    if not chars or not boxes:
        return np.zeros((len(chars), len(boxes)), dtype=bool)
    xc, yc = centres(chars)
    grid = np.asarray(boxes, dtype=np.float64)
    x, y = xc[:, None], yc[:, None]
    return (
        (grid[:, 0] - margin <= x) & (x <= grid[:, 2] + margin)
        & (grid[:, 1] - margin <= y) & (y <= grid[:, 3] + margin)
    )  # fmt: skip


def first_box(chars: Sequence[Char], boxes: Sequence[Box]) -> list[int]:
    """For each glyph, the index of the first box holding its centre, or -1."""
    inside = containment(chars, boxes)
    if not inside.size:
        return [-1] * len(chars)
    first = inside.argmax(axis=1)
    indexes: list[int] = np.where(inside.any(axis=1), first, -1).tolist()
    return indexes


def in_any(chars: Sequence[Char], boxes: Sequence[Box], margin: float = 0.0) -> list[bool]:
    """For each glyph, whether some box (grown by `margin`) holds its centre."""
    hits: list[bool] = containment(chars, boxes, margin).any(axis=1).astype(bool).tolist()
    return hits


__all__ = ["Box", "centres", "containment", "first_box", "in_any"]
