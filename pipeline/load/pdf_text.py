"""Characters and lines of a PDF page from pypdfium2's text layer, in logical reading order.

pypdfium2 is fast (C, ~1,000 pages/s) and already maps presentation forms and drops unmapped
kashida glyphs; its own text order is not trusted for Arabic lines. Each character's box is read
instead, lines are formed by baseline, characters sorted by x, and `bidi.visual_to_logical`
rebuilds the order a reader reads.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from pipeline.load.bidi import base_letters, char_class, visual_to_logical

SKIP = {"\r", "\n", "\ufffe", "\uffff"}


def _fast(function, restype, *argtypes):
    """The same pdfium function, declared over plain addresses. pypdfium2's bindings check every
    argument's pointer type on each call; over 100,000 glyphs a page range that checking is most
    of the time spent reading glyph boxes, and a plain address (an int) is what pdfium takes."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_VOID = ctypes.c_void_p
_GET_CHAR_BOX = _fast(pdfium_c.FPDFText_GetCharBox, ctypes.c_int, _VOID, ctypes.c_int, _VOID, _VOID, _VOID, _VOID)
_GET_CHAR_ORIGIN = _fast(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int, _VOID, ctypes.c_int, _VOID, _VOID)
_IS_GENERATED = _fast(pdfium_c.FPDFText_IsGenerated, ctypes.c_int, _VOID, ctypes.c_int)
_GET_MATRIX = _fast(pdfium_c.FPDFText_GetMatrix, ctypes.c_int, _VOID, ctypes.c_int, _VOID)
_GET_FONT_SIZE = _fast(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _VOID, ctypes.c_int)
_GET_FONT_WEIGHT = _fast(pdfium_c.FPDFText_GetFontWeight, ctypes.c_int, _VOID, ctypes.c_int)
_GET_TEXT_OBJECT = _fast(pdfium_c.FPDFText_GetTextObject, _VOID, _VOID, ctypes.c_int)  # an int address, or None


@dataclass(slots=True)
class Char:
    """One glyph: its text and box in top-left page coordinates (like pdfplumber)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    index: int

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    chars: list[Char]
    text: str = ""  # logical order, set by `order_line`
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    baseline: float = 0.0
    size: float = 0.0
    bold: bool = False
    extra: dict = field(default_factory=dict)
    glyphs: int | None = None  # len(chars), kept once the glyphs are released
    letters: tuple[int, int] = (0, 0)  # (Arabic, Latin) letters among them, kept likewise

    @property
    def glyph_count(self) -> int:
        return len(self.chars) if self.glyphs is None else self.glyphs

    def letter_counts(self) -> tuple[int, int]:
        if self.glyphs is not None:
            return self.letters
        return letter_counts(self.chars)

    def release_glyphs(self) -> None:
        """Drop the glyphs once the line is ordered (its visual text is kept in `extra`, all a
        later reordering needs): a long PDF's glyphs are never all held at once."""
        if self.glyphs is None:
            self.glyphs, self.letters = len(self.chars), letter_counts(self.chars)
        self.chars = []


def page_chars(page) -> list[Char]:
    """Every glyph of a pypdfium2 page (generated line breaks left out)."""
    textpage = page.get_textpage()
    height = page.get_height()
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        textpage.close()
        return []
    text = textpage.get_text_range(0, count, errors="ignore")
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box_args = tuple(ctypes.addressof(value) for value in (left, right, bottom, top))
    origin_args = (ctypes.addressof(ox), ctypes.addressof(oy))
    address: int = ctypes.cast(raw, _VOID).value or 0
    chars: list[Char] = []
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box, get_origin, text_object, is_generated = _GET_CHAR_BOX, _GET_CHAR_ORIGIN, _GET_TEXT_OBJECT, _IS_GENERATED
    # Size, weight and matrix belong to the text object a glyph was drawn by (pdfium copies them
    # to each of its glyphs, spaces excepted): read them once per object, not once per glyph.
    styles: dict[int | None, tuple[float, bool]] = {}
    use_text = len(text) == count
    for i in range(count):
        ch = text[i] if use_text else chr(get_unicode(raw, i))
        if ch in SKIP:
            continue
        if not get_box(address, i, *box_args):
            continue
        if (ch < " " and ch != "\t") or "\ue000" <= ch <= "\uf8ff":
            ch = ""  # an unmapped glyph (kashida, `(cid:N)`): no text, but it fills its place in the word
        x0, x1 = left.value, right.value
        if ch == " " and x0 == x1 == 0:
            continue
        get_origin(address, i, *origin_args)
        generated = is_generated(address, i) == 1
        if generated and chars:
            size, bold = chars[-1].size, chars[-1].bold  # a space pdfium inserted: the text's size
        else:
            # pdfium gives spaces (inserted or drawn) a matrix of their own, not their object's.
            key = None if generated or ch.isspace() else text_object(address, i)
            style = styles.get(key) if key else None
            if style is None:
                style = _glyph_style(address, i)
                if key:
                    styles[key] = style
            size, bold = style
        chars.append(
            Char(ch, x0, x1, height - top.value, height - bottom.value, height - oy.value, size, bold, i)
        )
    textpage.close()
    return chars


def _same_glyph(a: Char, b: Char) -> bool:
    return b.index == a.index + 1 and abs(a.x0 - b.x0) < 0.01 and abs(a.x1 - b.x1) < 0.01 and abs(a.top - b.top) < 0.01


ALEFS = "اأإآ"


def _ligature_runs(chars: list[Char]) -> list[tuple[int, int]]:
    """(first, last) positions of runs of Arabic letters sharing one glyph's box."""
    runs = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and _same_glyph(chars[j], chars[j + 1]):
            j += 1
        if j > i and all(c.text and char_class(c.text) == "R" for c in chars[i : j + 1]):
            runs.append((i, j))
        i = j + 1
    return runs


def ligature_votes(chars: list[Char]) -> tuple[int, int]:
    """(visual, logical): a page's lam-alef glyphs that show the visual order (alef before lam in
    one glyph) and those that show the reading order (see `fix_ligature_glyphs`)."""
    visual = logical = 0
    for i, _last in _ligature_runs(chars):
        first, second = chars[i].text, chars[i + 1].text
        visual += first in ALEFS and second == "ل"
        logical += first == "ل" and second in ALEFS
    return visual, logical


def reverse_ligature_glyphs(chars: list[Char]) -> None:
    """Put the letters of every multi-letter glyph of a page back in reading order, in place."""
    for i, j in _ligature_runs(chars):
        texts = [c.text for c in chars[i : j + 1]]
        for c, text in zip(chars[i : j + 1], reversed(texts), strict=True):
            c.text = text


def fix_ligature_glyphs(pages: list[list[Char]]) -> None:
    """One glyph mapped to several Arabic letters (a ligature: lam-alef, lam-mim, the rial sign for
    `ريال`) shares one box. Word, InDesign and others write its letters in visual order, so the text
    layer reads `اإليرادات` for `الإيرادات`, `املجلس` for `المجلس`, `لاير` for `ريال`; others (pdfium
    decomposing a presentation form) in reading order. The file's lam-alef glyphs tell which: an
    alef before a lam in one glyph is never reading order (alef does not join the next letter).
    When the file writes them visually, the letters of every such glyph are put back in reading
    order, in place (their boxes are the same). The PDF reader, which reads page by page, takes
    the same decision from `ligature_votes` summed over the pages (`pdf_pages.py`)."""
    votes = [ligature_votes(chars) for chars in pages]
    if sum(v for v, _ in votes) <= sum(lg for _, lg in votes):
        return
    for chars in pages:
        reverse_ligature_glyphs(chars)


def page_ligature_votes(page) -> tuple[int, int]:
    """`ligature_votes` of a pypdfium2 page estimated without reading every glyph: only the glyphs
    of the page's lam-alef letter pairs are measured (a few hundred box reads, not thousands). A
    forecast, so that pages can be read one at a time with the document's decision already taken;
    the reader checks it against the exact votes of the pages it read (a page later found
    unreadable, or a glyph without a box, can make the two differ)."""
    textpage = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(textpage.raw)
        if count <= 1:
            return 0, 0
        text = textpage.get_text_range(0, count, errors="ignore")
        if len(text) != count:
            return 0, 0
        address: int = ctypes.cast(textpage.raw, _VOID).value or 0
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        args = tuple(ctypes.addressof(value) for value in (left, right, bottom, top))
        boxes: dict[int, tuple[float, float, float] | None] = {}

        def box(i: int) -> tuple[float, float, float] | None:
            if i not in boxes:
                ok = 0 <= i < count and text[i] not in SKIP and _GET_CHAR_BOX(address, i, *args)
                boxes[i] = (left.value, right.value, top.value) if ok else None
            return boxes[i]

        def same(i: int) -> bool:
            a, b = box(i), box(i + 1)
            return a is not None and b is not None and all(abs(p - q) < 0.01 for p, q in zip(a, b, strict=True))

        visual = logical = 0
        for match in re.finditer(f"(?=[{ALEFS}]ل|ل[{ALEFS}])", text):
            k = match.start()
            if not same(k) or same(k - 1):
                continue  # not one glyph, or not where the glyph's letters start
            j = k + 1
            while same(j):
                j += 1
            if all(char_class(ch) == "R" for ch in text[k : j + 1]):
                visual += text[k] in ALEFS
                logical += text[k] == "ل"
        return visual, logical
    finally:
        textpage.close()


def _glyph_style(address: int, index: int) -> tuple[float, bool]:
    """A glyph's font size as drawn and whether it is bold (`address`: the text page's). The size
    is pdfium's font size times the vertical scale of the glyph's text matrix: InDesign,
    Firefox/cairo and other producers set a font size of 1 and draw at the size the matrix scales
    it to (`1 Tf` under `11 0 0 11 Tm`): pdfium's font size alone then says 1.0, and every gap
    threshold taken as a share of it would split words and digit runs glyph by glyph."""
    matrix = pdfium_c.FS_MATRIX()
    scale = math.hypot(matrix.c, matrix.d) if _GET_MATRIX(address, index, ctypes.addressof(matrix)) else 1.0
    size = _GET_FONT_SIZE(address, index) * (scale if scale > 0 else 1.0)
    return size, _GET_FONT_WEIGHT(address, index) >= 600


def letter_counts(chars: list[Char]) -> tuple[int, int]:
    """(Arabic, Latin) letters among the glyphs."""
    arabic = sum(1 for c in chars if c.text and char_class(c.text) == "R")
    latin = sum(1 for c in chars if c.text and char_class(c.text) == "L")
    return arabic, latin


def direction(arabic: int, latin: int) -> str | None:
    """`page_direction` from letter counts."""
    return "R" if arabic >= latin and arabic else None


def page_direction(chars: list[Char]) -> str | None:
    """R when a page (or cell) is mostly Arabic letters: its lines are right-to-left paragraphs even
    when one of them holds mostly Latin words; None (decide per line) otherwise."""
    return direction(*letter_counts(chars))


def group_lines(chars: list[Char]) -> list[Line]:
    """Chars on the same baseline (within a third of the font size) form a line, top to bottom."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c.baseline)
    lines: list[list[Char]] = [[ordered[0]]]
    for ch in ordered[1:]:
        current = lines[-1]
        ref = current[0]
        if abs(ch.baseline - ref.baseline) <= max(ref.size, ch.size, 4.0) * 0.35:
            current.append(ch)
        else:
            lines.append([ch])
    return [_make_line(cs) for cs in lines]


def _make_line(chars: list[Char]) -> Line:
    glyphs = [c for c in chars if not c.text.isspace()] or chars
    sizes = sorted(c.size for c in glyphs)
    return Line(
        chars=chars, x0=min(c.x0 for c in glyphs), x1=max(c.x1 for c in glyphs),
        top=min(c.top for c in glyphs), bottom=max(c.bottom for c in glyphs),
        baseline=sorted(c.baseline for c in glyphs)[len(glyphs) // 2], size=sizes[len(sizes) // 2],
        bold=sum(c.bold for c in glyphs) * 2 > len(glyphs),
    )  # fmt: skip


def stream_is_logical(chars: list[Char]) -> bool:
    """Whether the file stores Arabic letters in reading order (x decreasing along the stream),
    as Word, LibreOffice and browsers do, rather than in visual order (pre-shaped PDFs)."""
    score = 0
    for a, b in zip(chars, chars[1:], strict=False):
        if b.index == a.index + 1 and a.text and b.text and char_class(a.text) == char_class(b.text) == "R" \
                and a.baseline == b.baseline:
            score += 1 if b.xc < a.xc else -1
    return score >= 0


def _stacked(a: Char, b: Char) -> bool:
    """Two glyphs drawn mostly over each other (a ligature's parts), so x cannot order them."""
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap > 0.5 * max(min(a.x1 - a.x0, b.x1 - b.x0), 0.1)


def _is_mark(text: str) -> bool:
    return len(text) == 1 and unicodedata.combining(text) > 0


def _units(chars: list[Char], logical: bool) -> list[tuple[float, float, str, float]]:
    """Glyph clusters placed by x: (x0, x1, text, size). An Arabic ligature's parts (mim-jim,
    lam-mim) overlap and their x centres lie, so they stay together in stored order when the
    stream is logical."""
    units: list[tuple[float, float, str, float]] = []
    group: list[Char] = []

    def flush() -> None:
        if len(group) == 1:
            c = group[0]
            units.append((c.x0, c.x1, c.text, c.size))
            group.clear()
        elif group:
            # A mark's box may stand off its letter (tanween over a final alef): place the cluster
            # by its letters, so the mark cannot land inside a neighbouring digit run.
            letters = [c for c in group if not _is_mark(c.text)] or group
            x0, x1 = min(c.x0 for c in letters), max(c.x1 for c in letters)
            text = "".join(c.text for c in reversed(group)) if logical else "".join(
                c.text for c in sorted(group, key=lambda c: c.xc))
            units.append((x0, x1, text, group[0].size))
            group.clear()

    for ch in sorted(chars, key=lambda c: c.index):
        if group and ch.index == group[-1].index + 1 and group[-1].text and _is_mark(ch.text):
            group.append(ch)  # a vowel mark or tanween belongs to the letter stored before it
            continue
        if group and logical and ch.text and group[-1].text and char_class(ch.text) == char_class(group[-1].text) == "R" \
                and ch.index == group[-1].index + 1 and _stacked(ch, group[-1]):
            group.append(ch)
            continue
        flush()
        group.append(ch)
    flush()
    return units


ZERO_WIDTH = 0.05
MISSING_SPACE_GAP = 0.25  # glyphs this far apart (share of the line's font size) are separate words
MISSING_SPACE_GAP_DIGITS = 0.6  # digits have wide side bearings (`1`): only a clear gap separates them
NUMBERISH = re.compile(r"[\d٠-٩/.,:\-–]")
TEXT_RUN_GAP = 0.1
SPACE_GAP = 0.24  # a zero-width "space" counts only over a gap this wide (share of the font size)


def visual_text(line: Line, logical: bool = True) -> str:
    """The line's characters left to right as drawn, spaces collapsed. pdfium reports zero-width
    spaces where a text run starts (`31/ 12 / 23`): they are kept only where glyphs stand apart."""
    units = sorted(_units(line.chars, logical), key=lambda u: (u[0] + u[1]) / 2)
    out: list[str] = []
    last_glyph_x1: float | None = None
    for k, (x0, x1, text, size) in enumerate(units):
        if text.isspace():
            if x1 - x0 < ZERO_WIDTH and last_glyph_x1 is not None:
                right = next((u[0] for u in units[k + 1 :] if not u[2].isspace()), None)
                # pdfium's own zero-width spaces carry the text's font size; a real space glyph
                # (LibreOffice, Chromium) a nominal 1 pt: both need a gap, the former a word gap.
                # A tenth of the text's size is no word gap, whatever the space glyph's own size
                # (InDesign's 1 pt spaces where a text run starts: `ا لاستثماري`).
                if right is not None and right - last_glyph_x1 < max(SPACE_GAP * size, TEXT_RUN_GAP * line.size):
                    continue
                right_text = next((u[2] for u in units[k + 1 :] if not u[2].isspace()), "")
                if out and NUMBERISH.match(out[-1][-1:] or " ") and right_text[:1].isdigit() and right is not None \
                        and right - last_glyph_x1 < SPACE_GAP * line.size:
                    continue  # inside a number (InDesign's text-run boundary in `1,095`, `372.7`)
                if x0 < last_glyph_x1 - 0.5:
                    continue  # inside the glyph before it (Chromium's lam-kaf ligature)
            if out and out[-1] != " ":
                out.append(" ")
        elif not text:
            last_glyph_x1 = x1 if last_glyph_x1 is None else max(last_glyph_x1, x1)
        else:
            if out and out[-1] != " " and last_glyph_x1 is not None and x0 - last_glyph_x1 > line.size * (
                MISSING_SPACE_GAP_DIGITS if NUMBERISH.match(out[-1][-1]) or NUMBERISH.match(text[0]) else MISSING_SPACE_GAP
            ):
                out.append(" ")  # words drawn apart with no space glyph at all (Chromium at a source line break)
            out.append(text)
            last_glyph_x1 = x1 if last_glyph_x1 is None else max(last_glyph_x1, x1)
    return "".join(out).strip()


def line_visual_text(line: Line, logical: bool = True) -> str:
    """`visual_text` of a line, kept on the line: a line is ordered again when it turns out to
    continue a paragraph, and table cells are read twice (digit vote, mirrored brackets); its
    glyphs, and so its visual text, do not change."""
    key = "visual" if logical else "visual_stored_order"
    visual = line.extra.get(key)
    if visual is None:
        visual = line.extra[key] = visual_text(line, logical)
    return visual


def order_line(
    line: Line, context: str | None = None, mirror: bool = False, logical: bool = True, prefer_rtl: bool = True,
    rtl_block: bool = False, base: str | None = None,
) -> str:
    """The line's text in logical order, presentation forms mapped to base letters."""
    visual = line_visual_text(line, logical)
    line.text = base_letters(visual_to_logical(visual, context, mirror, prefer_rtl, rtl_block, base))
    return line.text
