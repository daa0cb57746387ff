"""Word reports (.docx) with python-docx: paragraphs, lists and tables in document order.

* The body's children are walked in order, so tables sit between the paragraphs around them.
* `Heading N` / `Title` styles are headings; paragraphs with Word numbering (`w:numPr`, on the
  paragraph or its style) or a `List` style are list items. Word keeps the number of an
  auto-numbered item in numbering.xml, not in the text: it is rebuilt (`(1)`, `1-`, `2)`) from the
  level's `lvlText` so the item reads as it does on paper; bullet symbols are left out, as the
  text and HTML readers do.
* Tables: `w:bidiVisual` tables list their cells in logical order already (python-docx's first
  cell is the rightmost one on the page = the first column a reader reads), so cells are kept in
  document order; merged cells (the same `w:tc` repeated) are read once. A cell's paragraphs are
  joined with newlines, its list items prefixed with `• `.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
import zlib
from pathlib import Path

from pipeline import limits
from pipeline.load.arabic_repair import repair_lam_alef
from pipeline.load.builder import DocumentBuilder
from pipeline.load.errors import LoadError
from pipeline.load.html import detect_header
from pipeline.model import BlockKind

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLET_FORMATS = {"bullet", "none"}


def _check_zip(data: bytes) -> None:
    if not data.strip():
        raise LoadError("the file is empty")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise LoadError("not a .docx: the file is an old Word document (.doc); save it as .docx")
    if data[:4] != b"PK\x03\x04":
        what = "a PDF" if data[:5] == b"%PDF-" else "text" if _is_text(data) else "binary data"
        raise LoadError(f"not a Word document (.docx is a zip archive): the file is {what}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise LoadError("not a Word document: the zip archive has no word/document.xml")
            _check_members(archive)
    except zipfile.BadZipFile as exc:
        raise LoadError(f"damaged Word document: the zip archive is unreadable ({exc}; truncated?)") from exc


def _check_members(archive: zipfile.ZipFile) -> None:
    """Every member's inflated size, as declared and as it actually inflates, within the limits,
    before python-docx inflates and parses anything (a zip bomb of a few hundred KB can declare
    small sizes and inflate to gigabytes). Reading every member also checks its CRC."""
    bounds = limits.current()
    members = archive.infolist()
    bounds.check("max_zip_members", len(members), "the Word document's zip archive")
    bound_of = {True: "max_xml_bytes", False: "max_zip_member_bytes"}
    for info in members:
        bound = bound_of[info.filename.endswith((".xml", ".rels"))]
        bounds.check(bound, info.file_size, f"{info.filename} inflated (as its zip header declares)")
    declared = sum(i.file_size for i in members)
    bounds.check("max_zip_total_bytes", declared, "the Word document inflated (as its zip headers declare)")
    # every member is then inflated as far as its bound: one whose data inflates to another size than
    # its header declares is refused, so the declared total checked above is the actual one
    for info in members:
        bound = bound_of[info.filename.endswith((".xml", ".rels"))]
        actual = _inflated_size(archive, info, getattr(bounds, bound) + 1)
        bounds.check(bound, actual, f"{info.filename} inflated", counted_to_limit=True)
        if actual != info.file_size:
            raise LoadError(f"damaged Word document: {info.filename} inflates to {actual:,} bytes, "
                            f"not the {info.file_size:,} its header declares")  # fmt: skip


def _inflated_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, at_most: int) -> int:
    """How many bytes `info` inflates to, counting no further than `at_most`, in pieces (never held
    whole), its CRC checked. zipfile stops at the size the header declares and checks the CRC over
    that: the copy read here declares `at_most` and no CRC, so a header that lies does not hide what
    the data inflates to; the CRC is checked here once the length is known to be the declared one."""
    probe = copy.copy(info)
    probe.file_size = at_most
    del probe.CRC  # zipfile checks no CRC on a member without one
    size, crc = 0, 0
    try:
        with archive.open(probe) as member:
            while size < at_most and (piece := member.read(1 << 20)):
                size += len(piece)
                crc = zlib.crc32(piece, crc)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise LoadError(f"damaged Word document: {info.filename} is corrupt in the zip archive ({exc})") from exc
    if size == info.file_size and crc != info.CRC:
        raise LoadError(f"damaged Word document: {info.filename} is corrupt in the zip archive (bad CRC-32)")
    return size


def _is_text(data: bytes) -> bool:
    try:
        data[:2048].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Numbering:
    """Counters of Word's automatic numbering, to rebuild an item's visible marker."""

    def __init__(self, document):
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            definition = abstract.get(ref.get(f"{W}val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                self.levels[(num.get(f"{W}numId"), lvl.get(f"{W}ilvl"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )

    def marker(self, num_id: str, ilvl: str) -> str:
        fmt, text, start = self.levels.get((num_id, ilvl), ("bullet", "", 1))
        if fmt in BULLET_FORMATS or "%" not in text:
            return ""
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        value = self.counters[key]
        shown = _roman(value) if fmt == "lowerRoman" else _roman(value).upper() if fmt == "upperRoman" else str(value)
        return re.sub(r"%\d", shown, text)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def _num_pr(paragraph) -> tuple[str, str] | None:
    for owner in (paragraph._p.pPr, getattr(paragraph.style.element, "pPr", None) if paragraph.style else None):
        num_pr = owner.find(f"{W}numPr") if owner is not None else None
        if num_pr is not None:
            num_id = num_pr.find(f"{W}numId")
            ilvl = num_pr.find(f"{W}ilvl")
            if num_id is not None and num_id.get(f"{W}val") != "0":
                return num_id.get(f"{W}val"), ilvl.get(f"{W}val") if ilvl is not None else "0"
    return None


def _paragraph(paragraph, numbering: _Numbering) -> tuple[BlockKind, str]:
    text = repair_lam_alef(paragraph.text.replace("\u00a0", " ").strip())
    style = paragraph.style.name if paragraph.style is not None else ""
    num = _num_pr(paragraph)
    marker = numbering.marker(*num) if num else ""
    if marker and text:
        text = f"{marker} {text}"
    if style.startswith("Heading") or style == "Title":
        return "heading", text
    if num or style.startswith("List"):
        return "list_item", text
    return "paragraph", text


def _cell_text(cell, numbering: _Numbering) -> str:
    lines: list[str] = []
    for paragraph in cell.paragraphs:
        kind, text = _paragraph(paragraph, numbering)
        if text:
            lines.append(f"• {text}" if kind == "list_item" and not re.match(r"^[(\d]", text) else text)
    for table in cell.tables:
        lines.extend("\t".join(row) for row in _table_rows(table, numbering))
    return "\n".join(lines)


def _table_rows(table, numbering: _Numbering) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a horizontally merged cell appears once per grid column
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell, numbering))
        rows.append(cells)
    return rows


def read_docx_into(builder: DocumentBuilder, data: bytes) -> None:
    """Read a .docx report into `builder` (raises LoadError for damaged or mislabeled files)."""
    _check_zip(data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds of errors on bad packages
        raise LoadError(f"damaged Word document: {exc}") from exc
    numbering = _Numbering(document)
    for child in _body_children(document.element.body):
        if child.tag == f"{W}p":
            kind, text = _paragraph(Paragraph(child, document), numbering)
            builder.add(kind, text)
        elif child.tag == f"{W}tbl":
            rows = _table_rows(Table(child, document), numbering)
            width = max((len(r) for r in rows), default=0)
            rows = [r + [""] * (width - len(r)) for r in rows]
            builder.add_table(rows, has_header=_has_header_row(child) or detect_header(rows))


def _body_children(parent):
    """Paragraphs and tables in document order, also those inside content controls (`w:sdt`)."""
    for child in parent.iterchildren():
        if child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            yield from _body_children(content if content is not None else child)
        else:
            yield child


def _has_header_row(tbl) -> bool:
    first = tbl.find(f"{W}tr")
    if first is None:
        return False
    pr = first.find(f"{W}trPr")
    return pr is not None and pr.find(f"{W}tblHeader") is not None


def read_docx(builder: DocumentBuilder, data: bytes, path: Path) -> None:
    """The reader registered for `.docx` in `pipeline.load.READERS` (unexpected errors become a
    LoadError, so a batch goes on)."""
    try:
        read_docx_into(builder, data)
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"damaged Word document: {type(exc).__name__}: {exc}") from exc
