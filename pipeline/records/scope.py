"""Scope: the stretches of text a record reads its fields from.

A record's own text is its segments: each mention's stretch of its unit up to the next mention (a
cell's or item's leading date included). Its scope adds the following blocks that refer back to it
(`هذا المشروع`, and the list they introduce), or the whole section under a heading that names it;
the heading framing its block (`في إطار الشراكة مع ...`) gives roles only. A report whose title names
its only project is that project's scope as a whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.records.lexicon import DEF_CUE, LETTER, REFERENCE, ROLE_CUE_LIST
from pipeline.records.mentions import Group, Mention
from pipeline.records.source import Source, Span

ANAPHORA = re.compile(rf"(?<!{LETTER})(?:{REFERENCE}\s+)?{DEF_CUE}(?!{LETTER})")
PARTNER_CUES = [cue for cue, role in ROLE_CUE_LIST if role == "partners"]

MentionsByUnit = dict[tuple[int, int | None, int | None], list[Mention]]


@dataclass
class RecordScope:
    group: Group
    segments: list[Span]  # the record's own text
    spans: list[Span]  # all the text it reads its fields from
    role_only: list[Span]  # text it reads roles from only (a framing heading)
    single: bool  # the report is about this project alone
    names: ProjectNames  # where the document names projects

    @property
    def main(self) -> Mention:
        return self.group.main

    @property
    def mention_spans(self) -> list[Span]:
        return [(m.start, m.end) for m in self.group.mentions]


class ProjectNames:
    """Where the document names projects (twinning frameworks left out: their parties are bodies)."""

    def __init__(self, mentions: list[Mention]):
        self.spans = sorted((m.start, m.end) for m in mentions if m.how != "framework")
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def contain(self, start: int, end: int) -> bool:
        """Whether the span is inside a project's name (`مشروع وكالة الحي`)."""
        i = bisect_right(self.starts, start) - 1
        while i >= 0 and self.spans[i][0] >= start - self.longest:
            if end <= self.spans[i][1]:
                return True
            i -= 1
        return False


def segment(mention: Mention, unit_mentions: list[Mention]) -> Span:
    """From the mention (or the unit start, for the first one) to the next mention of the unit."""
    own = [m for m in unit_mentions if m.alias_of is None]
    index = next((i for i, m in enumerate(own) if m is mention), None)
    if index is None:  # an alias: its main mention's segment
        main = mention.alias_of
        while main is not None and main.alias_of is not None:
            main = main.alias_of
        return segment(main, unit_mentions) if main is not None else (mention.start, mention.end)
    start = mention.unit.start if index == 0 and not mention.framework else mention.start
    following = index + 1
    while following < len(own) and own[following].framework:
        following += 1  # `مشروع X التابع لبرنامج Y الممول من ...`: Y's roles are X's too
    end = own[following].start if following < len(own) else mention.unit.end
    if index > 0 and own[index - 1].framework and not mention.framework:
        # a project named after its framework in the same unit (في إطار X، ... مشروع Y): the leading date is Y's
        start = mention.unit.start
    return start, end


def following_blocks(source: Source, block_index: int, mention_blocks: set[int]) -> list[int]:
    """Blocks after a mention's block that refer back to it (and the lists they introduce); under
    a heading naming the project, its whole section (up to the next heading or project)."""
    text, blocks = source.text, source.document.blocks
    extra: list[int] = []
    introduces = text[blocks[block_index].start : blocks[block_index].end].rstrip().endswith(":")
    section = blocks[block_index].kind == "heading"
    for i in range(block_index + 1, len(blocks)):
        block = blocks[i]
        if block.kind == "table" or i in mention_blocks:
            break
        if section:
            if block.kind == "heading" and not ANAPHORA.search(source.folded(block.start, block.end)):
                break
            extra.append(i)
            continue
        body = source.folded(block.start, block.end)
        if ANAPHORA.search(body):
            extra.append(i)
            introduces = body.rstrip().endswith(":")
        elif introduces and block.kind == "list_item":
            extra.append(i)
        else:
            break
    return extra


def framing_heading(source: Source, block_index: int) -> int | None:
    """The heading right above the block when it frames it with a partnership (`في إطار الشراكة مع ...`)."""
    if block_index == 0:
        return None
    block = source.document.blocks[block_index - 1]
    if block.kind != "heading":
        return None
    body = source.folded(block.start, block.end)
    return block_index - 1 if any(cue in body for cue in PARTNER_CUES) else None


def record_scope(source: Source, group: Group, by_unit: MentionsByUnit, mention_blocks: set[int], single: bool,
                 names: ProjectNames) -> RecordScope:  # fmt: skip
    """The segments and scope of the record a group of mentions names."""
    blocks = source.document.blocks
    segments = [segment(m, by_unit[m.unit.where]) for m in group.mentions]
    if single:
        spans = [(b.start, b.end) for b in blocks if b.kind != "table"]
    else:
        extra = [i for m in group.mentions if m.unit.row is None for i in following_blocks(source, m.unit.block, mention_blocks)]
        spans = [*segments, *((blocks[i].start, blocks[i].end) for i in extra)]
    main = group.main
    heading = framing_heading(source, main.unit.block) if main.unit.row is None else None
    role_only = [(blocks[heading].start, blocks[heading].end)] if heading is not None else []
    return RecordScope(group=group, segments=segments, spans=spans, role_only=role_only, single=single, names=names)
