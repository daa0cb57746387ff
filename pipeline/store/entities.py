"""A document's entities as reviewers left them: the extraction's entities with the store's entity
corrections applied, oldest first. The review app shows them; `taqrir train` learns from them.

Each correction says what should hold, so applying it twice changes nothing and a re-extraction that
now finds the corrected entity by itself does not get it twice: `add` makes sure an entity with that
label has those offsets, `remove` that none has the old ones, `relabel` and `move` replace the entity at
the old offsets (or at the new ones when no old ones are given) by the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.model import Entity


@dataclass
class ShownEntity:
    label: str
    start: int
    end: int
    text: str
    origin: str  # the extractor component, or "reviewer NAME"
    corrected: bool = False


def apply_corrections(entities: list[Entity], corrections: list[dict[str, Any]], text: str) -> list[ShownEntity]:
    shown = [ShownEntity(e.label, e.start, e.end, e.text, e.source or "extraction") for e in entities]
    for c in corrections:
        old = (c["old_start"], c["old_end"]) if c["old_start"] is not None else None
        new = (c["start"], c["end"]) if c["start"] is not None else None
        if c["action"] == "remove" and old:
            shown = [e for e in shown if (e.start, e.end) != old or (c["old_label"] and e.label != c["old_label"])]
            continue
        if new is None:
            continue
        replaced = old if c["action"] in ("move", "relabel") and old else new
        shown = [e for e in shown if (e.start, e.end) not in (replaced, new)]
        shown.append(ShownEntity(c["label"], new[0], new[1], text[new[0]:new[1]], f"reviewer {c['user']}", True))
    return sorted(shown, key=lambda e: (e.start, e.end, e.label))
