"""Tables: the document's table blocks as `Table` objects, with caption, header and page.

The caption is the text just before the table when it names one (`الجدول رقم 01: ...`) or is a
heading introducing it.
"""

from __future__ import annotations

import re

from pipeline.model import Block, Document, Table

CAPTION_CUE = re.compile(r"^\s*(?:الجدول|جدول|جدول رقم|Tableau|Table)\b", re.IGNORECASE)


def _caption(document: Document, index: int) -> str | None:
    for previous in reversed(document.blocks[max(0, index - 2) : index]):
        if previous.kind == "table":
            return None
        text = document.text[previous.start : previous.end].strip()
        if CAPTION_CUE.match(text) or (previous.kind == "heading" and previous is document.blocks[index - 1]):
            return text
    return None


def table_from_block(document: Document, index: int, block: Block) -> Table:
    rows = [[cell.text for cell in row] for row in block.rows or []]
    header = rows[0] if block.has_header and rows else []
    body = rows[1:] if block.has_header else rows
    return Table(
        caption=_caption(document, index), header=header, rows=body, page=block.page, start=block.start, end=block.end
    )


def extract_tables(document: Document) -> list[Table]:
    """Every table of the document, in order."""
    return [table_from_block(document, i, b) for i, b in enumerate(document.blocks) if b.kind == "table"]
