"""What the record readers read: a document's text and blocks, its entities, its tables.

Entities are indexed by label and start, so that a record's fields are read by bisection without
scanning every entity of a long report; spans are normalized once however often they are read.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

from pipeline.model import Document, Entity, Evidence, Table
from pipeline.normalize import NormalizedText, normalize
from pipeline.records.labels import block_labels

Span = tuple[int, int]


def inside(start: int, end: int, spans: list[Span]) -> bool:
    """Whether start:end lies within one of the spans."""
    return any(s <= start and end <= e for s, e in spans)


class Source:
    def __init__(self, document: Document, entities: list[Entity], tables: list[Table],
                 normalized: NormalizedText | None = None):  # fmt: skip
        self.document = document
        self.text = document.text
        # the document normalized once (by the caller, for extraction, or here); spans are cut from it
        self.normalized = normalized if normalized is not None else normalize(document.text)
        self.entities = sorted(entities, key=lambda e: e.start)
        # label -> its entities, their starts, the longest one's length, their positions in self.entities
        self._by_label: dict[str, tuple[list[Entity], list[int], int, list[int]]] = {}
        for label in {e.label for e in self.entities}:
            positions = [i for i, e in enumerate(self.entities) if e.label == label]
            of_label = [self.entities[i] for i in positions]
            self._by_label[label] = (of_label, [e.start for e in of_label], max(e.end - e.start for e in of_label), positions)
        self._norms: dict[Span, NormalizedText] = {}
        self.tables = tables
        # the tables extracted from table blocks, by block index (when they can be paired one to one)
        table_blocks = [i for i, b in enumerate(document.blocks) if b.kind == "table"]
        self.table_of: dict[int, Table] = dict(zip(table_blocks, tables, strict=False)) if len(tables) == len(table_blocks) else {}

    def entities_in(self, spans: list[Span], *labels: str, overlap: bool = False) -> list[Entity]:
        """The entities of the labels inside the spans (or overlapping them, with `overlap`), in text order."""
        picked: dict[int, Entity] = {}
        for label in labels:
            index = self._by_label.get(label)
            if index is None:
                continue
            entities, starts, longest, positions = index
            for s, e in spans:
                # an entity overlapping the span starts at most `longest` characters before it
                i = bisect_left(starts, s - longest if overlap else s)
                while i < len(entities) and entities[i].start < e:
                    entity = entities[i]
                    if entity.end > s if overlap else (s <= entity.start and entity.end <= e):
                        picked[positions[i]] = entity
                    i += 1
        return [picked[i] for i in sorted(picked)]

    def norm(self, start: int, end: int) -> NormalizedText:
        """The normalized text of a span, kept (a record's scope is read several times)."""
        found = self._norms.get((start, end))
        if found is None:
            found = self._norms[(start, end)] = self.normalized.part(start, end)
        return found

    def window(self, start: int, end: int) -> NormalizedText:
        """The normalized text of a short span, not kept."""
        return self.normalized.part(start, end)

    def folded(self, start: int, end: int) -> str:
        """The normalized form of text[start:end] (offsets clipped to the text)."""
        return self.normalized.folded(max(0, start), end)

    def sentence_start(self, offset: int) -> int:
        """Where the sentence (or line) holding `offset` starts."""
        return max(self.text.rfind(".", 0, offset), self.text.rfind("\n", 0, offset)) + 1

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start=start, end=end, page=self.document.page_at(start), text=self.text[start:end],
                        document=self.document.path)  # fmt: skip

    @cached_property
    def labels(self) -> dict[int, tuple[str, int]]:
        """Labelled blocks: block index -> (field, where the content starts); see `labels.block_labels`."""
        return block_labels(self.document, self.normalized)

    @cached_property
    def labelled_periods(self) -> list[Entity]:
        """Date ranges inside a block labelled as a period (`مدة التنزيل`), whatever record they are for."""
        blocks = [self.document.blocks[i] for i, (role, _) in self.labels.items() if role == "period"]
        return self.entities_in([(b.start, b.end) for b in blocks], "DATE_RANGE")

    @cached_property
    def label_index(self) -> tuple[list[int], list[tuple[int, int, int]]]:
        """The labelled blocks in text order, (start, position in `labels`, block index), and their starts."""
        order = sorted((self.document.blocks[i].start, k, i) for k, i in enumerate(self.labels))
        return [s for s, _, _ in order], order
