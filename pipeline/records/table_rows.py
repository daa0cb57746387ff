"""Table rows: what the other cells of a row naming a record give it.

By their column's header: funders, implementers, partners, period, places, a money column (the
project's whole cost preferred over contributions: `الكلفة الإجمالية` beside `مساهمة الجماعة`).
Cells under no such header give their organizations as partners and their places as places (cells
naming no project, or a twinning/partnership framework).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.base import alternation
from pipeline.model import Amount, Entity
from pipeline.normalize import normalize
from pipeline.records.labels import label_role
from pipeline.records.lexicon import ITEM_HEAD_RE, LETTER, ORG_HEAD, WORDS, N
from pipeline.records.mentions import Group
from pipeline.records.organizations import arabic_name, organizations, role_lists
from pipeline.records.places import record_places
from pipeline.records.scope import MentionsByUnit
from pipeline.records.source import Source

# Money columns giving the project's whole amount, preferred over contributions (مساهمة ...).
TOTAL_COST = re.compile(rf"^(?:{alternation(WORDS['total_cost_headers'])})")
PLACE_HEADER = re.compile(rf"^(?:{alternation(WORDS['place_headers'])})(?!{LETTER})")
# Between two organizations of a cell: a line break, a comma; or `و` before a head noun.
CELL_SEPARATORS = r"[\n،,;؛]+"
# ... or the Latin name or acronym written after each one
LATIN_SEPARATORS = CELL_SEPARATORS + r"|\s[A-Z][A-Za-z0-9&\-]*(?:\s+[A-Za-z][A-Za-z0-9&\-]*)*[\s.،,]*"
AND_BEFORE_HEAD = re.compile(rf"\s+و(?={ORG_HEAD})")


@dataclass
class RowFields:
    roles: dict[str, list[str]] = field(default_factory=lambda: {"funders": [], "implementers": [], "partners": []})
    amounts: list[Amount] = field(default_factory=list)
    dates: list[Entity] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def header_role(header: str) -> str | None:
    """The field a table column's header names: funders, implementers, partners, period, places."""
    folded = N(header).strip()
    role = label_role(folded)
    if role is not None:
        return role
    return "places" if PLACE_HEADER.match(folded) else None


def cell_items(text: str, latin_splits: bool = False) -> list[str]:
    """Organizations listed in a cell: one a line, or separated by commas, or by `و` before a head
    (or by the Latin name or acronym written after each one, with `latin_splits`)."""
    items: list[str] = []
    for part in re.split(LATIN_SEPARATORS if latin_splits else CELL_SEPARATORS, text):
        part = re.sub(r"^و(?=\S)", "", part.strip(" -•*.")) if latin_splits else part.strip(" -•*.")
        if not part:
            continue
        pieces = AND_BEFORE_HEAD.split(N(part))
        if len(pieces) == 1:
            items.append(part)
            continue
        pos = 0
        norm = normalize(part)
        for piece in pieces:
            where = norm.text.find(piece, pos)
            o_start, o_end = norm.to_original(where, where + len(piece))
            items.append(part[o_start:o_end].strip())
            pos = where + len(piece)
    return [arabic_name(i) for i in items if i]


def row_fields(source: Source, group: Group, by_unit: MentionsByUnit) -> RowFields:
    """What the other cells of the rows naming the record give it (see the module's docstring)."""
    out = RowFields()
    for m in group.mentions:
        if m.unit.row is None:
            continue
        block = source.document.blocks[m.unit.block]
        table = source.table_of.get(m.unit.block)
        assert block.rows is not None
        header = [c.text for c in block.rows[0]] if table is not None and table.header else []
        for k, cell in enumerate(block.rows[m.unit.row]):
            if k == m.unit.cell:
                continue
            span = [(cell.start, cell.end)]
            cell_mentions = by_unit.get((m.unit.block, m.unit.row, k), [])
            if cell_mentions and not all(c.how == "framework" for c in cell_mentions):
                continue
            role = header_role(header[k]) if k < len(header) else None
            if table is not None and k in table.money_columns:
                totals = [c for c in table.money_columns if c < len(header) and TOTAL_COST.match(N(header[c]).strip())]
                if totals and k not in totals:
                    continue  # `مساهمة الجماعة` beside `الكلفة الإجمالية`: a share of the project's amount
                out.amounts += [Amount(amount=e.value["amount"], currency=e.value.get("currency"))
                                for e in source.entities_in(span, "MONEY")]  # fmt: skip
            elif role in ("funders", "implementers", "partners"):
                out.roles[role] += cell_items(cell.text)
            elif role == "period":
                out.dates += source.entities_in(span, "DATE", "DATE_RANGE")
            elif role == "places":
                found = record_places(source, span, [], [])
                out.places += found or [" ".join(cell.text.split())]
            elif role != "ignore":
                # the organization entities of the cell, else the cell read as a list of organizations
                frameworks = [(c.start, c.end) for c in cell_mentions if c.how == "framework"]
                out.roles["partners"] += [n for n, *_ in organizations(source, span)] or (
                    [] if cell_mentions else [i for i in cell_items(cell.text, latin_splits=True) if ITEM_HEAD_RE.match(N(i))]
                ) or [n for n, *_ in role_lists(source, span, frameworks) if cell_mentions]
                out.places += record_places(source, span, [], [(c.start, c.end) for c in cell_mentions])
    return out
