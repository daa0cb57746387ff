"""Period: when a record's project runs, from the DATE and DATE_RANGE entities of its text.

In order of trust: a range in a block labelled as a period (`مدة التنزيل`), the date a table cell or
list item opens with, a range then a date in the record's own text, a range elsewhere in its scope,
the period column of its table row. An open end is counted from a duration (`مدة المشروع ثلاث
سنوات`, `يمتد تنفيذه ثلاث سنوات`), in months when the start has its month. A date after a verb of ending
(`تنتهي الأشغال سنة 2026`، `حيز الاستغلال سنة 2027`) is the end, not a start. A project named as the
frame of another (`في إطار X`) takes no date from that sentence.
The sentence around the date says whether it is planned (`سيتم`) or actual (`انطلق`).
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.dates import MONTH_UNITS, YEAR_UNITS, DateValue, count_words, duration_end, period_count
from pipeline.model import Entity
from pipeline.records.lexicon import DEF_CUE, LETTER, WORDS, N
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Span, inside

LAUNCH = re.compile(alternation(WORDS["launch_words"]))
PLANNED = re.compile(alternation(WORDS["planned_words"]))
# `مدة المشروع ثلاث سنوات`: a duration, its number of years or months in digits or words
_COUNT = rf"(?P<n>\d+|(?:{alternation(count_words())})(?!{LETTER}))"
_UNIT = rf"(?P<unit>{alternation(YEAR_UNITS + MONTH_UNITS)})"
DURATION = re.compile(
    rf"(?:{alternation(WORDS['duration_words'])})\s+(?:{DEF_CUE}\s+)?{_COUNT}\s*{_UNIT}?"
    # `يمتد تنفيذه ثلاث سنوات`، `ستستغرق الأشغال سنتين`: a verb of lasting, at most two words, the count
    # (digits only with their unit: `يمتد من 2023` is no duration)
    rf"|(?<!{LETTER})[وف]?(?:{alternation(WORDS['duration_verbs'])})\s+(?:{LETTER}+\s+){{0,2}}?"
    rf"(?:(?P<n2>\d+)\s*(?P<unit2>{alternation(YEAR_UNITS + MONTH_UNITS)})"
    rf"|(?P<n3>(?:{alternation(count_words())}))(?!{LETTER})\s*(?P<unit3>{alternation(YEAR_UNITS + MONTH_UNITS)})?)"
)
END_CUE = re.compile(rf"(?:{alternation(WORDS['end_cues'])})\s*(?:{N('سنة')}\s*)?$"
                     # `تنتهي الأشغال سنة`، `يدخل المشروع حيز الاستغلال سنة`، `ينتهي التنفيذ في`: a verb of ending
                     rf"|(?<!{LETTER})[وف]?(?:{alternation(WORDS['end_verbs'])})(?:\s+{LETTER}+){{0,3}}?"
                     rf"\s*(?:(?:{N('سنة')}|{N('في')}|{N('خلال')}|{N('بحلول')})\s*)?$")
SINGLE_YEAR = re.compile(rf"(?:{alternation(WORDS['single_year_cues'])})\s*(?:{N('سنة')}\s*)?$")
DATED_ACT = re.compile(rf"(?<!{LETTER})[وف]?(?:{alternation(WORDS['dated_acts'])})(?!{LETTER})")
EVENT_BEFORE = re.compile(rf"(?<!{LETTER})(?:{alternation(WORDS['not_dating_events'])})(?!{LETTER})")
CUE_WINDOW = 25  # characters before a date searched for a single-year cue
END_WINDOW = 45  # characters before a date searched for an end cue (a verb of ending and its subject)
EVENT_WINDOW = 60  # characters before a date searched for an event it dates
# Nothing but blanks and bullets before a date opening a unit (matched in place: units may be long).
LEADING_GAP = re.compile(r"[ \t\n\-–•*]*")
CONTEXT = 120  # characters each side of the date that say whether it is planned or actual


def _chosen_date(draft: RecordDraft, settings: Settings) -> tuple[Entity | None, float]:
    """The date the record's period comes from, and how sure that is."""
    source, scope = draft.source, draft.scope
    labelled = [e for e in source.labelled_periods if inside(e.start, e.end, scope.spans)]
    segments: list[Span] = scope.segments
    if all(m.framework for m in scope.group.mentions):
        segments = scope.mention_spans  # named as a frame: the sentence is about another thing
    in_segments = [e for e in source.entities_in(segments, "DATE", "DATE_RANGE") if _dates_the_record(draft, e)]
    # the date a table cell or list item opens with (`2024: ...`) dates what the unit describes
    leading = [e for e in in_segments for s, _ in segments
               if s <= e.start and LEADING_GAP.fullmatch(source.text, s, e.start)]  # fmt: skip
    if labelled:
        return labelled[0], settings["labelled"]
    if leading:
        return leading[0], settings["leading"]
    ranges = [e for e in in_segments if e.label == "DATE_RANGE"]
    if ranges:
        return ranges[0], settings["range"]
    if in_segments:
        return in_segments[0], settings["date"]
    in_scope = source.entities_in(scope.spans, "DATE_RANGE")
    if in_scope:
        return in_scope[0], settings["scope_range"]
    sentence = _sentence_date(draft)
    if sentence is not None:
        return sentence, settings["sentence_date"]
    return None, 0.0


def _dates_the_record(draft: RecordDraft, date: Entity) -> bool:
    """Not a date inside the record's name (`زلزال 8 شتنبر 2023`), nor the date of an event around it
    (`زيارة ميدانية ... يوم 3 دجنبر 2022`، `في دورته العادية لشهر مارس`)."""
    if any(m.start <= date.start and date.end <= m.end for m in draft.scope.group.mentions):
        return False
    return not EVENT_BEFORE.search(_before(draft, date, EVENT_WINDOW))


def _before(draft: RecordDraft, date: Entity, window: int = CUE_WINDOW) -> str:
    """The words of the date's clause just before it (at most `window` characters)."""
    source = draft.source
    start = max(source.sentence_start(date.start), date.start - window)
    return source.folded(start, date.start).split("،")[-1]


def _duration_end(draft: RecordDraft, start: str) -> str | None:
    """The end a duration written in the scope gives a period starting at `start` (the first duration
    only), inclusive: a year start + N years or months gives a year; a start with its month + N months
    gives a month (`شتنبر 2021` + 30 months -> `2024-02`), + N years a year."""
    for span_start, span_end in draft.scope.spans:
        match = DURATION.search(draft.source.folded(span_start, span_end))
        if match:
            count = match["n"] or match["n2"] or match["n3"]
            unit = match["unit"] or match["unit2"] or match["unit3"]
            year, *rest = (int(part) for part in start.split("-"))
            in_months = unit in MONTH_UNITS if unit else (not count.isdigit() and (period_count(count) or (0, False))[1])
            end = duration_end(DateValue(year, rest[0]) if in_months and rest else DateValue(year), count, unit)
            return end.iso() if end is not None else None
    return None


def _end_after(draft: RecordDraft, chosen: Entity) -> str | None:
    """A year after an end cue later in the record's text (`وتنتهي سنة 2027`، `إلى غاية 2025`)."""
    for date in draft.source.entities_in(draft.scope.segments, "DATE"):
        if date.start > chosen.end and _ends(draft, date):
            return date.value.get("value")
    return None


def _ends(draft: RecordDraft, date: Entity) -> bool:
    """Whether the words before a date say it ends the project (`وتنتهي سنة`، `تنتهي الأشغال سنة`)."""
    return END_CUE.search(_before(draft, date, END_WINDOW)) is not None


def _sentence_date(draft: RecordDraft) -> Entity | None:
    """The date of the sentence naming the record, written before its name, when the sentence
    signs or launches something (`وقعت ...، يوم 10 أبريل 2019، اتفاقيتي تمويل: ... والثانية بمنحة ...`)."""
    source, main = draft.source, draft.scope.main
    start = source.sentence_start(main.start)
    if not DATED_ACT.search(source.folded(start, main.start)):
        return None
    dates = [d for d in source.entities_in([(start, main.start)], "DATE") if _dates_the_record(draft, d)]
    return dates[0] if dates else None


@register_field_reader("period")
def read_period(draft: RecordDraft, settings: Settings) -> None:
    record, conf = draft.record, draft.confidence
    chosen, how = _chosen_date(draft, settings)
    if chosen is not None:
        if chosen.label == "DATE_RANGE":
            record.start, record.end = chosen.value.get("start"), chosen.value.get("end")
            if record.start is None:  # `إلى غاية 2025`: the start is the date written before (a signature)
                before = [d for d in draft.source.entities_in(draft.scope.segments, "DATE") if d.end <= chosen.start]
                record.start = before[0].value.get("value") if before else None
        else:
            record.start = chosen.value.get("value")
            if _ends(draft, chosen):  # `ينتظر أن تنتهي الأشغال سنة 2026`: an end, no start
                record.start, record.end = None, record.start
            elif record.start and len(record.start) == 4 and SINGLE_YEAR.search(_before(draft, chosen)):
                record.end = record.start  # `برسم سنة 2023`
            elif (end := _end_after(draft, chosen)) is not None:
                record.end = end
        sentence = draft.source.folded(chosen.start - CONTEXT, chosen.end + CONTEXT)
        record.date_status = "planned" if PLANNED.search(sentence) else ("actual" if LAUNCH.search(sentence) else None)
        if record.start and not record.end:
            end = _duration_end(draft, record.start)
            if end is not None:
                record.end = end
                conf["end"] = settings["duration_end"]
        conf["start"] = how
        if record.end and "end" not in conf:
            conf["end"] = how
    if record.start is None and record.end is None and draft.row.dates:
        date = draft.row.dates[0]
        record.start = date.value.get("start", date.value.get("value"))
        record.end = date.value.get("end")
        conf["start"] = conf["end"] = settings["table_row"]
