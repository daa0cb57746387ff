"""Sector: the field a record's project works in, from the keywords of its name and description."""

from __future__ import annotations

from pipeline.records.lexicon import WORDS, N
from pipeline.records.readers import RecordDraft, Settings, register_field_reader

# sector -> its keywords (normalized)
SECTORS: dict[str, list[str]] = WORDS["sectors"]


def sector_of(text: str) -> str | None:
    """The sector whose keywords occur most often in `text` (the first one listed on a tie)."""
    folded = N(text)
    best, score = None, 0
    for sector, words in SECTORS.items():
        hits = sum(folded.count(w) for w in words)
        if hits > score:
            best, score = sector, hits
    return best


@register_field_reader("sector")
def read_sector(draft: RecordDraft, settings: Settings) -> None:
    record = draft.record
    record.sector = sector_of(" ".join([record.name, *record.aliases, record.description or ""]))
