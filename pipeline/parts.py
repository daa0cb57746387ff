"""Where a long text is cut into parts that are extracted one at a time.

A spaCy Doc costs over a hundred bytes a character (tokens, lexemes, the components' spans): a 30 MB
report extracted whole needs gigabytes; in parts of 250,000 characters (about 30 MB each) it needs
what one part needs. A cut falls where no entity runs across it: at a paragraph break when the part has one, else
at a line break, a sentence end, a space, and only for a run of text without any of these at the
bound itself. Parts are contiguous and cover the whole text, so offsets found in a part become
offsets of the text by adding the part's start.
"""

from __future__ import annotations

import re

# The boundaries a part may end at, best first; each match ends where the next part starts.
BOUNDARIES = [
    re.compile(r"\n[ \t\u00a0]*\n\s*"),  # a paragraph break (and the blank lines after it)
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"[.!?؟؛;…]+[\"'»”)\]]*\s+"),  # a sentence end and the spaces after it
    re.compile(r"\s+"),  # between two words
]


def part_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts of `text`, each at most `max_chars` long, cut at the best
    boundary in the second half of the part's reach."""
    if max_chars <= 0:
        raise ValueError(f"a part must hold at least one character, not {max_chars}")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        reach = start + max_chars
        cut = _last_boundary(text, start + max_chars // 2, reach) or reach
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _last_boundary(text: str, low: int, high: int) -> int | None:
    """The end of the last match of the best boundary kind lying wholly in text[low:high]."""
    for pattern in BOUNDARIES:
        last = None
        for last in pattern.finditer(text, low, high):  # noqa: B007 (only the last one counts)
            pass
        if last is not None and last.end() > low:
            return last.end()
    return None
