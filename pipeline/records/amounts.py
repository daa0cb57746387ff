"""Amounts: what a record's project costs, from MONEY entities and budget words.

The money column of its table row first, then the MONEY entities of its scope (per-grantee amounts,
`لكل جمعية`, left out; the year they are for kept), then the MONEY entities the money extractor
found without currency (a bare number after a budget word, `بمبلغ 500 000`: low confidence).
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.money import read_amount_words
from pipeline.model import Amount, Entity
from pipeline.records.lexicon import WORDS
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Source, Span, inside

AMOUNT_WORDS = read_amount_words()
# What is said after an amount given to each of several grantees.
PER_UNIT = re.compile(rf"^\s*(?:{alternation(AMOUNT_WORDS['per_unit'])})")
YEAR_CUE = re.compile(rf"(?:{alternation(WORDS['year_cues'])})\s*$")
# A total amount: `بغلاف مالي إجمالي يقدر ب ...` within a window of characters before the amount.
TOTAL_AMOUNT_CUE = re.compile(alternation(AMOUNT_WORDS["total_cues"]))
PER_UNIT_WINDOW = 20  # characters after an amount where `لكل` makes it a per-grantee amount


def per_unit(source: Source, money: Entity) -> bool:
    """`10 000 درهم لكل جمعية`: an amount given to each of several grantees, not the project's."""
    return PER_UNIT.match(source.folded(money.end, money.end + PER_UNIT_WINDOW)) is not None


def total_given(source: Source, spans: list[Span], window: int) -> bool:
    """Whether a total amount (`بغلاف مالي إجمالي ...`) is given in the spans (table amounts left out)."""
    return any(TOTAL_AMOUNT_CUE.search(source.folded(e.start - window, e.start))
               for e in source.entities_in(spans, "MONEY") if e.source != "taqrir_tables")  # fmt: skip


def year_of(source: Source, money: Entity) -> int | None:
    """The year an amount is for, when its sentence says so before it (`برسم سنة 2017`, `لسنة 2018`)."""
    start = source.sentence_start(money.start)
    years = [e for e in source.entities_in([(start, money.start)], "DATE", overlap=True) if start <= e.start < money.start
             and re.fullmatch(r"\d{4}", e.value.get("value", ""))
             and YEAR_CUE.search(source.folded(max(start, e.start - 12), e.start))]  # fmt: skip
    return int(years[-1].value["value"]) if years else None


def _bare(entity: Entity) -> bool:
    """A MONEY entity for a number a budget word announces, written without currency (`بمبلغ 500 000`)."""
    return entity.value.get("currency") is None and entity.source != "taqrir_tables"


@register_field_reader("amounts")
def read_amounts(draft: RecordDraft, settings: Settings) -> None:
    source, scope, record = draft.source, draft.scope, draft.record
    for amount in draft.row.amounts:
        if amount not in record.amounts:
            record.amounts.append(amount)
            draft.at_most("amounts", settings["table_row"])
    listed = scope.main.how == "ordinal"  # an item a plural announces: the amounts before it are the plural's
    for entity in source.entities_in(scope.spans, "MONEY"):
        if entity.source == "taqrir_tables" or _bare(entity) or per_unit(source, entity):
            continue
        if listed and entity.end <= scope.main.start:
            continue  # `42 مشروعا بغلاف مالي إجمالي ...، ومن بينها إحداث X بكلفة ...`: X costs its own amount
        amount = Amount(amount=entity.value["amount"], currency=entity.value.get("currency"), year=year_of(source, entity))
        if all((a.amount, a.currency) != (amount.amount, amount.currency) for a in record.amounts):
            record.amounts.append(amount)
            own = inside(entity.start, entity.end, scope.segments)
            draft.at_most("amounts", settings["own_text"] if own else settings["scope"])
    # amounts written without currency last, once per value, with a low confidence and no year
    for span in scope.spans:
        for entity in source.entities_in([span], "MONEY"):
            if not _bare(entity) or per_unit(source, entity):
                continue
            if all(a.amount != entity.value["amount"] for a in record.amounts):
                record.amounts.append(Amount(amount=entity.value["amount"], currency=None))
                draft.at_most("amounts", settings["bare"])
