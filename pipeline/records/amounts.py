"""Amounts: what a record's project costs, from MONEY entities and budget words.

The money column of its table row first, then the MONEY entities of its scope (per-grantee amounts,
`لكل جمعية`, left out; the year they are for kept), then budget words followed by a bare number
(`بمبلغ 500 000`: no currency, low confidence).
"""

from __future__ import annotations

import re

from extractors.money import read_amount_words
from extractors.numbers import NUMBER, SCALE, parse_number, scale_of
from pipeline.model import Amount, Entity
from pipeline.records.lexicon import WORDS, alternation
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Source, Span, inside

AMOUNT_WORDS = read_amount_words()
# An amount announced by a budget word, written without currency: `بمبلغ 500 000`.
BARE_AMOUNT = re.compile(
    rf"(?:{alternation(AMOUNT_WORDS['budget_words'])})(?:\s+(?:{alternation(AMOUNT_WORDS['amount_qualifiers'])}))*"
    rf"\s*(?P<number>{NUMBER})(?:\s*(?P<scale>{SCALE}))?"
)
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


def bare_amounts(source: Source, spans: list[Span]) -> list[Amount]:
    """Amounts announced by a budget word but written without a currency (no MONEY entity)."""
    found: list[Amount] = []
    for span_start, span_end in spans:
        norm = source.norm(span_start, span_end)
        for match in BARE_AMOUNT.finditer(norm.text):
            start, end = norm.to_original(match.start("number"), match.end("number"))
            start, end = start + span_start, end + span_start
            if source.entities_in([(start, end)], "MONEY", overlap=True):
                continue
            value = parse_number(match["number"])
            if value is None or PER_UNIT.match(source.folded(end, end + PER_UNIT_WINDOW).lstrip()):
                continue
            found.append(Amount(amount=value * scale_of(match["scale"]), currency=None))
    return found


@register_field_reader("amounts")
def read_amounts(draft: RecordDraft, settings: Settings) -> None:
    source, scope, record = draft.source, draft.scope, draft.record
    for amount in draft.row.amounts:
        if amount not in record.amounts:
            record.amounts.append(amount)
            draft.at_most("amounts", settings["table_row"])
    for entity in source.entities_in(scope.spans, "MONEY"):
        if entity.source == "taqrir_tables" or per_unit(source, entity):
            continue
        amount = Amount(amount=entity.value["amount"], currency=entity.value.get("currency"), year=year_of(source, entity))
        if all((a.amount, a.currency) != (amount.amount, amount.currency) for a in record.amounts):
            record.amounts.append(amount)
            own = inside(entity.start, entity.end, scope.segments)
            draft.at_most("amounts", settings["own_text"] if own else settings["scope"])
    for amount in bare_amounts(source, scope.spans):
        if all(a.amount != amount.amount for a in record.amounts):
            record.amounts.append(amount)
            draft.at_most("amounts", settings["bare"])
