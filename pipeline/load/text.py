"""Plain-text reports: decoding, and reading lines into headings, paragraphs, lists and tables.

Text reports copied from web pages keep their shape loosely: tab-separated table rows whose
cells hold HTML fragments, a cell's text continuing on the following hard-wrapped lines, bullets
written inline (`• one• two`). This module turns that back into blocks.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator

from charset_normalizer import from_bytes

from pipeline.load.builder import DocumentBuilder
from pipeline.load.errors import LoadError
from pipeline.load.html import clean_inline, detect_header, fragment_pieces, fragment_text, looks_like_html
from pipeline.model import BlockKind

# Legacy encodings for Arabic, tried after UTF-8 fails (Windows-1256 is by far the most common).
ARABIC_LEGACY_ENCODINGS = ["cp1256", "iso8859_6", "cp720", "cp864", "mac_arabic"]
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


_LAYOUT = str.maketrans("", "", "\t\n\r\f")


def _control_ratio(text: str) -> float:
    if not text or text.translate(_LAYOUT).isprintable():
        return 0.0  # in C: no control, surrogate, private or unassigned character (the usual report)
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n\r\f")
    return bad / len(text)


def decode_bytes(data: bytes) -> str:
    """Decode a text report: UTF-8 (BOM or not), UTF-16/32 with BOM, or a legacy Arabic code page.

    Raises LoadError for empty or binary data and for bytes no known encoding reads cleanly.
    """
    if not data.strip():
        raise LoadError("the file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise LoadError(f"invalid {encoding.upper()} text at byte {exc.start}") from exc
    if b"\x00" in data[:4096]:
        raise LoadError("binary data (NUL bytes) in a text file, and no UTF-16 byte-order mark")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    match = from_bytes(data, cp_isolation=ARABIC_LEGACY_ENCODINGS).best()
    if match is None or match.encoding is None:
        raise LoadError("not valid UTF-8, UTF-16 or a known Arabic code page (Windows-1256, ISO-8859-6)")
    return _checked(str(match))


def _checked(text: str) -> str:
    text = text.lstrip("\ufeff")
    if _control_ratio(text) > 0.01:
        raise LoadError("binary data: too many control characters for a text file")
    if not text.strip():
        raise LoadError("the file is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


BULLET = re.compile(r"^\s*(?:[•■▪●◦►✓\-–*]|\(\d{1,2}\)|\d{1,2}\s*[-.)]|[ivxIVX]{1,4}[.)])\s*")
SYMBOL_BULLET = re.compile(r"^\s*[•■▪●◦►✓\-–*]\s*")
EMPHASIS = re.compile(r"\*\*|__")
TERMINAL = re.compile(r"[.!؟?:؛…»\"”)]\s*$")
WRAPPED_LINE_MAX = 70
PROSE_MIN_WORDS = 4
CAPTION = re.compile(r"^(الجدول|جدول|المبيان|الرسم البياني|الشكل)\b")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, one at a time (a long report's list of lines would hold a copy of it all)."""
    start = 0
    while (end := text.find("\n", start)) != -1:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _chunks(lines: Iterable[str]) -> Iterator[list[str]]:
    """Runs of non-blank lines separated by blank lines."""
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            yield current
            current = []
    if current:
        yield current


def _cell(raw: str) -> str:
    raw = EMPHASIS.sub("", raw)
    return fragment_text(raw) if looks_like_html(raw) else clean_inline(raw)


def _is_hard_wrapped(chunk: list[str]) -> bool:
    return len(chunk) >= 2 and all(len(line.strip()) <= WRAPPED_LINE_MAX for line in chunk[:-1])


class _TextReader:
    def __init__(self, builder: DocumentBuilder):
        self.builder = builder
        self.rows: list[list[str]] = []

    # Tables -----------------------------------------------------------------------------------
    def add_row(self, line: str) -> None:
        self.rows.append([_cell(c) for c in line.split("\t")])

    def continue_cell(self, text: str) -> None:
        row = self.rows[-1]
        row[-1] = f"{row[-1]}\n{_cell(text)}".strip()

    def continues_table(self, chunk: list[str]) -> bool:
        """Lines after a table row without tabs: the last cell going on, or the text after the table?"""
        if not self.rows:
            return False
        last = self.rows[-1][-1]
        if len(last.split()) < PROSE_MIN_WORDS or BULLET.match(chunk[0]) or CAPTION.match(chunk[0].strip()):
            return False  # a number or a label ends the row: what follows is new text
        return not TERMINAL.search(last) or _is_hard_wrapped(chunk)

    def close_table(self) -> None:
        if self.rows:
            width = max(len(r) for r in self.rows)
            rows = [r + [""] * (width - len(r)) for r in self.rows]
            self.builder.add_table(rows, has_header=detect_header(rows))
            self.rows = []

    # Prose --------------------------------------------------------------------------------------
    def add_prose(self, chunk: list[str]) -> None:
        paragraph: list[str] = []

        def flush() -> None:
            if paragraph:
                text = "\n".join(paragraph)
                kind: BlockKind = "heading" if _is_heading(paragraph) else "paragraph"
                self.builder.add(kind, text)
                paragraph.clear()

        for raw in chunk:
            line = EMPHASIS.sub("", raw).strip()
            if looks_like_html(line):
                flush()
                for kind, content in fragment_pieces(line):
                    if kind == "table":
                        self.builder.add_table(content, has_header=detect_header(content))
                    else:
                        self._add_line_block(kind, str(content))
            elif "•" in line or BULLET.match(line):
                flush()
                numbered_title = not SYMBOL_BULLET.match(line) and len(chunk) == 1 and _is_heading([line])
                self._add_line_block("heading" if numbered_title else "list_item", line)
            else:
                paragraph.append(clean_inline(line))
        flush()

    def _add_line_block(self, kind: BlockKind, line: str) -> None:
        items = [i for i in re.split(r"•", line)] if "•" in line else [line]
        for item in items:
            item = SYMBOL_BULLET.sub("", clean_inline(item))
            if item:
                self.builder.add("list_item" if len(items) > 1 else kind, item)


def _is_heading(lines: list[str]) -> bool:
    if len(lines) != 1:
        return False
    line = lines[0]
    return len(line) <= 90 and len(line.split()) <= 12 and not re.search(r"[.،,؛;]\s*$", line)


def read_text_into(builder: DocumentBuilder, text: str) -> None:
    """Read a decoded text report into blocks."""
    reader = _TextReader(builder)
    for chunk in _chunks(_lines(text)):
        if any("\t" in line for line in chunk):
            for line in chunk:
                if "\t" in line:
                    reader.add_row(line)
                elif reader.rows:
                    reader.continue_cell(line)
                else:
                    reader.add_prose([line])
        elif reader.continues_table(chunk):
            reader.continue_cell("\n".join(chunk))
        else:
            reader.close_table()
            reader.add_prose(chunk)
    reader.close_table()
