"""Two-column pages: find the vertical gutter most lines of a page leave empty, split the lines
that run over both columns at one baseline, and give the reading order (right column first on
Arabic pages, left first on Latin ones).

Lines are formed by baseline over the whole page width (`pdf_text.group_lines`), so on a page set
in two columns whose baselines line up (LibreOffice and Chromium align them) one "line" held the
ends of two sentences, and the columns were read interleaved. A gutter is an x range, in the
middle of the text area, that at most a fifth of the lines cross (a title or a full-width heading
may), with lines of text on both sides that fill their side's width as column text does; a page
of label/value pairs or chart labels has no such sides and is left alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.load.pdf_text import Char, Line, group_lines

MIN_LINES = 8  # fewer lines than this tell nothing about a page's layout
MIDDLE = (0.2, 0.8)  # the gutter lies in this share of the text area's width
MAX_CROSSING = 0.2  # share of the lines that may run across the gutter (titles, full-width headings)
GUTTER_NOISE = 0.03  # lines that may reach into the gutter beyond the fewest (an overhang, a wide line)
MIN_GUTTER = 0.8  # narrowest gutter, as a share of the body font size (word gaps are ~0.25-0.5)
MIN_SIDE_LINES = 4
FULL_LINE = 0.7  # a line filling this share of its column's width ...
MIN_FULL_SHARE = 0.4  # ... for this share of a side's lines makes the side a column of text


@dataclass(frozen=True)
class Gutter:
    x0: float
    x1: float

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def _glyphs(chars: Sequence[Char]) -> list[Char]:
    """Drawn glyphs (unmapped ones included: they fill their place), not spaces."""
    return [c for c in chars if not c.text.isspace()]


def find_gutter(lines: Sequence[Line]) -> Gutter | None:
    """The gutter of a two-column page, or None."""
    if len(lines) < MIN_LINES:
        return None
    left = min(line.x0 for line in lines)
    width = max(line.x1 for line in lines) - left
    if width <= 0:
        return None
    bins = int(math.ceil(width)) + 2
    # One row per line, one column per point of the text area's width: which points a glyph covers.
    edges = np.zeros((len(lines), bins + 1), dtype=np.int32)
    for row, line in enumerate(lines):
        glyphs = _glyphs(line.chars)
        if not glyphs:
            continue
        starts = np.clip(np.floor(np.array([c.x0 for c in glyphs]) - left).astype(int), 0, bins)
        ends = np.clip(np.ceil(np.array([c.x1 for c in glyphs]) - left).astype(int), 0, bins)
        np.add.at(edges[row], starts, 1)
        np.add.at(edges[row], ends, -1)
    cover = np.cumsum(edges, axis=1)[:, :bins] > 0
    lo, hi = int(width * MIDDLE[0]), int(width * MIDDLE[1])
    crossing = cover[:, lo:hi].sum(axis=0)
    # The gutter is where the fewest lines cross (inside a short column few lines cross too).
    fewest = int(crossing.min())
    if fewest > MAX_CROSSING * len(lines):
        return None
    run = _widest_run(crossing <= fewest + max(1, round(GUTTER_NOISE * len(lines))))
    sizes = sorted(line.size for line in lines)
    if run is None or run[1] - run[0] < MIN_GUTTER * sizes[len(sizes) // 2]:
        return None
    g0, g1 = lo + run[0], lo + run[1]
    straight = ~cover[:, g0:g1].any(axis=1)
    for side in (cover[:, :g0], cover[:, g1:]):
        if not _reads_as_column(side[straight]):
            return None
    return Gutter(left + g0, left + g1)


def _widest_run(free: np.ndarray) -> tuple[int, int] | None:
    """(start, end) of the longest run of True in `free`."""
    best: tuple[int, int] | None = None
    start = None
    for i, value in enumerate([*free.tolist(), False]):
        if value and start is None:
            start = i
        elif not value and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


def _reads_as_column(cover: np.ndarray) -> bool:
    """Lines (rows of covered points on one side of the gutter) that form a column of text:
    enough of them, and many filling most of the side's width."""
    used = cover.any(axis=1)
    if used.sum() < MIN_SIDE_LINES:
        return False
    rows = cover[used]
    first = rows.argmax(axis=1)
    last = rows.shape[1] - 1 - rows[:, ::-1].argmax(axis=1)
    extent = last - first + 1
    side_width = last.max() - first.min() + 1
    return bool((extent >= FULL_LINE * side_width).mean() >= MIN_FULL_SHARE)


def split_columns(lines: Sequence[Line], gutter: Gutter) -> list[Line]:
    """Lines with glyphs across the gutter's middle stay whole (`extra["column"]` None); the others are
    split at it into a left and a right line. Top to bottom."""
    out: list[Line] = []
    # Across means over the gutter's middle half: a glyph of a column may reach into its edge
    # (an italic overhang, a line a point wider than the others).
    quarter = (gutter.x1 - gutter.x0) / 4
    inner0, inner1 = gutter.x0 + quarter, gutter.x1 - quarter
    for line in lines:
        if any(c.x0 < inner1 and c.x1 > inner0 for c in _glyphs(line.chars)):
            line.extra["column"] = None
            out.append(line)
            continue
        for name, part in (("left", [c for c in line.chars if c.xc < gutter.middle]),
                           ("right", [c for c in line.chars if c.xc >= gutter.middle])):  # fmt: skip
            if not _glyphs(part):
                continue
            for piece in group_lines(part):
                piece.extra["column"] = name
                out.append(piece)
    out.sort(key=lambda line: line.baseline)
    return out


def reading_order(
    items: Sequence[tuple[float, str | None, object]], rtl: bool, section_gap: float
) -> list[tuple[str | None, object]]:
    """(column, item) in reading order for (top, column, item) triples of a two-column page:
    top to bottom, except that a run of column items (between full-width ones, or blanks taller
    than `section_gap`) is read column by column, the right one first on a right-to-left page."""
    rank = {"right": 0, "left": 1} if rtl else {"left": 0, "right": 1}
    ordered: list[tuple[str | None, object]] = []
    run: list[tuple[float, str, object]] = []

    def flush() -> None:
        run.sort(key=lambda it: (rank[it[1]], it[0]))
        ordered.extend((column, item) for _, column, item in run)
        run.clear()

    items = _trailing_lines_full_width(items, section_gap)
    previous: float | None = None
    for top, column, item in sorted(items, key=lambda it: it[0]):
        if column is None or (previous is not None and top - previous > section_gap):
            flush()  # a full-width line, or a wide blank (a footer below the columns), ends the run
        if column is None:
            ordered.append((None, item))
        else:
            run.append((top, column, item))
        previous = top
    flush()
    return ordered


def _trailing_lines_full_width(
    items: Sequence[tuple[float, str | None, object]], section_gap: float
) -> list[tuple[float, str | None, object]]:
    """The last item of a column, standing more than `section_gap` below the one before it in that
    column (a footer, a note under the columns), is read after both columns, as a full-width line."""
    out = list(items)
    for name in ("left", "right"):
        tops = sorted((top, k) for k, (top, column, _) in enumerate(out) if column == name)
        if len(tops) >= 2 and tops[-1][0] - tops[-2][0] > section_gap:
            k = tops[-1][1]
            out[k] = (out[k][0], None, out[k][2])
    return out
