"""Assemble a document's text from its blocks, remembering where each block (and page) sits.

Loaders never concatenate strings themselves: they add blocks to a `DocumentBuilder`, which
produces `Document.text` and the spans of every block, table cell and page in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import Block, BlockKind, Cell, Page

BLOCK_SEPARATOR = "\n\n"
WORD_CHAR = re.compile(r"[^\W_]")
CELL_SEPARATOR = "\t"
ROW_SEPARATOR = "\n"


@dataclass
class DocumentBuilder:
    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    length: int = 0
    page: int | None = None
    _page_start: int = 0

    def _append(self, text: str) -> tuple[int, int]:
        if self.parts:
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def add(self, kind: BlockKind, text: str) -> Block | None:
        """Add a heading, paragraph or list item; empty text is ignored."""
        text = text.strip()
        if not text:
            return None
        start, end = self._append(text)
        block = Block(kind=kind, start=start, end=end, page=self.page)
        self.blocks.append(block)
        return block

    def add_table(
        self, rows: list[list[str]], has_header: bool = False, row_pages: list[int] | None = None
    ) -> Block | None:
        """Add a table: cells separated by tabs, rows by newlines, every cell's span kept.

        `row_pages` gives each row's page when the table runs over several pages."""
        given: list[int | None] = list(row_pages) if row_pages and len(row_pages) == len(rows) else []
        # A row without a letter or digit (`--  --`, rules drawn with dashes) is decoration, not data.
        kept = [
            (r, p)
            for r, p in zip(([cell.strip() for cell in row] for row in rows), given or [None] * len(rows), strict=True)
            if any(WORD_CHAR.search(cell) for cell in r)
        ]
        rows = [r for r, _ in kept]
        pages = [p for _, p in kept]
        if not rows:
            return None
        if self.parts:
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        cell_rows: list[list[Cell]] = []
        for r, row in enumerate(rows):
            if r:
                self.parts.append(ROW_SEPARATOR)
                self.length += len(ROW_SEPARATOR)
            cells: list[Cell] = []
            for c, cell in enumerate(row):
                if c:
                    self.parts.append(CELL_SEPARATOR)
                    self.length += len(CELL_SEPARATOR)
                cells.append(Cell(start=self.length, end=self.length + len(cell), text=cell, page=pages[r]))
                self.parts.append(cell)
                self.length += len(cell)
            cell_rows.append(cells)
        block = Block(
            kind="table", start=start, end=self.length, page=self.page, rows=cell_rows, has_header=has_header
        )
        self.blocks.append(block)
        return block

    def start_page(self, number: int) -> None:
        """Begin page `number`; blocks added from now on belong to it."""
        self.end_page()
        self.page = number
        self._page_start = self.length + (len(BLOCK_SEPARATOR) if self.parts else 0)

    def end_page(self) -> None:
        if self.page is not None:
            self.pages.append(Page(number=self.page, start=min(self._page_start, self.length), end=self.length))
            self.page = None

    @property
    def text(self) -> str:
        return "".join(self.parts)
