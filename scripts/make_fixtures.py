#!/usr/bin/env python3
"""Generate realistic PDF / DOCX / HTML test fixtures from the sample Arabic reports.

Usage:
    python scripts/make_fixtures.py [--out tests/fixtures] [--reports DIR] [--big] [--big-out PATH]

What it makes (``<stem>`` = first 3 characters of the report's file name + its hash, e.g.
``000_ce7e87e2b4e5dfe7``):

* ``docx/<stem>.docx``          python-docx, right-to-left the way Word documents from ministries are
                                (w:bidi paragraphs, w:rtl runs, Arabic complex-script font and size,
                                Heading styles, auto-numbered lists, bordered RTL tables with a
                                repeating header row, justified and right-aligned paragraphs,
                                page-number footer).
* ``pdf/<stem>.pdf``            that DOCX converted by LibreOffice headless.
* ``pdf/<stem>.chromium.pdf``   an HTML page (``html/<stem>.html``) printed by headless Chromium.
* ``pdf/<stem>.shaped.pdf``     reportlab + Amiri, text layer PRE-SHAPED (presentation forms
                                U+FB50-U+FEFF) in visual order, like old ministry PDFs.
* ``pdf/<stem>.scanned.pdf``    raster pages (150 dpi, grayscale) with no text layer.
* ``broken/*``                  truncated / mislabelled / encrypted / empty files.
* ``manifest.json``             facts measured on every fixture.
* with ``--big``: a 120+ page DOCX + PDF made by repeating the samples (not committed).

System tools (Debian): see scripts/install_fixture_tools.sh.  Python packages: see
scripts/fixture_requirements.txt.  The parsing of the .txt samples here is deliberately simple and
independent of the project's own loaders.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import html as htmlmod
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXED_DATE = dt.datetime(2024, 1, 15, 9, 30, 0)
ZIP_DATE = (2024, 1, 15, 9, 30, 0)
FIXED_STRUCT = FIXED_DATE.timetuple()

try:
    from bs4 import BeautifulSoup, NavigableString
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Emu, Pt
except ImportError as exc:  # pragma: no cover - explained to the user
    sys.exit(f"make_fixtures: missing Python package ({exc}). "
             f"pip install -r scripts/fixture_requirements.txt")


# --------------------------------------------------------------------------------------------
# 1. Reading the .txt samples (simple, independent parser)
# --------------------------------------------------------------------------------------------

AR_CHAR = re.compile("[\u0600-\u06FF]")
HTML_TAG = re.compile(r"</?(?:p|ul|ol|li|br|div|span|strong|b|em|i)\b[^>]*>", re.I)
BULLET_RE = re.compile(r"^[\s\u00a0]*([•■▪●◦]|-(?=[\s\u00a0]))[\s\u00a0]*(.*)$", re.S)
NUM_RE = re.compile(
    r"^[\s\u00a0]*(?:\((\d{1,2})\)|(\d{1,2})([.\-)])|([ivxIVX]{1,4})([.)]))[\s\u00a0]+(.*)$", re.S)
CAPTION_RE = re.compile(r"^(?:الجدول|المبيان|الشكل|الرسم البياني)\s+رقم")
FINAL_PUNCT = ".:؛،!?؟;,…"
LATIN_RUN = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9&'’.\-]*(?:[ \u00a0]+[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9&'’.\-]*)*")
NUMERIC_CELL = re.compile(r"^[\d\s\u00a0.,٫٬%-]+$")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


@dataclass
class Block:
    """One paragraph-level element of a report."""
    kind: str                      # title|heading|subtitle|caption|para|item|table|chart|pagebreak
    text: str = ""                 # '\n' = line break inside the paragraph; '**' marks bold
    level: int = 2
    list_type: str = ""            # bullet|number   (kind == item)
    marker: str = ""               # bullet glyph, or numbering template such as "(%1)" / "%1-"
    num_fmt: str = "decimal"       # decimal|lowerRoman
    number: int = 1
    raw_marker: str = ""           # the marker exactly as typed in the .txt
    rows: list = field(default_factory=list)   # table: rows -> cells -> list[Block]
    header_rows: int = 0


def _norm_ws(s: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", s).strip()


def _split_inline_items(text: str, in_list: bool) -> list[Block]:
    """Text of an HTML fragment that carries its own bullets (• or ' - ') -> paragraphs/items."""
    text = _norm_ws(text)
    if not text:
        return []
    if "•" in text:
        parts, glyph = text.split("•"), "•"
    elif in_list and re.search(r"(?:^|\s)-\s", text):
        parts, glyph = re.split(r"(?:^|\s)-\s+", text), "-"
    else:
        return [Block("item", text, list_type="bullet", marker="•", raw_marker="")
                if in_list else Block("para", text)]
    out = []
    head = parts[0].strip()
    if head:
        out.append(Block("para", head))
    for part in parts[1:]:
        part = part.strip()
        if part:
            out.append(Block("item", part, list_type="bullet", marker=glyph, raw_marker=glyph))
    return out


def html_fragment_to_blocks(fragment: str) -> list[Block]:
    """<p>, <ul style=...>, <li> (possibly unclosed) -> paragraphs and bullet items."""
    soup = BeautifulSoup(fragment, "lxml")
    body = soup.body or soup
    out: list[Block] = []

    def walk(node, in_list: bool) -> None:
        for ch in node.children:
            if isinstance(ch, NavigableString):
                out.extend(_split_inline_items(str(ch), in_list))
            elif ch.name in ("ul", "ol"):
                walk(ch, True)
            elif ch.name == "li":
                if ch.find(["ul", "ol", "p"]):
                    walk(ch, True)
                else:
                    t = _norm_ws(ch.get_text(""))
                    if t:
                        out.append(Block("item", t, list_type="bullet", marker="•"))
            elif ch.name in ("p", "div"):
                if ch.find(["ul", "ol", "p", "li"]):
                    walk(ch, in_list)
                else:
                    out.extend(_split_inline_items(ch.get_text(""), in_list))
            elif ch.name == "br":
                continue
            else:
                out.extend(_split_inline_items(ch.get_text(""), in_list))

    walk(body, False)
    return out


def _list_item(line: str) -> Block | None:
    m = BULLET_RE.match(line)
    if m and m.group(2).strip():
        glyph = m.group(1)
        return Block("item", m.group(2).strip(), list_type="bullet", marker=glyph, raw_marker=glyph)
    m = NUM_RE.match(line)
    if m:
        rest = m.group(6).strip()
        if m.group(1):
            return Block("item", rest, list_type="number", marker="(%1)", number=int(m.group(1)),
                         raw_marker=f"({m.group(1)})")
        if m.group(2):
            sep = m.group(3)
            return Block("item", rest, list_type="number", marker="%1" + sep, number=int(m.group(2)),
                         raw_marker=m.group(2) + sep)
        roman = m.group(4)
        return Block("item", rest, list_type="number", marker="%1" + m.group(5), num_fmt="lowerRoman",
                     number=ROMAN.get(roman.lower(), 1), raw_marker=roman + m.group(5))
    return None


def _is_heading_text(t: str) -> bool:
    t = t.replace("**", "").strip()
    if not t or len(t) > 110 or len(t.split()) > 16:
        return False
    if t[-1] in FINAL_PUNCT:
        return False
    ar = len(AR_CHAR.findall(t))
    letters = sum(c.isalpha() for c in t)
    return ar >= 4 and ar >= 0.6 * letters


def parse_report(text: str) -> list[Block]:
    """Blocks are separated by blank lines; tab lines are table rows; see module docstring."""
    raw_blocks: list[list[str]] = []
    cur: list[str] = []
    for ln in text.split("\n"):
        if ln.strip() == "":
            if cur:
                raw_blocks.append(cur)
                cur = []
        else:
            cur.append(ln.rstrip("\r"))
    if cur:
        raw_blocks.append(cur)

    out: list[Block] = []
    seen_heading = False
    for blk in raw_blocks:
        segs: list[tuple[bool, list[str]]] = []
        for ln in blk:
            is_row = "\t" in ln
            if segs and segs[-1][0] == is_row:
                segs[-1][1].append(ln)
            else:
                segs.append((is_row, [ln]))
        for is_row, seg in segs:
            if is_row:
                rows = [[_cell_blocks(c) for c in ln.split("\t")] for ln in seg]
                first_raw = seg[0].split("\t")
                if out and out[-1].kind == "table" and len(out[-1].rows[0]) == len(rows[0]):
                    out[-1].rows.extend(rows)          # same table continued after a blank line
                else:
                    header = all(len(c.strip()) <= 60 and not HTML_TAG.search(c) and c.strip()
                                 and not NUMERIC_CELL.match(c.strip()) for c in first_raw)
                    out.append(Block("table", rows=rows, header_rows=1 if header else 0))
                continue
            items: list[Block] = []
            buf: list[str] = []
            for ln in seg:
                is_html = bool(HTML_TAG.search(ln))
                it = None if is_html else _list_item(ln)
                if (is_html or it) and buf:      # plain lines so far form one paragraph
                    items.append(Block("para", "\n".join(x.strip() for x in buf)))
                    buf = []
                if is_html:
                    items.extend(html_fragment_to_blocks(ln))
                elif it:
                    items.append(it)
                else:
                    buf.append(ln)
            if buf:
                items.append(Block("para", "\n".join(x.strip() for x in buf)))
            if len(blk) == 1 and len(items) == 1:
                line = blk[0].strip()
                b = items[0]
                if CAPTION_RE.match(line):
                    items = [Block("caption", line)]
                elif (b.kind == "para" or b.list_type == "number") and _is_heading_text(line):
                    if not seen_heading:
                        items = [Block("title", line, level=1)]
                    elif (out and out[-1].kind == "title" and re.search(r"\d{4}", line)
                          and len(line.split()) <= 4):
                        items = [Block("subtitle", line)]
                    else:
                        lvl = 3 if ":" in line else 2
                        items = [Block("heading", line, level=lvl)]
                    seen_heading = True
            out.extend(items)
    return out


def _cell_blocks(cell: str) -> list[Block]:
    cell = cell.strip()
    if not cell:
        return []
    if HTML_TAG.search(cell):
        return html_fragment_to_blocks(cell)
    it = _list_item(cell)
    return [it] if it else [Block("para", cell)]


def plain_text(blocks: list[Block]) -> str:
    """All text of the parsed blocks (markers included, markup removed): used for self-checks."""
    parts = []
    for b in blocks:
        if b.kind == "table":
            for row in b.rows:
                for cell in row:
                    parts.append(plain_text(cell))
        else:
            parts.append((b.raw_marker + " " if b.raw_marker else "") + b.text.replace("**", ""))
    return "\n".join(parts)


def check_nothing_dropped(txt: str, blocks: list[Block]) -> None:
    """Every word of the .txt (tags and list markers aside) must survive parsing."""
    def words(s: str) -> list[str]:
        s = re.sub(r"<[^>]+>", " ", s).replace("**", " ")
        return sorted(w for w in re.split(r"[\s\u00a0\t•■]+", s) if w and w not in ("-",))
    a, b = words(txt), words(plain_text(blocks))
    if a != b:
        from collections import Counter
        ca, cb = Counter(a), Counter(b)
        raise SystemExit(f"parser lost/added words: missing={list((ca - cb).elements())[:20]} "
                         f"extra={list((cb - ca).elements())[:20]}")


# --------------------------------------------------------------------------------------------
# 2. Per-sample "house styles" (the variety the loaders must cope with)
# --------------------------------------------------------------------------------------------

@dataclass
class Profile:
    font: str = "Amiri"
    latin_font: str = "Amiri"
    size: float = 14
    page: str = "A4"                  # A4 | A4L (landscape) | A5
    justify_min: int = 150            # paragraphs at least this long are justified (jc=both)
    right_jc: str | None = None       # None: no w:jc (start = right in an RTL paragraph); "left"
    manual_dash_lists: bool = False   # "- " typed by hand instead of Word numbering
    footer: str = "page"              # page | page_of | bare
    heading_color: str = "1F3864"
    table_style: str = "Table Grid"
    author: str = "Utilisateur"
    charts: bool = False
    tagged_pdf: bool = False
    ltr_number_tables: tuple = ()     # indexes of tables whose numeric cells are LTR paragraphs
    cant_split_tables: tuple = ()     # indexes of tables whose rows may not break across pages
    title_style: str = "Heading 1"    # style of the document's first heading ("Title" in some)


PROFILES = {
    "000": Profile(font="Amiri", size=14, footer="page", title_style="Title"),
    "001": Profile(font="Noto Naskh Arabic", latin_font="Noto Serif", size=13, footer="bare",
                   heading_color="2E5E3E", tagged_pdf=True),
    "002": Profile(font="Amiri", size=14, justify_min=400, right_jc="left", footer="page"),
    "003": Profile(font="Noto Naskh Arabic", latin_font="Noto Serif", size=14, page="A4L",
                   manual_dash_lists=True, footer="bare", heading_color="7B2C1E", title_style="Title"),
    # table 0: numeric cells as LTR paragraphs (as if pasted from Excel); table 1: typed in RTL cells
    "004": Profile(font="Amiri", size=14, page="A5", footer="page_of", charts=True, ltr_number_tables=(0,),
                   cant_split_tables=(0, 1)),
}


# --------------------------------------------------------------------------------------------
# 3. DOCX writer (python-docx + raw OOXML where python-docx has no API)
# --------------------------------------------------------------------------------------------

PPR_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                  "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                  "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                  "w:rPr", "w:sectPr", "w:pPrChange")
RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
             "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
             "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
             "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
             "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
             "w:specVanish", "w:oMath")
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
               "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
               "w:tblCaption", "w:tblDescription")


def _el(tag: str, **attrs) -> OxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn("w:" + k), str(v))
    return e


def _set_ordered(parent, child, order) -> None:
    """Replace/insert ``child`` in ``parent`` respecting the OOXML sequence ``order``."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    name = "w:" + tag.split("}")[1]
    pos = order.index(name)
    later = {qn(t) for t in order[pos + 1:]}
    for i, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(i, child)
            return
    parent.append(child)


def _rpr(rPr, font: str, latin_font: str, size: float | None, bold: bool, rtl: bool,
         color: str | None = None) -> None:
    _set_ordered(rPr, _el("w:rFonts", ascii=latin_font, hAnsi=latin_font, cs=font, eastAsia=latin_font),
                 RPR_ORDER)
    if bold:
        _set_ordered(rPr, _el("w:b"), RPR_ORDER)
        _set_ordered(rPr, _el("w:bCs"), RPR_ORDER)
    if color:
        _set_ordered(rPr, _el("w:color", val=color), RPR_ORDER)
    if size:
        _set_ordered(rPr, _el("w:sz", val=int(size * 2)), RPR_ORDER)
        _set_ordered(rPr, _el("w:szCs", val=int(size * 2)), RPR_ORDER)
    if rtl:
        _set_ordered(rPr, _el("w:rtl"), RPR_ORDER)
    _set_ordered(rPr, _el("w:lang", val="fr-FR", bidi="ar-MA"), RPR_ORDER)


def _script_segments(line: str):
    """Split a line into (text, is_latin) the way Word stores text typed with two keyboards."""
    pos = 0
    for m in LATIN_RUN.finditer(line):
        if m.start() > pos:
            yield line[pos:m.start()], False
        yield m.group(0), True
        pos = m.end()
    if pos < len(line):
        yield line[pos:], False


class DocxWriter:
    def __init__(self, prof: Profile, title: str):
        self.p = prof
        self.doc = Document()
        self._abstract: dict[tuple, int] = {}
        self._list_state: tuple | None = None   # (marker, fmt, next_number, numId)
        self._n_tables = 0
        self._setup_page()
        self._setup_styles()
        self._setup_footer()
        cp = self.doc.core_properties
        cp.title = title
        cp.author = prof.author
        cp.last_modified_by = prof.author
        cp.created = FIXED_DATE
        cp.modified = FIXED_DATE
        cp.revision = 3
        cp.language = "ar-MA"

    # -- document setup -------------------------------------------------------------------
    def _setup_page(self) -> None:
        sec = self.doc.sections[0]
        if self.p.page == "A5":
            sec.page_width, sec.page_height = Cm(14.8), Cm(21.0)
            sec.left_margin = sec.right_margin = Cm(1.5)
            sec.top_margin = sec.bottom_margin = Cm(1.8)
        elif self.p.page == "A4L":
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
            sec.left_margin = sec.right_margin = Cm(2.0)
            sec.top_margin = sec.bottom_margin = Cm(2.0)
        else:
            sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
            sec.left_margin = sec.right_margin = Cm(2.0)
            sec.top_margin = sec.bottom_margin = Cm(2.5)
        sectPr = sec._sectPr
        # <w:bidi/> in sectPr: right-to-left section (page gutter/columns mirrored).
        order = ("w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar", "w:paperSrc",
                 "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign",
                 "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                 "w:docGrid", "w:printerSettings", "w:sectPrChange")
        _set_ordered(sectPr, _el("w:bidi"), order)

    def _style_fonts(self, style, size, bold=False, color=None, jc=None, space_before=None,
                     space_after=None, keep_next=False) -> None:
        el = style.element
        rPr = el.get_or_add_rPr()
        for old in rPr.findall(qn("w:rFonts")):
            rPr.remove(old)
        for tag in ("w:color", "w:b", "w:bCs", "w:i", "w:iCs"):
            for old in rPr.findall(qn(tag)):
                rPr.remove(old)
        _rpr(rPr, self.p.font, self.p.latin_font, size, bold, rtl=False, color=color)
        pPr = el.get_or_add_pPr()
        pPr.insert_element_before(_el("w:bidi"), *PPR_AFTER_BIDI) if pPr.find(qn("w:bidi")) is None else None
        pf = style.paragraph_format
        if jc is not None:
            pf.alignment = jc
        if space_before is not None:
            pf.space_before = Pt(space_before)
        if space_after is not None:
            pf.space_after = Pt(space_after)
        if keep_next:
            pf.keep_with_next = True

    def _setup_styles(self) -> None:
        st = self.doc.styles
        # document defaults: complex-script font/size/language for everything
        rpr_default = self.doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in list(rpr_default):
            if old.tag in (qn("w:rFonts"), qn("w:lang"), qn("w:sz"), qn("w:szCs")):
                rpr_default.remove(old)
        _rpr(rpr_default, self.p.font, self.p.latin_font, self.p.size, False, rtl=False)
        s = self.p.size
        self._style_fonts(st["Normal"], s, space_after=6)
        st["Normal"].paragraph_format.line_spacing = 1.15
        col = self.p.heading_color
        self._style_fonts(st["Title"], s + 6, bold=True, color=col, jc=WD_ALIGN_PARAGRAPH.CENTER,
                          space_after=12)
        self._style_fonts(st["Subtitle"], s + 1, color="404040", jc=WD_ALIGN_PARAGRAPH.CENTER)
        self._style_fonts(st["Heading 1"], s + 5, bold=True, color=col, space_before=12, space_after=8,
                          keep_next=True)
        self._style_fonts(st["Heading 2"], s + 2, bold=True, color=col, space_before=12, space_after=6,
                          keep_next=True)
        self._style_fonts(st["Heading 3"], s + 1, bold=True, color="404040", space_before=8,
                          space_after=4, keep_next=True)
        self._style_fonts(st["Caption"], s - 1, bold=True, color="1F1F1F", jc=WD_ALIGN_PARAGRAPH.CENTER,
                          space_before=6, space_after=6, keep_next=True)
        self._style_fonts(st["List Paragraph"], s, space_after=3)
        self._style_fonts(st[self.p.table_style], s - 2)
        for name in ("Header", "Footer"):
            with contextlib.suppress(KeyError):
                self._style_fonts(st[name], s - 3, jc=WD_ALIGN_PARAGRAPH.CENTER)

    def _setup_footer(self) -> None:
        ftr = self.doc.sections[0].footer
        p = ftr.paragraphs[0]
        pPr = p._p.get_or_add_pPr()
        pPr.insert_element_before(_el("w:bidi"), *PPR_AFTER_BIDI)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.p.footer in ("page", "page_of"):
            self._add_runs(p, "الصفحة ", size=self.p.size - 3)
        self._field(p, "PAGE")
        if self.p.footer == "page_of":
            self._add_runs(p, " من ", size=self.p.size - 3)
            self._field(p, "NUMPAGES")

    def _field(self, p, instr: str) -> None:
        fld = _el("w:fldSimple", instr=f" {instr} ")
        r = OxmlElement("w:r")
        rPr = OxmlElement("w:rPr")
        _rpr(rPr, self.p.font, self.p.latin_font, self.p.size - 3, False, rtl=True)
        r.append(rPr)
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)

    # -- numbering ----------------------------------------------------------------------------
    def _abstract_num(self, list_type: str, marker: str, fmt: str) -> int:
        key = (list_type, marker, fmt)
        if key in self._abstract:
            return self._abstract[key]
        numbering = self.doc.part.numbering_part.element
        existing = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        aid = max(existing + [0]) + 1
        a = _el("w:abstractNum", abstractNumId=aid)
        a.append(_el("w:multiLevelType", val="hybridMultilevel"))
        lvl = _el("w:lvl", ilvl=0)
        lvl.append(_el("w:start", val=1))
        lvl.append(_el("w:numFmt", val="bullet" if list_type == "bullet" else fmt))
        lvl.append(_el("w:lvlText", val=marker))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = OxmlElement("w:pPr")
        ppr.append(_el("w:ind", left=567 if list_type == "bullet" else 709, hanging=357))
        lvl.append(ppr)
        rpr = OxmlElement("w:rPr")
        f = self.p.font if list_type == "number" else ("Noto Sans Symbols2" if marker == "■" else self.p.font)
        rpr.append(_el("w:rFonts", ascii=f, hAnsi=f, cs=f, hint="default"))
        lvl.append(rpr)
        a.append(lvl)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(a)
        else:
            numbering.append(a)
        self._abstract[key] = aid
        return aid

    def _num_for(self, b: Block) -> int:
        marker = b.marker
        fmt = b.num_fmt
        st = self._list_state
        if st and st[0] == (b.list_type, marker, fmt) and (b.list_type == "bullet" or st[1] == b.number):
            self._list_state = (st[0], b.number + 1, st[2])
            return st[2]
        aid = self._abstract_num(b.list_type, marker, fmt)
        numbering = self.doc.part.numbering_part.element
        num = numbering.add_num(aid)
        if b.list_type == "number" and b.number != 1:
            ov = _el("w:lvlOverride", ilvl=0)
            ov.append(_el("w:startOverride", val=b.number))
            num.append(ov)
        num_id = int(num.get(qn("w:numId")))
        self._list_state = ((b.list_type, marker, fmt), b.number + 1, num_id)
        return num_id

    # -- content ------------------------------------------------------------------------------
    def _add_runs(self, p, text: str, bold: bool = False, size: float | None = None,
                  rtl: bool = True) -> None:
        first_line = True
        for line in text.split("\n"):
            if not first_line:
                r = p.add_run()
                r.add_break(WD_BREAK.LINE)
            first_line = False
            bold_now = bold
            for piece in re.split(r"(\*\*)", line):
                if piece == "**":
                    bold_now = not bold_now
                    continue
                for seg, latin in _script_segments(piece):
                    if not seg:
                        continue
                    r = p.add_run(seg)
                    _rpr(r._r.get_or_add_rPr(), self.p.font, self.p.latin_font, size, bold_now,
                         rtl=rtl and not latin)

    def _para(self, container, text: str, style: str | None = None, jc: str | None = "auto",
              bold: bool = False, size: float | None = None, rtl: bool = True):
        p = container.add_paragraph(style=style)
        pPr = p._p.get_or_add_pPr()
        # Normal style is RTL too, so an LTR paragraph needs an explicit <w:bidi w:val="0"/>
        pPr.insert_element_before(_el("w:bidi") if rtl else _el("w:bidi", val=0), *PPR_AFTER_BIDI)
        if jc == "auto":
            if len(text) >= self.p.justify_min and "\n" not in text:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY         # <w:jc w:val="both"/>
            elif self.p.right_jc:
                _set_ordered(pPr, _el("w:jc", val=self.p.right_jc), PPR_ORDER_FULL)
        elif jc == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif jc == "both":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        self._add_runs(p, text, bold=bold, size=size, rtl=rtl)
        return p

    def _item(self, container, b: Block):
        if self.p.manual_dash_lists and b.list_type == "bullet" and b.marker == "-":
            # typed by hand: "- text", no Word numbering
            p = self._para(container, "- " + b.text, style="List Paragraph")
            self._list_state = None
            return p
        num_id = self._num_for(b)
        p = self._para(container, b.text, style="List Paragraph",
                       jc="auto" if len(b.text) >= self.p.justify_min else None)
        numPr = p._p.get_or_add_pPr().get_or_add_numPr()
        numPr.get_or_add_ilvl().val = 0
        numPr.get_or_add_numId().val = num_id
        return p

    def add_blocks(self, blocks: list[Block], pads: dict[int, float] | None = None) -> None:
        pads = pads or {}
        for i, b in enumerate(blocks):
            if b.kind != "item":
                self._list_state = None
            if b.kind == "title":
                p = self._para(self.doc, b.text, style=self.p.title_style, jc=None)
                if self.p.title_style != "Title":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.kind == "subtitle":
                self._para(self.doc, b.text, style="Subtitle", jc=None)
            elif b.kind == "heading":
                self._para(self.doc, b.text, style=f"Heading {b.level}", jc=None)
            elif b.kind == "caption":
                p = self._para(self.doc, b.text, style="Caption", jc=None)
                if i in pads:
                    p.paragraph_format.space_before = Pt(pads[i])
            elif b.kind == "para":
                self._para(self.doc, b.text)
            elif b.kind == "item":
                self._item(self.doc, b)
            elif b.kind == "table":
                self._table(b, ltr_numbers=self._n_tables in self.p.ltr_number_tables,
                            cant_split=self._n_tables in self.p.cant_split_tables)
                self._n_tables += 1
            elif b.kind == "chart":
                self._chart(b)
            elif b.kind == "pagebreak":
                self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _table(self, b: Block, ltr_numbers: bool = False, cant_split: bool = False) -> None:
        ncols = max(len(r) for r in b.rows)
        rows = [r + [[] for _ in range(ncols - len(r))] for r in b.rows]
        t = self.doc.add_table(rows=len(rows), cols=ncols)
        t.style = self.doc.styles[self.p.table_style]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        tblPr = t._tbl.tblPr
        _set_ordered(tblPr, _el("w:bidiVisual"), TBLPR_ORDER)          # right-to-left table
        _set_ordered(tblPr, _el("w:tblW", w=5000, type="pct"), TBLPR_ORDER)
        borders = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el("w:" + side, val="single", sz=6 if side.startswith("inside") else 8,
                               space=0, color="000000"))
        _set_ordered(tblPr, borders, TBLPR_ORDER)
        # column widths from content length
        sec = self.doc.sections[-1]
        avail = sec.page_width - sec.left_margin - sec.right_margin
        weights = []
        for c in range(ncols):
            longest = max((len(plain_text(r[c])) for r in rows), default=10)
            weights.append(min(max(longest, 12), 120))
        tot = sum(weights)
        widths = [Emu(int(avail * w / tot)) for w in weights]
        for ci, col in enumerate(t.columns):
            col.width = widths[ci]
        for ri, row in enumerate(rows):
            tr = t.rows[ri]
            is_header = ri < b.header_rows
            if cant_split:
                tr._tr.get_or_add_trPr().append(_el("w:cantSplit"))   # row may not break over pages
            if is_header:
                trPr = tr._tr.get_or_add_trPr()
                trPr.append(_el("w:tblHeader"))                   # repeat as header row on each page
            for ci, cell_blocks in enumerate(row):
                cell = tr.cells[ci]
                cell.width = widths[ci]
                if is_header:
                    tcPr = cell._tc.get_or_add_tcPr()
                    tcPr.append(_el("w:shd", val="clear", color="auto", fill="D9E2F3"))
                cell._tc.remove(cell.paragraphs[0]._p)
                if not cell_blocks:
                    self._para(cell, "", jc=None)
                self._list_state = None
                for cb in cell_blocks:
                    numeric = cb.kind == "para" and NUMERIC_CELL.match(cb.text or "x")
                    if cb.kind == "item":
                        self._item(cell, cb)
                    else:
                        self._para(cell, cb.text, jc="center" if (is_header or numeric) else
                                   ("both" if len(cb.text) >= self.p.justify_min else None),
                                   bold=is_header, rtl=not (numeric and ltr_numbers))
        self._list_state = None
        # Word needs a paragraph between two tables; ministries also leave one after a table.
        self._para(self.doc, "", jc=None)

    def _chart(self, b: Block) -> None:
        png = _bar_chart_png(seed=b.number)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(io.BytesIO(png), width=Cm(8))

    def save(self, path: Path) -> None:
        buf = io.BytesIO()
        self.doc.save(buf)
        _write_deterministic_zip(buf.getvalue(), path)


PPR_ORDER_FULL = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
                  "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
                  "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi") + PPR_AFTER_BIDI


def _write_deterministic_zip(data: bytes, path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))


def _bar_chart_png(seed: int) -> bytes:
    """A small label-free bar chart (ministry reports are full of them)."""
    from PIL import Image, ImageDraw
    w, h = 480, 260
    im = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    values = [[65, 25, 10, 10], [45, 14, 10, 11], [16, 10, 13, 5], [54, 21, 34, 20]][(seed - 1) % 4]
    colors = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000"]
    d.line([(40, 20), (40, h - 30), (w - 20, h - 30)], fill="black", width=2)
    bw = (w - 80) // (len(values) * 2)
    top = max(values)
    for i, v in enumerate(values):
        x0 = 60 + i * 2 * bw
        y0 = h - 30 - int((h - 60) * v / top)
        d.rectangle([x0, y0, x0 + bw, h - 31], fill=colors[i % len(colors)])
    out = io.BytesIO()
    im.convert("P", palette=Image.ADAPTIVE, colors=8).save(out, "PNG", optimize=True)
    return out.getvalue()


def add_chart_blocks(blocks: list[Block]) -> list[Block]:
    """After each 'المبيان رقم NN' caption, insert a chart picture (the .txt lost the images)."""
    out = []
    for b in blocks:
        out.append(b)
        if b.kind == "caption" and b.text.startswith("المبيان"):
            m = re.search(r"(\d+)", b.text)
            out.append(Block("chart", number=int(m.group(1)) if m else 1))
    return out


def build_docx(blocks: list[Block], prof: Profile, out: Path, pads: dict[int, float] | None = None) -> None:
    title = next((b.text for b in blocks if b.kind == "title"), "تقرير")
    w = DocxWriter(prof, title)
    w.add_blocks(blocks, pads)
    w.save(out)


# --------------------------------------------------------------------------------------------
# 4. External converters: LibreOffice, Chromium, pdftoppm, qpdf
# --------------------------------------------------------------------------------------------

def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        sys.exit(f"make_fixtures: '{tool}' not found; run scripts/install_fixture_tools.sh")
    return path


def normalize_pdf_dates(path: Path) -> None:
    """Make LibreOffice/Chromium output reproducible: rewrite /CreationDate, /ModDate and the
    trailer /ID in place with values of the SAME length (xref offsets stay valid)."""
    data = path.read_bytes()
    stamp = FIXED_DATE.strftime("%Y%m%d%H%M%S").encode()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", lambda m: m.group(1) + stamp, data)
    data = re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)", lambda m: m.group(1) + b"0" * len(m.group(2)), data)
    ids = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", data)
    if ids:
        blank = data[: ids.start(1)] + b"0" * len(ids.group(1)) + data[ids.end(1): ids.start(2)] + \
            b"0" * len(ids.group(2)) + data[ids.end(2):]
        digest = hashlib.md5(blank).hexdigest().upper().encode()
        new1 = (digest * 4)[: len(ids.group(1))]
        new2 = (digest * 4)[: len(ids.group(2))]
        data = data[: ids.start(1)] + new1 + data[ids.end(1): ids.start(2)] + new2 + data[ids.end(2):]
    path.write_bytes(data)


def soffice_to_pdf(docx_paths: list[Path], outdir: Path, tagged: bool = False) -> None:
    soffice = _need("soffice")
    profile = Path(tempfile.gettempdir()) / "taqrir_lo_profile"
    filt = "pdf"
    if tagged:
        filt = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(FIXED_DATE.timestamp())))
    _run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
          "--convert-to", filt, "--outdir", str(outdir), *map(str, docx_paths)], env=env, timeout=600)
    for p in docx_paths:
        if not (outdir / (p.stem + ".pdf")).exists():
            raise RuntimeError(f"LibreOffice did not produce a PDF for {p}")
        normalize_pdf_dates(outdir / (p.stem + ".pdf"))


def chromium_print(html_path: Path, pdf_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or _need("chromium")
    with tempfile.TemporaryDirectory() as prof:
        _run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              f"--user-data-dir={prof}", f"--print-to-pdf={pdf_path}", "--no-pdf-header-footer",
              html_path.resolve().as_uri()], timeout=180)
    if not pdf_path.exists():
        raise RuntimeError("chromium produced no PDF")
    normalize_pdf_dates(pdf_path)


# --------------------------------------------------------------------------------------------
# 5. HTML page (for the Chromium PDFs and as an HTML fixture)
# --------------------------------------------------------------------------------------------

HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  @page {{ size: A4; margin: 18mm 16mm 20mm 16mm; }}
  body {{ font-family: "{font}", "Noto Naskh Arabic", "Amiri", serif; font-size: 15px; line-height: 1.7;
          color: #222; margin: 0; background: #fff; }}
  .site-header {{ background: #0b5a3c; color: #fff; padding: 10px 24px; }}
  .site-header .brand {{ font-size: 20px; font-weight: bold; }}
  nav.main-menu ul {{ list-style: none; margin: 0; padding: 6px 24px; background: #e9f1ec; display: flex; gap: 22px; }}
  nav.main-menu a {{ color: #0b5a3c; text-decoration: none; }}
  .breadcrumb {{ font-size: 13px; color: #666; padding: 8px 24px; }}
  main {{ padding: 0 24px 24px; }}
  article h1 {{ font-size: 24px; color: #0b5a3c; }}
  article h2 {{ font-size: 19px; color: #0b5a3c; border-bottom: 1px solid #cfd8d3; }}
  article h3 {{ font-size: 17px; }}
  article p {{ margin: 0 0 10px; }}
  article p.justify {{ text-align: justify; }}
  p.caption {{ text-align: center; font-weight: bold; }}
  p.date {{ color: #555; text-align: center; }}
  table {{ border-collapse: collapse; width: 100%; margin: 12px 0; }}
  th, td {{ border: 1px solid #333; padding: 6px 8px; vertical-align: top; }}
  th {{ background: #d9e2f3; }}
  td.num {{ text-align: center; white-space: nowrap; }}
  thead {{ display: table-header-group; }}
  tr {{ break-inside: avoid; }}
  .share {{ margin: 16px 0; }}
  .share a {{ margin-left: 12px; }}
  footer.site-footer {{ border-top: 2px solid #0b5a3c; padding: 10px 24px; font-size: 13px; color: #444; }}
  @media print {{
    nav.main-menu, .breadcrumb, .share, footer .links {{ display: none; }}
    .site-header {{ background: none; color: #0b5a3c; border-bottom: 2px solid #0b5a3c; }}
  }}
</style>
</head>
<body>
<header class="site-header">
  <div class="brand">البوابة الإلكترونية للتقارير</div>
</header>
<nav class="main-menu" aria-label="القائمة الرئيسية">
  <ul>
    <li><a href="#">الرئيسية</a></li>
    <li><a href="#">من نحن</a></li>
    <li><a href="#">المستجدات</a></li>
    <li><a href="#">المنشورات</a></li>
    <li><a href="#">الشراكات</a></li>
    <li><a href="#">اتصل بنا</a></li>
  </ul>
</nav>
<div class="breadcrumb"><a href="#">الرئيسية</a> &rsaquo; <a href="#">المنشورات</a> &rsaquo; التقارير</div>
<main>
<article>
{content}
</article>
<div class="share">مشاركة:
  <a href="#" class="share-facebook">Facebook</a>
  <a href="#" class="share-x">X</a>
  <a href="#" class="share-linkedin">LinkedIn</a>
  <a href="#" class="share-whatsapp">WhatsApp</a>
</div>
</main>
<footer class="site-footer">
  <div class="links"><a href="#">خريطة الموقع</a> | <a href="#">شروط الاستعمال</a> | <a href="#">اتصل بنا</a></div>
  <div class="copyright">© جميع الحقوق محفوظة</div>
</footer>
</body>
</html>
"""

HTML_BOILERPLATE_PRINTED = ["البوابة الإلكترونية للتقارير", "© جميع الحقوق محفوظة"]


def _inline_html(text: str) -> str:
    out = []
    for li, line in enumerate(text.split("\n")):
        if li:
            out.append("<br>\n")
        bold = False
        for piece in re.split(r"(\*\*)", line):
            if piece == "**":
                out.append("</strong>" if bold else "<strong>")
                bold = not bold
                continue
            out.append(htmlmod.escape(piece, quote=False))
        if bold:
            out.append("</strong>")
    return "".join(out)


def blocks_to_html(blocks: list[Block]) -> str:
    out: list[str] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "item":
            if b.list_type == "bullet":
                out.append("<ul>")
                while i < len(blocks) and blocks[i].kind == "item" and blocks[i].list_type == "bullet":
                    out.append(f"  <li>{_inline_html(blocks[i].text)}</li>")
                    i += 1
                out.append("</ul>")
            else:   # numbered items pasted from Word keep their typed numbers
                while i < len(blocks) and blocks[i].kind == "item" and blocks[i].list_type == "number":
                    out.append(f"<p>{htmlmod.escape(blocks[i].raw_marker)} {_inline_html(blocks[i].text)}</p>")
                    i += 1
            continue
        if b.kind == "title":
            out.append(f"<h1>{_inline_html(b.text)}</h1>")
        elif b.kind == "subtitle":
            out.append(f'<p class="date">{_inline_html(b.text)}</p>')
        elif b.kind == "heading":
            out.append(f"<h{b.level}>{_inline_html(b.text)}</h{b.level}>")
        elif b.kind == "caption":
            out.append(f'<p class="caption">{_inline_html(b.text)}</p>')
        elif b.kind == "para":
            cls = ' class="justify"' if len(b.text) >= 150 and "\n" not in b.text else ""
            out.append(f"<p{cls}>{_inline_html(b.text)}</p>")
        elif b.kind == "table":
            out.append("<table>")
            rows = b.rows
            if b.header_rows:
                out.append("<thead>")
                for row in rows[: b.header_rows]:
                    out.append("<tr>" + "".join(f"<th>{_cell_html(c)}</th>" for c in row) + "</tr>")
                out.append("</thead>")
            out.append("<tbody>")
            for row in rows[b.header_rows:]:
                cells = []
                for c in row:
                    num = len(c) == 1 and c[0].kind == "para" and NUMERIC_CELL.match(c[0].text)
                    cells.append(f'<td{" class=num" if num else ""}>{_cell_html(c)}</td>')
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</tbody></table>")
        i += 1
    return "\n".join(out)


def _cell_html(cell: list[Block]) -> str:
    if len(cell) == 1 and cell[0].kind == "para":
        return _inline_html(cell[0].text)
    return blocks_to_html(cell)


def build_html(blocks: list[Block], prof: Profile, path: Path) -> None:
    title = next((b.text for b in blocks if b.kind == "title"), "تقرير")
    content = blocks_to_html([b for b in blocks if b.kind != "chart"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HTML_TEMPLATE.format(title=htmlmod.escape(title), font=prof.font, content=content),
                    encoding="utf-8")


# --------------------------------------------------------------------------------------------
# 6. Pre-shaped PDF (arabic-reshaper + python-bidi + reportlab), like old ministry PDFs
# --------------------------------------------------------------------------------------------

def find_font(family: str, style: str = "Regular") -> str:
    out = subprocess.run(["fc-list", f"{family}:style={style}", "file"], capture_output=True,
                         text=True).stdout.split("\n")
    files = sorted(line.split(":")[0] for line in out if line.strip())
    files = [f for f in files if f.endswith(".ttf")]
    if not files:
        sys.exit(f"make_fixtures: font {family} {style} not found (install fonts-hosny-amiri)")
    return files[0]


class ShapedPdf:
    def __init__(self, path: Path, title: str):
        import arabic_reshaper
        from bidi import get_display
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas
        self._reshape = arabic_reshaper.reshape
        self._display = get_display
        self._sw = pdfmetrics.stringWidth
        pdfmetrics.registerFont(TTFont("AmiriR", find_font("Amiri", "Regular")))
        pdfmetrics.registerFont(TTFont("AmiriB", find_font("Amiri", "Bold")))
        self.W, self.H = A4
        self.margin = 56
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor("Utilisateur")
        self.c.setCreator("Microsoft Word - rapport.doc")     # what such old PDFs typically say
        self.page = 1
        self.y = self.H - self.margin

    def visual(self, logical: str) -> str:
        return self._display(self._reshape(logical), base_dir="R")

    def width(self, logical: str, font: str, size: float) -> float:
        return self._sw(self._reshape(logical), font, size)

    def wrap(self, text: str, font: str, size: float, width: float) -> list[str]:
        lines: list[str] = []
        for src in text.split("\n"):
            words = src.split(" ")
            cur = ""
            for w in words:
                cand = (cur + " " + w) if cur else w
                if cur and self.width(cand, font, size) > width:
                    lines.append(cur)
                    cur = w
                else:
                    cur = cand
            lines.append(cur)
        return lines

    def _footer(self) -> None:
        self.c.setFont("AmiriR", 10)
        self.c.drawCentredString(self.W / 2, 28, self.visual(f"- {self.page} -"))

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = self.H - self.margin

    def ensure(self, h: float) -> None:
        if self.y - h < self.margin:
            self.new_page()

    def text_block(self, text: str, font="AmiriR", size=13.0, indent=0.0, center=False,
                   space_after=6.0, prefix: str = "") -> None:
        lead = size * 1.55
        width = self.W - 2 * self.margin - indent
        lines = self.wrap(prefix + text.replace("**", ""), font, size, width)
        for ln in lines:
            self.ensure(lead)
            self.y -= lead
            self.c.setFont(font, size)
            vis = self.visual(ln)
            if center:
                self.c.drawCentredString(self.W / 2, self.y + size * 0.35, vis)
            else:
                self.c.drawRightString(self.W - self.margin - indent, self.y + size * 0.35, vis)
        self.y -= space_after

    def table(self, b: Block, size=11.5) -> None:
        ncols = max(len(r) for r in b.rows)
        rows = [r + [[] for _ in range(ncols - len(r))] for r in b.rows]
        avail = self.W - 2 * self.margin
        weights = [min(max(max(len(plain_text(r[c])) for r in rows), 12), 120) for c in range(ncols)]
        widths = [avail * w / sum(weights) for w in weights]
        lead = size * 1.5
        pad = 4

        def cell_lines(cell, w, font):
            lines = []
            for cb in cell:
                prefix = (cb.raw_marker or "•") + " " if cb.kind == "item" else ""
                lines += self.wrap(prefix + cb.text.replace("**", ""), font, size, w - 2 * pad)
            return lines or [""]

        def draw_row(row, header):
            font = "AmiriB" if header else "AmiriR"
            laid = [cell_lines(c, widths[i], font) for i, c in enumerate(row)]
            h = max(len(x) for x in laid) * lead + 2 * pad
            x_right = self.W - self.margin
            top = self.y
            for i, lines in enumerate(laid):
                w = widths[i]
                if header:
                    self.c.setFillGray(0.85)
                    self.c.rect(x_right - w, top - h, w, h, stroke=0, fill=1)
                    self.c.setFillGray(0)
                self.c.rect(x_right - w, top - h, w, h, stroke=1, fill=0)
                self.c.setFont(font, size)
                yy = top - pad
                for ln in lines:
                    yy -= lead
                    vis = self.visual(ln)
                    if header or NUMERIC_CELL.match(ln or "x"):
                        self.c.drawCentredString(x_right - w / 2, yy + size * 0.4, vis)
                    else:
                        self.c.drawRightString(x_right - pad, yy + size * 0.4, vis)
                x_right -= w
            self.y -= h
            return h

        def row_height(row, header):
            font = "AmiriB" if header else "AmiriR"
            return max(len(cell_lines(c, widths[i], font)) for i, c in enumerate(row)) * lead + 2 * pad

        head = rows[: b.header_rows]
        self.ensure(sum(row_height(r, True) for r in head) + row_height(rows[min(len(rows) - 1, b.header_rows)], False))
        self.c.setLineWidth(0.6)
        for r in head:
            draw_row(r, True)
        for r in rows[b.header_rows:]:
            if self.y - row_height(r, False) < self.margin:
                self.new_page()
                for hr in head:                    # repeat the header row
                    draw_row(hr, True)
            draw_row(r, False)
        self.y -= 10

    def add_blocks(self, blocks: list[Block]) -> None:
        for b in blocks:
            if b.kind == "title":
                self.text_block(b.text, "AmiriB", 17, center=True, space_after=10)
            elif b.kind == "subtitle":
                self.text_block(b.text, "AmiriR", 13, center=True)
            elif b.kind == "heading":
                self.y -= 6
                self.ensure(60)
                self.text_block(b.text, "AmiriB", 14.5 if b.level <= 2 else 13.5)
            elif b.kind == "caption":
                self.ensure(80)
                self.text_block(b.text, "AmiriB", 12.5, center=True)
            elif b.kind == "para":
                self.text_block(b.text)
            elif b.kind == "item":
                marker = b.raw_marker or "•"
                self.text_block(b.text, indent=14, prefix=marker + " ", space_after=3)
            elif b.kind == "table":
                self.table(b)

    def save(self) -> None:
        self._footer()
        self.c.save()


# --------------------------------------------------------------------------------------------
# 7. Inspection (facts for the manifest / README)
# --------------------------------------------------------------------------------------------

PF_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _is_pf(ch: str) -> bool:
    return any(lo <= ord(c) <= hi for c in ch for lo, hi in PF_RANGES)


def pdf_fonts(path: Path) -> list[str]:
    try:
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, timeout=60).stdout
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return []
    names = []
    for line in out.splitlines()[2:]:
        if line.strip():
            name = line.split()[0]
            name = name.split("+", 1)[-1]
            if name not in names:
                names.append(name)
    return names


def inspect_pdf(path: Path, tables: bool = True, password: str | None = None) -> dict:
    import pdfplumber
    import pypdfium2 as pdfium
    info: dict = {"file": str(path), "bytes": path.stat().st_size}
    try:
        doc = pdfium.PdfDocument(str(path))
        info["pages"] = len(doc)
        doc.close()
    except Exception as exc:   # broken fixtures
        info["pages"] = None
        info["pdfium_error"] = type(exc).__name__ + ": " + str(exc)[:80]
        if password:
            try:
                doc = pdfium.PdfDocument(str(path), password=password)
                info["pages_with_password"] = len(doc)
                doc.close()
            except Exception:
                pass
        return info
    n_chars = n_pf = n_cid = n_flush = 0
    table_pages: list[dict] = []
    with pdfplumber.open(str(path)) as pdf:
        for pno, page in enumerate(pdf.pages, 1):
            chars = page.chars
            n_chars += len(chars)
            n_pf += sum(1 for c in chars if _is_pf(c["text"]))
            n_cid += sum(1 for c in chars if c["text"].startswith("(cid:"))
            n_flush += _flush_lines(page)
            if tables:
                for t in page.find_tables():
                    rows = t.extract()
                    table_pages.append({"page": pno, "rows": len(rows), "cols": len(rows[0]) if rows else 0,
                                        "second_row_full": len(rows) > 1 and all((c or "").strip() for c in rows[1]),
                                        "top": round(t.bbox[1]), "bottom": round(t.bbox[3]),
                                        "page_height": round(page.height),
                                        "first_row": [(c or "").replace("\n", " ")[:40] for c in rows[0]] if rows else []})
    info.update(chars=n_chars, presentation_form_chars=n_pf, cid_chars=n_cid, fonts=pdf_fonts(path),
                lines_flush_both_margins=n_flush)
    if tables:
        info["tables"] = table_pages
        info["tables_found"] = len(table_pages)
        info["table_breaks"] = _table_breaks(table_pages)
    return info


def _flush_lines(page) -> int:
    """Text lines touching both the left and the right text margin (justified paragraphs)."""
    try:
        lines = [ln for ln in page.extract_text_lines(return_chars=False) if len(ln["text"]) > 30]
    except Exception:
        return 0
    if not lines:
        return 0
    left = min(ln["x0"] for ln in lines)
    right = max(ln["x1"] for ln in lines)
    return sum(1 for ln in lines if ln["x0"] - left < 1.5 and right - ln["x1"] < 1.5)


def _table_breaks(tables: list[dict]) -> list[dict]:
    """A table piece near the bottom of page k followed by one at the top of page k+1."""
    # a 1-column "table" covering the whole page is the page frame (header/footer rules), skip it
    tables = [t for t in tables if not (t["cols"] <= 1 and t["bottom"] - t["top"] > 0.8 * t["page_height"])]
    breaks = []
    for a, b in zip(tables, tables[1:], strict=False):
        if b["page"] == a["page"] + 1 and a["bottom"] > a["page_height"] * 0.72 and b["top"] < b["page_height"] * 0.25:
            breaks.append({"from_page": a["page"], "to_page": b["page"], "rows_before": a["rows"],
                           "rows_after": b["rows"], "header_repeated": a["first_row"] == b["first_row"],
                           # False when a row was split: its continuation has empty cells
                           "breaks_between_rows": bool(b.get("second_row_full"))})
    return breaks


def docx_facts(path: Path) -> dict:
    d = Document(str(path))
    body = d.element.body
    return {"file": str(path), "bytes": path.stat().st_size, "tables": len(d.tables),
            "paragraphs": len(d.paragraphs),
            "bidi_paragraphs": len(body.findall(".//" + qn("w:bidi"))),
            "justified_paragraphs": sum(1 for j in body.iter(qn("w:jc")) if j.get(qn("w:val")) == "both"),
            "header_rows": len(body.findall(".//" + qn("w:tblHeader"))),
            "numbered_paragraphs": len(body.findall(".//" + qn("w:numPr")))}


# --------------------------------------------------------------------------------------------
# 8. Orchestration
# --------------------------------------------------------------------------------------------

CHROMIUM_SAMPLES = ("000", "002", "004")
SHAPED_SAMPLES = ("004", "001")
SCANNED_SAMPLE = "004"
BREAK_SAMPLE = "004"
BREAK_HINT = (1, 120.0)     # (which "الجدول" caption, points of space before it)


def stem_of(p: Path) -> str:
    m = re.match(r"^(\d{3})_([0-9a-f]+)", p.stem)
    return f"{m.group(1)}_{m.group(2)}" if m else p.stem


def load_samples(reports: Path) -> list[tuple[str, str, list[Block]]]:
    out = []
    for p in sorted(reports.glob("*.txt")):
        txt = p.read_text(encoding="utf-8")
        blocks = parse_report(txt)
        check_nothing_dropped(txt, blocks)
        out.append((stem_of(p), txt, blocks))
    if not out:
        sys.exit(f"make_fixtures: no .txt reports in {reports}")
    return out


def make_break_docx(blocks, prof, stem, tmp: Path, pdf_out: Path, docx_out: Path) -> dict:
    """Add space before one table's caption until LibreOffice breaks that table over two pages."""
    caps = [i for i, b in enumerate(blocks) if b.kind == "caption" and b.text.startswith("الجدول")]
    # Known answer first (measured with LibreOffice 7.4: 120 pt before the 2nd table's caption),
    # then a search, so another LibreOffice version still gets a table broken over two pages.
    tries = [(caps[BREAK_HINT[0]], BREAK_HINT[1])] if len(caps) > BREAK_HINT[0] else []
    tries += [(ci, float(pad)) for pad in range(0, 480, 12) for ci in (caps if pad else caps[:1])]
    for ci, pad in tries:
        pads = {ci: pad} if pad else {}
        d = tmp / f"{stem}.docx"
        build_docx(blocks, prof, d, pads)
        soffice_to_pdf([d], tmp, prof.tagged_pdf)
        info = inspect_pdf(tmp / f"{stem}.pdf")
        good = [b for b in info["table_breaks"] if b["header_repeated"] and b["breaks_between_rows"]
                and b["rows_before"] >= 2 and b["rows_after"] >= 2]
        if good:
            shutil.copy(d, docx_out)
            shutil.copy(tmp / f"{stem}.pdf", pdf_out)
            return {"caption_index": ci, "space_before_pt": pad, "break": good[0]}
    raise RuntimeError(f"could not make a table of {stem} break across pages")


def make_shaped(blocks, stem, path: Path) -> None:
    title = next((b.text for b in blocks if b.kind == "title"), "تقرير")
    sp = ShapedPdf(path, title)
    sp.add_blocks([b for b in blocks if b.kind != "chart"])
    sp.save()


def make_scanned(src_pdf: Path, out: Path, pages: int = 2, dpi: int = 150) -> None:
    from PIL import Image
    _need("pdftoppm")
    with tempfile.TemporaryDirectory() as td:
        _run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", str(pages), "-png", str(src_pdf),
              f"{td}/pg"])
        imgs = [Image.open(p).convert("L") for p in sorted(Path(td).glob("pg*.png"))]
        # Slight noise-free "scanner" look: threshold light greys to white, keep 8-bit grayscale.
        imgs = [im.point(lambda v: 255 if v > 235 else v) for im in imgs]
        imgs[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=imgs[1:],
                     title="scan", author="Canon iR-ADV", creationDate=FIXED_STRUCT, modDate=FIXED_STRUCT,
                     quality=60)


def make_broken(out: Path, good_pdf: Path, good_docx: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    data = good_pdf.read_bytes()
    (out / "truncated.pdf").write_bytes(data[: len(data) // 2])
    # a PNG under a .pdf name
    _run(["pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", "-png", "-singlefile", str(good_pdf),
          str(out / "_page")])
    (out / "_page.png").rename(out / "image_named.pdf")
    # encrypted with a user password (qpdf, AES-128, R4); password is "taqrir"
    enc = out / "encrypted.pdf"
    if shutil.which("qpdf"):
        _run(["qpdf", "--static-id", "--static-aes-iv", "--encrypt", "taqrir", "taqrir-owner", "128", "--use-aes=y", "--", str(good_pdf), str(enc)])
    else:
        from pypdf import PdfReader, PdfWriter
        w = PdfWriter(clone_from=PdfReader(str(good_pdf)))
        w.encrypt("taqrir", "taqrir-owner", algorithm="AES-256")
        with open(enc, "wb") as fh:
            w.write(fh)
    (out / "empty.pdf").write_bytes(b"")
    (out / "not_a_docx.docx").write_text(
        "هذا ملف نصي عادي وليس وثيقة وورد.\nThis is a plain text file renamed to .docx.\n", encoding="utf-8")
    d = good_docx.read_bytes()
    (out / "truncated.docx").write_bytes(d[: len(d) // 2])


def make_big(samples, out_pdf: Path, min_pages: int = 120) -> dict:
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    unit: list[Block] = []
    for _stem, _txt, blocks in samples:
        unit += [b for b in blocks if b.kind != "chart"] + [Block("pagebreak")]
    prof = Profile(font="Amiri", size=13, footer="page_of")
    rounds = 12
    with tempfile.TemporaryDirectory() as td:
        tdp = Path(td)
        for _attempt in range(4):
            docx = tdp / (out_pdf.stem + ".docx")
            build_docx(unit * rounds, prof, docx)
            soffice_to_pdf([docx], tdp)
            import pypdfium2 as pdfium
            pages = len(pdfium.PdfDocument(str(tdp / (out_pdf.stem + ".pdf"))))
            if pages >= min_pages:
                break
            rounds = int(rounds * min_pages / max(pages, 1)) + 1
        shutil.copy(tdp / (out_pdf.stem + ".pdf"), out_pdf)
        shutil.copy(docx, out_pdf.with_suffix(".docx"))
    return {"pdf": str(out_pdf), "docx": str(out_pdf.with_suffix(".docx")), "pages": pages, "rounds": rounds}


def tool_versions() -> dict:
    v = {}
    for name, cmd in {"libreoffice": ["soffice", "--version"], "chromium": ["chromium", "--version"],
                      "pdftoppm": ["pdftoppm", "-v"], "qpdf": ["qpdf", "--version"]}.items():
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            v[name] = ((r.stdout or r.stderr).strip().splitlines() or [""])[0]
        except Exception:
            v[name] = None
    import importlib.metadata as md
    for pkg in ("python-docx", "reportlab", "arabic-reshaper", "python-bidi", "pdfplumber", "pypdfium2",
                "pillow", "beautifulsoup4", "lxml"):
        try:
            v[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            v[pkg] = None
    return v


def print_table(rows: list[dict]) -> None:
    hdr = f"{'fixture':44} {'pages':>5} {'size':>9} {'tables':>6} {'pres.forms':>10}  fonts"
    print("tables = pdfplumber find_tables() over all pages (for .docx: python-docx tables); "
          "pres.forms = chars in U+FB50-FDFF/U+FE70-FEFF")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        pages = "-" if r.get("pages") is None else str(r["pages"])
        if r.get("pages_with_password"):
            pages = f"{r['pages_with_password']}(pw)"
        tables = r.get("tables_found", r.get("tables") if isinstance(r.get("tables"), int) else "-")
        pf = r.get("presentation_form_chars", "-")
        fonts = ",".join(r.get("fonts", []))[:60]
        print(f"{r['name']:44} {pages:>5} {r['bytes']:>9,} {str(tables):>6} {str(pf):>10}  {fonts}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "tests" / "fixtures"))
    ap.add_argument("--reports", default=os.environ.get("TAQRIR_REPORTS", str(ROOT.parent / "shared" / "reports")))
    ap.add_argument("--big", action="store_true", help="also build the 120+ page PDF/DOCX")
    ap.add_argument("--big-out", default=str(ROOT / "benchmarks" / ".cache" / "big.pdf"))
    ap.add_argument("--big-only", action="store_true", help="only build the big PDF/DOCX")
    args = ap.parse_args(argv)

    out = Path(args.out).resolve()
    samples = load_samples(Path(args.reports))
    print(f"make_fixtures: {len(samples)} reports from {args.reports}", file=sys.stderr)

    if args.big_only:
        print(json.dumps(make_big(samples, Path(args.big_out).resolve()), ensure_ascii=False, indent=1))
        return 0

    for sub in ("docx", "pdf", "html", "broken"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    manifest: dict = {"generator": "scripts/make_fixtures.py", "tools": tool_versions(), "fixtures": {}}
    rows: list[dict] = []

    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        plain = []
        for stem, _txt, blocks in samples:
            prof = PROFILES.get(stem[:3], Profile())
            if prof.charts:
                blocks = add_chart_blocks(blocks)
            if stem[:3] == BREAK_SAMPLE:
                (tmp / "brk").mkdir()
                brk = make_break_docx(blocks, prof, stem, tmp / "brk", out / "pdf" / f"{stem}.pdf",
                                      out / "docx" / f"{stem}.docx")
                manifest["forced_table_break"] = {"pdf": f"pdf/{stem}.pdf", **brk}
            else:
                build_docx(blocks, prof, out / "docx" / f"{stem}.docx")
                plain.append((out / "docx" / f"{stem}.docx", prof.tagged_pdf))
        for tagged in (False, True):
            group = [d for d, t in plain if t == tagged]
            if group:
                soffice_to_pdf(group, tmp, tagged)
                for d in group:
                    shutil.move(str(tmp / (d.stem + ".pdf")), out / "pdf" / (d.stem + ".pdf"))

        for stem, _txt, blocks in samples:
            prof = PROFILES.get(stem[:3], Profile())
            if stem[:3] in CHROMIUM_SAMPLES:
                h = out / "html" / f"{stem}.html"
                build_html(blocks, prof, h)
                chromium_print(h, out / "pdf" / f"{stem}.chromium.pdf")
            if stem[:3] in SHAPED_SAMPLES:
                try:
                    make_shaped(blocks, stem, out / "pdf" / f"{stem}.shaped.pdf")
                except ImportError as exc:
                    print(f"make_fixtures: WARNING: {exc}; {stem}.shaped.pdf not regenerated "
                          f"(pip install -r scripts/fixture_requirements.txt)", file=sys.stderr)
            if stem[:3] == SCANNED_SAMPLE:
                make_scanned(out / "pdf" / f"{stem}.pdf", out / "pdf" / f"{stem}.scanned.pdf")

        first = samples[2][0] if len(samples) > 2 else samples[0][0]
        make_broken(out / "broken", out / "pdf" / f"{first}.pdf", out / "docx" / f"{first}.docx")

    for p in sorted((out / "docx").glob("*.docx")):
        f = docx_facts(p)
        f["name"] = f"docx/{p.name}"
        manifest["fixtures"][f["name"]] = f
        rows.append(f)
    for p in sorted((out / "pdf").glob("*.pdf")):
        f = inspect_pdf(p)
        f["name"] = f"pdf/{p.name}"
        manifest["fixtures"].setdefault(f["name"], {}).update(f)
        rows.append(f)
    for p in sorted((out / "html").glob("*.html")):
        f = {"name": f"html/{p.name}", "bytes": p.stat().st_size, "file": str(p),
             "boilerplate_printed": HTML_BOILERPLATE_PRINTED}
        manifest["fixtures"][f["name"]] = f
        rows.append(f)
    for p in sorted((out / "broken").iterdir()):
        f = {"name": f"broken/{p.name}", "bytes": p.stat().st_size, "file": str(p)}
        if p.suffix == ".pdf" and p.stat().st_size:
            f.update({k: v for k, v in inspect_pdf(p, tables=False, password="taqrir").items() if k != "file"})
        manifest["fixtures"][f["name"]] = f
        rows.append(f)
    for f in manifest["fixtures"].values():
        if isinstance(f, dict) and "file" in f:
            f["file"] = os.path.relpath(f["file"], out)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    if args.big:
        big = make_big(samples, Path(args.big_out).resolve())
        print(f"big: {big}", file=sys.stderr)
        rows.append({"name": os.path.relpath(big["pdf"], ROOT), "pages": big["pages"],
                     "bytes": Path(big["pdf"]).stat().st_size})

    print_table(rows)
    total = sum(r["bytes"] for r in rows if not r["name"].startswith("benchmarks"))
    print(f"\ntotal committed fixture bytes: {total:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
