"""Training data from what reviewers did: `TrainingItem`s, passages of original text with their spans.

Two kinds, both read from the store without asking the reviewer anything more:
- entity corrections: each passage (sentence or line) of a document's current content that a reviewer
  corrected an entity in. The reviewer looked at that passage, so its organizations as they now stand
  (the extraction with the corrections applied, `pipeline.store.entities`) are its complete annotation:
  every other token is "not an organization".
- accepted records: the organizations of the record's roles and the project's name, found in the
  record's evidence text. Only those spans are known: the other tokens are left as missing values,
  so an organization the record does not name teaches nothing wrong.

Offsets index the passage's original text (`text[start:end]`), like every offset of the project; the
trainer maps them onto the normalized text the recognizer reads (`NormalizedText.to_normalized`).
Right-to-left text needs nothing special: offsets count code points in logical order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.store import Store
from pipeline.store.entities import apply_corrections

ORG, PROJECT = "ORG", "PROJECT"
ROLE_FIELDS = ("funders", "implementers", "partners")
# A passage ends at a line break or after a sentence's final punctuation.
PASSAGE_END = re.compile(r"\n+|(?<=[.!?؟])\s+")


@dataclass
class TrainingItem:
    text: str
    spans: list[tuple[int, int, str]]
    complete: bool  # every token outside `spans` is known to be outside any entity
    group: str  # the document's content (sha256): the train/held-out split keeps a document on one side
    origin: str  # correction | record | template | gold
    key: str = ""  # where in the document (a passage's offset, a record id): identifies the item
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [list(s) for s in self.spans], "complete": self.complete,
                "group": self.group, "origin": self.origin, "key": self.key}  # fmt: skip


def passages(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every non-blank passage of `text`."""
    bounds, start = [], 0
    for match in PASSAGE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def _passage_of(bounds: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The smallest run of passages holding start:end (an entity may cross a full stop: `م.م.`)."""
    inside = [(a, b) for a, b in bounds if a < end and start < b] or [(a, b) for a, b in bounds if a <= start <= b]
    return (inside[0][0], inside[-1][1]) if inside else None


def correction_items(store: Store, labels: tuple[str, ...] = (ORG,)) -> list[TrainingItem]:
    """One complete item per passage a reviewer corrected an entity of `labels` in."""
    items = []
    for path in store.corrected_document_paths():
        result = store.document(path)
        if result is None:
            continue
        text = result.document.text
        corrections = store.entity_corrections(path)
        standing = [e for e in apply_corrections(result.entities, corrections, text) if e.label in labels]
        bounds = passages(text)
        touched: set[tuple[int, int]] = set()
        for c in corrections:
            if c["label"] not in labels and c["old_label"] not in labels:
                continue
            for a, b in ((c["start"], c["end"]), (c["old_start"], c["old_end"])):
                if a is not None and b is not None and (passage := _passage_of(bounds, a, b)):
                    touched.add(passage)
        for start, end in sorted(_merged(touched, standing)):
            spans = [(e.start - start, e.end - start, e.label) for e in standing if start <= e.start and e.end <= end]
            items.append(TrainingItem(text[start:end], spans, True, result.document.sha256, "correction", f"{path}@{start}"))
    return items


def _merged(passages_: set[tuple[int, int]], entities: list[Any]) -> set[tuple[int, int]]:
    """Passages widened over any entity that crosses their ends, so no span is cut."""
    widened = set()
    for start, end in passages_:
        for e in entities:
            if e.start < end < e.end:
                end = e.end
            if e.start < start < e.end:
                start = e.start
        widened.add((start, end))
    return widened


def locate(text: str, name: str) -> list[tuple[int, int]]:
    """Every place `name` is written in `text` (runs of blanks match any run of blanks)."""
    words = name.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [m.span() for m in re.finditer(pattern, text)]


def record_items(store: Store) -> list[TrainingItem]:
    """One partial item per evidence passage of an accepted record: its organizations and its name."""
    items = []
    contents: dict[str, str] = {}  # document path -> sha256 of its current content

    def content_of(path: str) -> str:
        if path not in contents:
            result = store.document(path)
            contents[path] = result.document.sha256 if result else path
        return contents[path]

    for view in store.records(status="accepted"):
        values = view.values
        names: list[tuple[str, str]] = [(PROJECT, values["name"])] if values.get("name") else []
        for role in ROLE_FIELDS:
            names += [(ORG, o["name"] if isinstance(o, dict) else o) for o in values.get(role) or []]
        for evidence in view.record.evidences or [view.record.evidence]:
            spans: set[tuple[int, int, str]] = set()
            for label, name in names:
                spans |= {(a, b, label) for a, b in locate(evidence.text, name)}
            kept = _without_overlaps(sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))))
            if kept:
                path = evidence.document or (view.record.documents[0] if view.record.documents else view.record_id)
                items.append(TrainingItem(evidence.text, kept, False, content_of(path), "record",
                                          f"{view.record_id}@{evidence.start}"))  # fmt: skip
    return items


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The longest span where several overlap (a project named after its funder: the project wins)."""
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
            kept.append(span)
    return sorted(kept)


def reviewed_items(store: Store) -> list[TrainingItem]:
    """Everything reviewers taught: corrected passages, then accepted records."""
    return correction_items(store) + record_items(store)
