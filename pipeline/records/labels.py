"""Labels written beside a block (a short heading above or below it, or a label opening its first line)
that say which field the block lists: `ممول المشروع` under a list of funders, `الشركاء:` opening one,
`مدة التنزيل` above a period."""

from __future__ import annotations

import re

from extractors.base import alternation
from pipeline.model import Document
from pipeline.normalize import NormalizedText
from pipeline.records.lexicon import LETTER, WORDS

LABELS: dict[str, list[str]] = WORDS["labels"]  # field -> its labels; `ignore`: fields records do not read
LABEL_MAX_WORDS = 6
# A label opening a heading or header (`الشركاء ...`), a label line's text before its colon (`الجهة الممولة`).
LABEL_START = [(role, re.compile(rf"(?:{alternation(words)})(?!{LETTER})")) for role, words in LABELS.items()]
LABEL_LINE = [(role, re.compile(rf"(?:{alternation(words)})(?:\s+\S+)?")) for role, words in LABELS.items()]


def label_role(text: str) -> str | None:
    """The field a label opening `text` (normalized) names, if any."""
    for role, pattern in LABEL_START:
        if pattern.match(text):
            return role
    return None


def block_labels(document: Document, normalized: NormalizedText) -> dict[int, tuple[str, int]]:
    """Block index -> (field, where its content starts), for blocks labelled by a short heading
    above or below them, or by a label opening their first line (`الشركاء: ...`)."""
    text, blocks = document.text, document.blocks
    labelled: dict[int, tuple[str, int]] = {}
    label_at: dict[int, str] = {}
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        body = normalized.folded(block.start, block.end).strip()
        if len(body.split()) <= LABEL_MAX_WORDS:
            role = label_role(body)
            if role is not None:
                label_at[i] = role
    for i, role in label_at.items():
        body = text[blocks[i].start : blocks[i].end].strip()
        before = i - 1
        if ":" in body and not body.endswith(":"):
            labelled[i] = (role, blocks[i].start + text[blocks[i].start : blocks[i].end].index(":") + 1)
        elif not body.endswith(":") and before >= 0 and before not in label_at and before not in labelled and blocks[before].kind != "table":
            labelled[before] = (role, blocks[before].start)
        elif i + 1 < len(blocks) and i + 1 not in label_at:
            labelled[i + 1] = (role, blocks[i + 1].start)
    for i, block in enumerate(blocks):
        # `الجهة الممولة:` on the first line of the block that lists them
        first_line = text[block.start : block.end].split("\n")[0]
        if i in label_at or i in labelled or block.kind == "table" or ":" not in first_line:
            continue
        label = normalized.folded(block.start, block.start + first_line.index(":")).strip()
        if len(label.split()) > LABEL_MAX_WORDS:
            continue
        for role, pattern in LABEL_LINE:
            if pattern.fullmatch(label):
                labelled[i] = (role, block.start + first_line.index(":") + 1)
                break
    return labelled
