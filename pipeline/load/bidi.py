"""Bidi repair: turn a line of characters in *visual* order (left to right on the page) back
into the *logical* order a reader reads and a text file stores.

A PDF stores glyphs with positions; what a reader sees on an Arabic page is the result of the
Unicode bidi algorithm applied to the logical text by the program that made the PDF. Undoing it
is what this module does, with pure functions on strings (the caller sorts the characters of a
line by their x position first):

* the line is reversed (Arabic runs right to left = reading order);
* the runs the bidi algorithm laid out left to right (Latin words, digit runs such as `2017`,
  `31/12/23`, `01:`) are found with the algorithm's own rules and put back the right way;
* space-separated digit groups, `2017-2018` ranges and brackets around them come out as they are
  stored (`1 045 500`, not `500 045 1`), because in an Arabic paragraph each group is its own run.

The inverse is not unique in general (`ICMD 2030` on screen may have been typed either way); the
most common reading of Arabic administrative text is chosen, and the ambiguous digit-only lines
(a table cell holding `480 000`) are settled by what a well-formed grouped number looks like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIRRORS = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<", "«": "»", "»": "«"}
OPENERS = "([{"
CLOSERS = ")]}"

R, L, D, CS, ES, ET, N = "R", "L", "D", "CS", "ES", "ET", "N"
AN, EN = "AN", "EN"


@lru_cache(maxsize=4096)
def char_class(ch: str) -> str:
    """A simplified Unicode bidi class: R (Arabic/Hebrew letters), L, D (digits), CS, ES, ET, N."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL", "NSM"):  # marks stay with the Arabic letter they sit on
        return R
    if bidi == "L":
        return L
    if bidi in ("EN", "AN"):
        return D
    if bidi in ("CS", "ES", "ET"):
        return bidi
    return N


def has_rtl(text: str) -> bool:
    return any(char_class(ch) == R for ch in text)


def _levels(chars: str, context: str | None) -> list[int]:
    """Embedding levels (1 = right to left, 2 = left to right) of `chars` taken as logical text
    of a right-to-left paragraph. `context` is the strong type (R or L) before the line, None at
    the start of a paragraph."""
    n = len(chars)
    types = [char_class(ch) for ch in chars]
    # W2/W7: a digit takes its kind from the strong letter before it.
    last = context
    for i, t in enumerate(types):
        if t in (R, L):
            last = t
        elif t == D:
            types[i] = L if last == L else AN if last == R else EN
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        t, before, after = types[i], types[i - 1], types[i + 1]
        if before == after == EN and t in (CS, ES) or before == after == AN and t == CS:
            types[i] = before
    # W5: currency/percent signs next to European numbers.
    for i, t in enumerate(types):
        if t == ET:
            j = i
            while j < n and types[j] == ET:
                j += 1
            if (i > 0 and types[i - 1] == EN) or (j < n and types[j] == EN):
                for k in range(i, j):
                    types[k] = EN
    # N1/N2: neutrals between two left-to-right letters go left to right; all others right to left.
    i = 0
    while i < n:
        if types[i] in (CS, ES, ET, N):
            j = i
            while j < n and types[j] in (CS, ES, ET, N):
                j += 1
            before = types[i - 1] if i else R
            after = types[j] if j < n else R
            for k in range(i, j):
                types[k] = L if before == L and after == L else R
            i = j
        else:
            i += 1
    return [1 if t == R else 2 for t in types]


GROUPED_NUMBER = re.compile(r"^(?:[1-9]\d{0,2}|0)(?: \d{3})+$")


def _well_formed_numbers(text: str) -> int:
    """How many space-separated digit sequences of `text` read as properly grouped numbers."""
    score = 0
    for match in re.finditer(r"\d+(?: \d+)+", text):
        score += 1 if GROUPED_NUMBER.match(match.group()) else -1
    return score


def digits_only(visual: str) -> bool:
    """A line with digits and no letter at all (a table cell such as `1 045 500`)."""
    return not any(char_class(ch) in (R, L) for ch in visual) and any(ch.isdigit() for ch in visual)


# A plus sign is a prefix (`+212 5 37 00 00 00`): before its digits it reads right, after them
# (`00 00 00 37 5 212+`) it is a prefix laid out right to left.
SIGN_BEFORE_DIGITS = re.compile(r"(?:^|\s)\+\d")
SIGN_AFTER_DIGITS = re.compile(r"\d\+(?:\s|$)")


def _reading_score(text: str) -> int:
    """How well a digits-only reading is formed: grouped numbers (`1 045 500`) and signs before
    their digits count for it, ill-grouped runs and signs after their digits against it. Typography,
    not the producer: Word lays a phone number out left to right in an Arabic paragraph, LibreOffice
    and Chromium right to left (`00 00 00 37 5 212+`), and the well-formed reading is the typed one
    in both."""
    signs = len(SIGN_BEFORE_DIGITS.findall(text)) - len(SIGN_AFTER_DIGITS.findall(text))
    return _well_formed_numbers(text) + signs


def digit_line_vote(visual: str) -> int:
    """+1 when a digits-only line reads better right to left, -1 when as drawn, 0 when both do."""
    if not digits_only(visual):
        return 0
    rtl, ltr = _reading_score(_reorder(visual, None, False)), _reading_score(visual)
    return (rtl > ltr) - (rtl < ltr)


def visual_to_logical(
    visual: str, context: str | None = None, mirror: bool = False, prefer_rtl: bool = True, rtl_block: bool = False,
    base: str | None = None,
) -> str:
    """Logical order of one line given in visual order (characters sorted left to right).

    Lines without any Arabic letter are returned as they are, unless they only hold digits and
    separators: then the right-to-left reading is taken when it gives better-grouped numbers
    (`000 814` on the page is `814 000` in an Arabic table cell, `1 045 500` stays).
    A Latin-only line continuing an Arabic paragraph (`rtl_block`, or `context` R) is read right
    to left (`HABITAT.` drawn as `.HABITAT`).
    `mirror` swaps brackets laid out right to left, for PDF producers that store the mirrored glyph.
    `base` is the paragraph direction when the caller knows it (R on a mostly Arabic page); by
    default a line mostly in Latin letters that starts with one on the left is read left to right.
    """
    if not has_rtl(visual):
        if (context == R or rtl_block) and any(char_class(ch) == L for ch in visual):
            return _latin_line_in_rtl(visual, mirror)  # a Latin line inside an Arabic paragraph
        if not digits_only(visual):
            return visual
        vote = digit_line_vote(visual)
        return _reorder(visual, context, mirror) if vote > 0 or (vote == 0 and prefer_rtl) else visual
    if base == L or (base is None and _ltr_paragraph(visual)):
        return _reorder_ltr(visual, mirror)
    return _reorder(visual, context, mirror)


def _latin_line_in_rtl(visual: str, mirror: bool) -> str:
    """Logical order of a line wholly in Latin letters and digits that continues a right-to-left
    paragraph. From its first to its last letter or digit it is one left-to-right run, kept as
    drawn (`IEC 62271-1`, `UN HABITAT`): the bidi algorithm would give the same drawing for
    `1-62271 IEC` typed after Arabic, but a code is not typed backwards. Only the neutrals at
    its ends (a full stop, a bracket) belong to the paragraph and change ends (`.HABITAT`)."""
    strong = [i for i, ch in enumerate(visual) if char_class(ch) in (L, D)]
    first, last = strong[0], strong[-1]

    def paragraph_side(text: str) -> str:
        return "".join(MIRRORS.get(ch, ch) if mirror else ch for ch in reversed(text))

    return paragraph_side(visual[last + 1 :]) + visual[first : last + 1] + paragraph_side(visual[:first])


def _ltr_paragraph(visual: str) -> bool:
    """A line of a left-to-right paragraph (French text with Arabic names): mostly Latin letters,
    and starting with one on the left."""
    latin = sum(1 for ch in visual if char_class(ch) == L)
    arabic = sum(1 for ch in visual if char_class(ch) == R)
    first = next((char_class(ch) for ch in visual if char_class(ch) in (R, L)), None)
    return latin > 2 * arabic and first == L


def _reorder_ltr(visual: str, mirror: bool) -> str:
    """Logical order of a left-to-right line: each stretch of Arabic (first to last Arabic letter
    with no Latin letter between) is an embedded right-to-left run, undone like a line."""
    out: list[str] = []
    i, n = 0, len(visual)
    while i < n:
        if char_class(visual[i]) != R:
            out.append(visual[i])
            i += 1
            continue
        j = last = i
        while j < n and char_class(visual[j]) != L:
            if char_class(visual[j]) == R:
                last = j
            j += 1
        out.append(_reorder(visual[i : last + 1], None, mirror))
        i = last + 1
    return "".join(out)


def _reorder(visual: str, context: str | None, mirror: bool) -> str:
    chars = visual[::-1]
    levels = _levels(chars, context)
    out: list[str] = []
    i, n = 0, len(chars)
    while i < n:
        if levels[i] == 2:
            j = i
            while j < n and levels[j] == 2:
                j += 1
            out.append(chars[i:j][::-1])
            i = j
        else:
            ch = chars[i]
            out.append(MIRRORS.get(ch, ch) if mirror else ch)
            i += 1
    return "".join(out)


def last_strong(text: str) -> str | None:
    """The strong direction (R or L) of the last letter of `text`, the context of what follows."""
    for ch in reversed(text):
        t = char_class(ch)
        if t in (R, L):
            return t
    return None


def bracket_errors(text: str) -> int:
    """How many brackets of `text` close before they open (a sign of mirrored storage)."""
    errors = 0
    depth = 0
    for ch in text:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            if depth:
                depth -= 1
            else:
                errors += 1
    return errors + depth


def should_mirror(lines: list[str]) -> bool:
    """Decide once per document whether brackets must be mirrored: the choice with fewer
    unbalanced brackets over all its lines wins."""
    plain = sum(bracket_errors(line) for line in lines)
    swapped = sum(bracket_errors("".join(MIRRORS.get(ch, ch) for ch in line)) for line in lines)
    return swapped < plain


PAIRS = {"(": ")", "[": "]", "{": "}"}
CLOSE_OF = {v: k for k, v in PAIRS.items()}
AFTER_CLOSER = set(" \t\n.,،؛;:!?؟\"'»”-–") | set(CLOSERS)


def fix_brackets(text: str) -> str:
    """Turn each bracket to face its content, by typography: a bracket after a space (or at the
    start) and before a word opens; one after a word and before a space, punctuation or the end
    closes. PDF producers store mirrored brackets inconsistently (`)ICMD )`), this undoes it."""
    if not any(ch in PAIRS or ch in CLOSE_OF for ch in text):
        return text
    out = list(text)
    n = len(text)
    for i, ch in enumerate(text):
        if ch not in PAIRS and ch not in CLOSE_OF:
            continue
        opener = ch if ch in PAIRS else CLOSE_OF[ch]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if (before.isspace() or before in PAIRS or before in "\"'«“") and not after.isspace() and after not in AFTER_CLOSER - set(OPENERS):
            out[i] = opener
        elif (after in AFTER_CLOSER or i + 1 == n) and before not in PAIRS and (
            not before.isspace() or (not after.isspace() and i + 1 < n)
        ):
            out[i] = PAIRS[opener]
    # A bracket with spaces on both sides opens when the next bracket of its kind closes.
    for i, ch in enumerate(out):
        if ch in PAIRS or ch in CLOSE_OF:
            opener = ch if ch in PAIRS else CLOSE_OF[ch]
            if (i == 0 or out[i - 1].isspace()) and (i + 1 == n or out[i + 1].isspace()):
                following = next((c for c in out[i + 1 :] if c in (opener, PAIRS[opener])), None)
                out[i] = opener if following == PAIRS[opener] else PAIRS[opener]
    # An unmatched closer followed by another closer opened the pair: `word) X)` is `word (X)`.
    for opener, closer in PAIRS.items():
        depth = 0
        for i, ch in enumerate(out):
            if ch == opener:
                depth += 1
            elif ch == closer:
                if depth:
                    depth -= 1
                    continue
                following = next((c for c in out[i + 1 :] if c in (opener, closer)), None)
                numbering = re.search(r"(?:^|\s)\d{1,3}$", "".join(out[max(0, i - 4) : i]))  # `1)` items
                if following == closer and not numbering:
                    out[i] = opener
                    depth += 1
                    if 0 < i < n - 1 and not out[i - 1].isspace() and out[i + 1].isspace():
                        out[i - 1], out[i], out[i + 1] = out[i - 1] + " ", opener, ""
    fixed = "".join(out)
    fixed = re.sub(r"([(\[{]) +(?=\S)", r"\1", fixed)  # "( word" -> "(word"
    return re.sub(r"(?<=\S) +([)\]}])", r"\1", fixed)


PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def base_letters(text: str) -> str:
    """Map Arabic presentation forms (pre-shaped PDFs) to base letters. Only call on text already
    in logical order: NFKC turns a lam-alef ligature into `لا`, which is right only then."""
    if not PRESENTATION_FORMS.search(text):
        return text
    return PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).replace("\ufeff", "")
