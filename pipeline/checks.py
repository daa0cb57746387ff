"""Checks that catch errors in the reports, as flags a reviewer sees.

Tables: a total written in the text near a table (`بغلاف مالي إجمالي يقدر ب 6 991 500 درهم`) is
checked against the table's money column (the totals-row check itself is done when the table is
read, in `extractors.tables`).

Records: end before start, an amount without currency, a project without period, an organization
named in the project's sentence without a role, an amount that is a total its table contradicts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from extractors.money import read_amount_words
from extractors.tables import add_text_total_check
from pipeline.model import Document, Entity, ProjectRecord, Table
from pipeline.normalize import normalize_str

# Words that say an amount is a total (إجمالي, الإجمالية, مجموع, بغلاف مالي): amounts.json, as records read them.
TOTAL_CUE = re.compile("|".join(re.escape(w) for w in read_amount_words()["total_cues"]))
TOTAL_WINDOW = 60
# How many blocks before a table (caption included) may hold the total written in the text.
BLOCKS_BEFORE = 4
BLOCKS_AFTER = 1


def _near_table_spans(document: Document, index: int) -> list[tuple[int, int]]:
    """The spans of the blocks around the table block `document.blocks[index]` that may state its total."""
    spans: list[tuple[int, int]] = []
    for block in reversed(document.blocks[max(0, index - BLOCKS_BEFORE) : index]):
        if block.kind == "table":
            break
        spans.append((block.start, block.end))
    for block in document.blocks[index + 1 : index + 1 + BLOCKS_AFTER]:
        if block.kind == "table":
            break
        spans.append((block.start, block.end))
    return spans


def check_text_totals(document: Document, tables: list[Table], entities: list[Entity]) -> None:
    """Compare totals stated in the text near each money table with the table's column sum."""
    money = sorted((e for e in entities if e.label == "MONEY" and e.source != "taqrir_tables"), key=lambda e: e.start)
    starts = [e.start for e in money]
    # table block by start, and the amounts of a span by bisection: a long report has thousands of both
    table_blocks = {b.start: i for i, b in reversed(list(enumerate(document.blocks))) if b.kind == "table"}
    for table in tables:
        index = table_blocks.get(table.start) if table.start is not None else None
        if not table.money_columns or index is None:
            continue
        for start, end in _near_table_spans(document, index):
            for entity in money[bisect_left(starts, start) : bisect_right(starts, end)]:
                if entity.end > end:
                    continue
                before = normalize_str(document.text[max(start, entity.start - TOTAL_WINDOW) : entity.start])
                if TOTAL_CUE.search(before):
                    add_text_total_check(table, float(entity.value["amount"]), entity.value.get("currency"),
                                         (entity.start, entity.end))  # fmt: skip


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ")


def record_flags(record: ProjectRecord) -> list[str]:
    """The flags a reviewer should see on a record (in addition to those assembly already set)."""
    flags = [f for f in record.flags if not f.startswith(("end_before_start", "amount_without_currency", "no_period"))]
    n = min(len(record.start or ""), len(record.end or ""))
    if n and record.end[:n] < record.start[:n]:  # type: ignore[index]
        flags.append(f"end_before_start: {record.start} > {record.end}")
    for amount in record.amounts:
        if not amount.currency:
            flags.append(f"amount_without_currency: {amount.amount:g}")
    if record.start is None and record.end is None:
        flags.append("no_period")
    return flags


def check_records(records: list[ProjectRecord], tables: list[Table] | None = None) -> None:
    """Set every record's flags; a record whose amount is a total that its table contradicts gets
    the table's `totals_mismatch` flag too."""
    for record in records:
        record.flags = record_flags(record)
        for table in tables or []:
            for check in table.checks:
                if check.ok or not any(abs(a.amount - check.stated * (table.scale if check.source == "totals_row" else 1)) < 0.01
                                       and a.currency in (None, table.currency) for a in record.amounts):  # fmt: skip
                    continue
                flag = (f"totals_mismatch: {table.caption or 'table'}: {_fmt(check.stated)} stated, rows add up to "
                        f"{_fmt(check.computed)} (difference {_fmt(check.difference)})")  # fmt: skip
                if flag not in record.flags:
                    record.flags.append(flag)
