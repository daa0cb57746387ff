"""A document's text cut into segments for display: each segment is one element of the page carrying
`data-start`/`data-end`, its offsets in `document.text` (Python code points).

The page never computes an offset from rendered text: the browser's script reads the offset of a click
or a selection inside one segment's text node, converts it from UTF-16 units to code points, and adds
the segment's `data-start`. Right-to-left display does not matter, since offsets follow the logical
order of the DOM, not the visual one.

A carriage return is a segment of its own with no text: HTML parsing turns CR LF into one LF, which
would shift every offset after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # a CSS class: "evidence", "field-ev", "ent", ...
    key: str = ""  # what the span stands for: a field name, an entity's index


@dataclass
class Segment:
    start: int
    end: int
    text: str
    spans: list[Span] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # element ids starting here (first segment of a span)

    @property
    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.spans})

    def keys(self, kind: str) -> list[str]:
        return [s.key for s in self.spans if s.kind == kind]

    @property
    def marked(self) -> bool:
        """Shown as a <mark>: part of the record's evidence or of a field's."""
        return any(s.kind in ("evidence", "field-ev") for s in self.spans)


def segments(text: str, spans: list[Span], anchor: dict[Span, str] | None = None) -> list[Segment]:
    """`text` cut at every span boundary and around every carriage return; each segment knows the spans
    covering it. `anchor` gives element ids to put on the first segment of some spans."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = {0, len(text)}
    for span in valid:
        cuts.update((span.start, span.end))
    position = text.find("\r")
    while position != -1:
        cuts.update((position, position + 1))
        position = text.find("\r", position + 1)
    bounds = sorted(cuts)
    anchors = anchor or {}
    by_start: dict[int, list[Span]] = {}
    for span in valid:
        by_start.setdefault(span.start, []).append(span)
    open_spans: list[Span] = []
    result = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        open_spans = [s for s in open_spans if s.end > start] + by_start.get(start, [])
        ids = [anchors[s] for s in by_start.get(start, []) if s in anchors]
        result.append(Segment(start, end, text[start:end], list(open_spans), ids))
    return result
