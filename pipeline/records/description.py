"""Description: the first sentence of a record's own text."""

from __future__ import annotations

import re

from pipeline.records.readers import RecordDraft, Settings, register_field_reader

SENTENCE_END = re.compile(r"[.!؟?]\s")


def first_sentence(text: str, max_chars: int) -> str | None:
    """The first sentence of `text`, its blanks folded, cut at `max_chars` characters."""
    text = " ".join(text.split())
    if not text:
        return None
    cut = SENTENCE_END.search(text)
    text = text[: cut.start() + 1] if cut else text
    return text[:max_chars]


@register_field_reader("description")
def read_description(draft: RecordDraft, settings: Settings) -> None:
    start, end = draft.scope.segments[0]
    draft.record.description = first_sentence(draft.source.text[start:end], settings["max_chars"])
