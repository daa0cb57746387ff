"""Tables: the document's table blocks as `Table` objects and pandas DataFrames.

For every table block:
- the caption is the text just before the table when it names one (`الجدول رقم 01: ...`) or is a
  heading introducing it;
- numeric columns are those whose body cells are numbers in any format `extractors.numbers` reads
  (`1 045 500`, `1.045.500`, `2,5`, ...);
- the unit and scale come from a column header or the caption (`قيمة الدعم المالي بالدرهم`,
  `بآلاف الدراهم`): a currency word makes the column a money column, a scale word multiplies it;
- a totals row (`المجموع`, `المجموع العام`, `الإجمالي`, ...) is recognized and checked against the sum
  of the rows above it, for every numeric column; a difference becomes a flag with its amount.

`table_money_entities` turns the cells of money columns into MONEY entities (source
`taqrir_tables`) whose offsets are the cells' exact spans in `Document.text`.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from extractors.money import read_amount_words, read_currencies
from extractors.numbers import NUMBER, SCALE, SCALES, parse_number, scale_of
from pipeline.model import Block, Document, Entity, Table, TotalCheck
from pipeline.normalize import normalize_str

CAPTION_CUE = re.compile(r"^\s*(?:الجدول|جدول|جدول رقم|Tableau|Table)\b", re.IGNORECASE)


def _label_pattern(words: list[str]) -> re.Pattern[str]:
    """A cell (normalized) that starts with one of `words` (normalized, from amounts.json)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alternatives})(?!\w)", re.IGNORECASE)


_ROW_WORDS = read_amount_words()
# A subtotal row closes a group of rows (المجموع الفرعي, Sous-total); a totals row the table
# (المجموع, الإجمالي, Total). A subtotal label is a totals label too: both are left out of sums.
SUBTOTAL_LABEL = _label_pattern(_ROW_WORDS["subtotal_row_labels"])
TOTAL_LABEL = _label_pattern(_ROW_WORDS["total_row_labels"] + _ROW_WORDS["subtotal_row_labels"])
# Column headers that count or measure things other than money, even under a currency caption.
NOT_MONEY_HEADER = re.compile(
    "^\\s*(?:" + "|".join(normalize_str(w) for w in ("عدد", "نسبة", "%", "رقم", "السنة", "سنة", "المدة", "الفترة", "تاريخ",
                                                     "المساحة", "الطول", "المستفيدين")) + ")"
)
TOLERANCE = 0.01  # figures written in a report add up exactly; only float noise is forgiven


@cache
def _currency_words() -> dict[str, str]:
    """Normalized currency word -> ISO code, with and without the article."""
    words: dict[str, str] = {}
    for form, code in read_currencies().items():
        words[form] = code
        if form.startswith("ال"):
            words[form[2:]] = code
    return words


def _strip_clitics(word: str) -> str:
    for prefix in ("بال", "وبال", "ب", "ال"):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return word[len(prefix) :]
    return word


def _scale_word(word: str) -> int | None:
    for form in (word, _strip_clitics(word), "ال" + _strip_clitics(word)):
        if form in SCALES:
            return SCALES[form]
    stripped = _strip_clitics(word)
    if stripped.startswith("ال") and stripped[2:] in SCALES:
        return SCALES[stripped[2:]]
    return None


def find_unit(text: str | None) -> tuple[str | None, str | None, int]:
    """(unit as written, ISO currency, scale) named in a header or caption, e.g. `بآلاف الدراهم`."""
    if not text:
        return None, None, 1
    words = text.split()
    normalized = [normalize_str(w).strip("()[]:،,.") for w in words]
    currencies = _currency_words()
    for i, word in enumerate(normalized):
        code = None
        for candidate in (word, _strip_clitics(word), _strip_clitics(_strip_clitics(word))):
            if candidate in currencies:
                code = currencies[candidate]
                break
        if code is None and i + 1 < len(normalized):
            pair = f"{_strip_clitics(word)} {normalized[i + 1]}"
            code = currencies.get(pair)
        if code is None:
            continue
        scale, first = 1, i
        if i > 0 and (found := _scale_word(normalized[i - 1])):
            scale, first = found, i - 1
        elif (found := _scale_word(word.replace(_strip_clitics(word), ""))) is not None:
            scale = found
        unit = " ".join(words[first : i + 1]).strip("()[]:،,.")
        return unit, code, scale
    return None, None, 1


CELL = re.compile(rf"(?P<number>{NUMBER})(?:\s*(?P<scale>{SCALE}))?(?:\s*(?P<unit>\S.{{0,30}}))?")


def parse_cell(text: str) -> tuple[float, str | None] | None:
    """(value, currency) of a cell that is a number, maybe with a scale word and a currency
    (`1 200`, `2,5 مليون درهم`, `12%`); None for any other cell."""
    folded = normalize_str(text).strip().strip("%").strip()
    match = CELL.fullmatch(folded) if folded else None
    if match is None or (value := parse_number(match["number"])) is None:
        return None
    currency = None
    if match["unit"]:
        currency = find_unit(match["unit"])[1]
        if currency is None:
            return None  # a number followed by words: text, not a figure
    return value * scale_of(match["scale"]), currency


def cell_number(text: str) -> float | None:
    """The number a cell holds when the cell is a figure (see `parse_cell`)."""
    parsed = parse_cell(text)
    return parsed[0] if parsed else None


def _caption(document: Document, index: int) -> str | None:
    for previous in reversed(document.blocks[max(0, index - 2) : index]):
        if previous.kind == "table":
            return None
        text = document.text[previous.start : previous.end].strip()
        if CAPTION_CUE.match(text) or (previous.kind == "heading" and previous is document.blocks[index - 1]):
            return text
    return None


def _years_header(rows: list[list[str]]) -> bool:
    """A first row of labels and years (`المحور 2021 2022`) above rows of figures is a header."""
    if len(rows) < 2:
        return False
    first = [c.strip() for c in rows[0] if c.strip()]
    numbers = [c for c in first if cell_number(c) is not None]
    years = [c for c in numbers if re.fullmatch(r"(?:19|20)\d\d", normalize_str(c))]
    below = [c for row in rows[1:] for c in row if cell_number(c) is not None]
    return bool(numbers) and len(years) == len(numbers) and len(first) > len(numbers) and bool(below)


def is_total_row(row: list[str]) -> bool:
    """A totals or subtotal row: one of its cells starts with a totals word."""
    return any(TOTAL_LABEL.match(normalize_str(cell)) for cell in row if cell.strip())


def is_subtotal_row(row: list[str]) -> bool:
    """A subtotal row (`المجموع الفرعي`, `Sous-total`): it closes a group, not the table."""
    return any(SUBTOTAL_LABEL.match(normalize_str(cell)) for cell in row if cell.strip())


def table_from_block(document: Document, index: int, block: Block) -> Table:
    rows = [[cell.text for cell in row] for row in block.rows or []]
    has_header = block.has_header or _years_header(rows)
    header = rows[0] if has_header and rows else []
    body = rows[1:] if has_header else rows
    caption = _caption(document, index)
    table = Table(caption=caption, header=header, rows=body, page=block.page, start=block.start, end=block.end)
    width = max((len(r) for r in rows), default=0)
    totals = [i for i, row in enumerate(body) if is_total_row(row)]
    grand = [i for i in totals if not is_subtotal_row(body[i])]
    table.totals_row = grand[-1] if grand else totals[-1] if totals else None
    caption_unit = find_unit(caption)
    for col in range(width):
        values = [cell_number(row[col]) if col < len(row) else None for row in body]
        filled = [row[col] for row in body if col < len(row) and row[col].strip()]
        numbers = [v for v in values if v is not None]
        if not numbers or len(numbers) * 2 < len(filled):
            continue
        table.numeric_columns.append(col)
        head = header[col] if col < len(header) else ""
        unit, currency, scale = find_unit(head)
        if currency is None and caption_unit[1] and not NOT_MONEY_HEADER.match(normalize_str(head)):
            unit, currency, scale = caption_unit
        if currency is None:
            # the cells carry their currency (`1 200 درهم`): amounts already at scale
            codes = {parsed[1] for row in body if col < len(row) and (parsed := parse_cell(row[col])) and parsed[1]}
            if len(codes) == 1:
                unit, currency, scale = None, codes.pop(), 1
        if currency is not None and all(re.fullmatch(r"(?:19|20)\d\d", normalize_str(c).strip()) for c in filled):
            currency = None  # a column of years under a currency caption
        if currency is not None and (table.currency in (None, currency)):
            table.money_columns.append(col)
            table.unit, table.currency, table.scale = unit, currency, scale
    if table.totals_row is not None:
        _check_totals_row(table)
    return table


def _check_totals_row(table: Table) -> None:
    """The totals row against the rows above it, one level of subtotals understood: subtotal rows
    (by their label) are checked against their group and left out of the total's sum; in a table
    of parent rows each followed by its parts (`PA 2024` 176 = 103 + 11 + 62), the total may be
    the sum of the parents. A total that matches neither reading is flagged, against the nearer."""
    assert table.totals_row is not None
    total = table.rows[table.totals_row]
    above = table.rows[: table.totals_row]
    leaves = [row for row in above if not is_total_row(row)]
    parents = parent_rows(leaves, _hierarchy_columns(table))
    for col in table.numeric_columns:
        name = table.header[col] if col < len(table.header) else f"column {col + 1}"
        _check_subtotals(table, above, col, name)
        stated = cell_number(total[col]) if col < len(total) else None
        if stated is None:
            continue
        computed = _column_total(leaves, col)
        if parents:  # of the two readings, the one nearer the stated total (equal to it when right)
            computed = min(computed, _column_total([leaves[i] for i in parents], col), key=lambda v: abs(stated - v))
        table.checks.append(_check(name, "totals_row", stated, computed))
    table.flags = [_flag(c) for c in table.checks if not c.ok]


def _column_total(rows: list[list[str]], col: int) -> float:
    return sum(v for row in rows if col < len(row) and (v := cell_number(row[col])) is not None)


def _check_subtotals(table: Table, rows: list[list[str]], col: int, name: str) -> None:
    """Each subtotal row against the rows since the previous subtotal (or the table's start)."""
    group: list[list[str]] = []
    for row in rows:
        if not is_total_row(row):
            group.append(row)
            continue
        if is_subtotal_row(row) and (stated := cell_number(row[col]) if col < len(row) else None) is not None:
            label = next((c.strip() for c in row if c.strip() and cell_number(c) is None), "")
            table.checks.append(_check(f"{name} ({label})" if label else name, "totals_row", stated, _column_total(group, col)))
        group = []


def _hierarchy_columns(table: Table) -> list[int]:
    """Columns to look for parent rows in: money columns first (amounts add up; counts of the
    same things at two levels often do not)."""
    return table.money_columns + [c for c in table.numeric_columns if c not in table.money_columns]


def parent_rows(rows: list[list[str]], columns: list[int]) -> list[int]:
    """Indexes of the parent rows when `rows` are groups of a parent followed by its parts, each
    parent the exact sum of its parts in one of `columns` (the first that splits every row into
    such groups, at least one group of two parts or more); [] when the rows are flat."""
    for col in columns:
        values = [cell_number(row[col]) if col < len(row) else None for row in rows]
        if len(values) < 2 or any(v is None for v in values):
            continue
        groups = _split_into_groups([float(v) for v in values if v is not None])
        if groups and any(size > 1 for _, size in groups):
            return [start for start, _ in groups]
    return []


def _split_into_groups(values: list[float]) -> list[tuple[int, int]] | None:
    """(parent index, number of parts) covering `values` in order, each parent equal to the sum
    of the parts after it; None when no such split exists. Dynamic programming from the end."""
    n = len(values)
    split: dict[int, list[tuple[int, int]] | None] = {n: []}
    for start in range(n - 2, -1, -1):
        split[start] = None
        running = 0.0
        for end in range(start + 1, n):
            running += values[end]
            rest = split.get(end + 1)
            if rest is not None and abs(running - values[start]) < TOLERANCE:
                split[start] = [(start, end - start), *rest]
                break
    return split.get(0)


def _check(column: str, source: str, stated: float, computed: float, span: tuple[int, int] | None = None) -> TotalCheck:
    difference = round(stated - computed, 2)
    ok = abs(difference) < TOLERANCE
    start, end = span if span else (None, None)
    return TotalCheck(column=column, source=source, stated=stated, computed=computed,  # type: ignore[arg-type]
                      difference=difference, ok=ok, start=start, end=end)  # fmt: skip


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ")


def _flag(check: TotalCheck) -> str:
    where = "totals row" if check.source == "totals_row" else "total stated in the text"
    return (f"totals_mismatch: {check.column}: {where} {_fmt(check.stated)} vs sum of rows {_fmt(check.computed)}"
            f" (difference {_fmt(check.difference)})")  # fmt: skip


def column_sum(table: Table, col: int) -> float:
    """The sum of a numeric column over the body rows, totals rows excluded (in the column's unit)."""
    return sum(v for row in table.rows if not is_total_row(row) and col < len(row) and (v := cell_number(row[col])) is not None)


def add_text_total_check(table: Table, stated_amount: float, currency: str | None, span: tuple[int, int]) -> TotalCheck | None:
    """Check a total written in the text near the table (already scaled, in `currency`) against it."""
    if not table.money_columns or (currency and table.currency and currency != table.currency):
        return None
    col = table.money_columns[-1]
    computed = column_sum(table, col) * table.scale
    name = table.header[col] if col < len(table.header) else f"column {col + 1}"
    check = _check(name, "text", stated_amount, computed, span)
    table.checks.append(check)
    if not check.ok:
        table.flags.append(_flag(check))
    return check


def extract_tables(document: Document) -> list[Table]:
    """Every table of the document, in order."""
    return [table_from_block(document, i, b) for i, b in enumerate(document.blocks) if b.kind == "table"]


def table_frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame: header as columns, numeric columns parsed to floats (as written,
    before `scale`); caption, page, unit, currency and scale in `frame.attrs`."""
    width = max([len(table.header), *(len(r) for r in table.rows)], default=0)
    names: list[str] = []
    for col in range(width):
        name = (table.header[col] if col < len(table.header) else "").strip() or f"column_{col + 1}"
        while name in names:
            name += "_"
        names.append(name)
    body = [row + [""] * (width - len(row)) for row in table.rows]
    frame = pd.DataFrame(body, columns=names, dtype=object)
    for col in table.numeric_columns:
        frame[names[col]] = pd.to_numeric(frame[names[col]].map(cell_number), errors="coerce").astype("float64")
    frame.attrs.update(caption=table.caption, page=table.page, unit=table.unit, currency=table.currency,
                       scale=table.scale, totals_row=table.totals_row)  # fmt: skip
    return frame


def table_money_entities(document: Document, tables: list[Table] | None = None) -> list[Entity]:
    """MONEY entities for the numeric cells of money columns (the header or caption gives the currency)."""
    tables = tables if tables is not None else extract_tables(document)
    blocks = [b for b in document.blocks if b.kind == "table"]
    entities: list[Entity] = []
    for table, block in zip(tables, blocks, strict=False):
        if not table.money_columns or not block.rows:
            continue
        body = block.rows[1:] if table.header else block.rows
        for row in body:
            for col in table.money_columns:
                if col >= len(row) or (value := cell_number(row[col].text)) is None:
                    continue
                cell = row[col]
                if document.text[cell.start : cell.end] != cell.text:
                    continue  # the cell text was rebuilt (markup removed): no exact span to point at
                entities.append(Entity(label="MONEY", text=cell.text, start=cell.start, end=cell.end, page=block.page,
                                       value={"amount": value * table.scale, "currency": table.currency},
                                       source="taqrir_tables"))  # fmt: skip
    return entities
