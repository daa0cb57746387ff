"""Arabic normalization for matching, with a map back to the original characters.

The extractors match on a folded text: Unicode compatibility forms (presentation forms,
ligatures, full-width letters) unfolded, diacritics and tatweel removed, alef variants, alef
maksura and teh marbuta unified, Persian letter variants mapped to Arabic ones, Arabic-Indic
digits written as ASCII digits. All of it is camel-tools' normalizers applied one original
character at a time, which is what makes the offset map exact: every normalized character
knows the original character it came from.

Not folded, on purpose: the Arabic decimal and thousands separators (٫ ٬), the euro and rial
signs (camel-tools' `arclean` would delete or rewrite them, and amounts need them).
"""

from __future__ import annotations

import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress

import numpy as np
from camel_tools.utils.charmap import CharMapper
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

TATWEEL = "\u0640"
_ARCLEAN = CharMapper.builtin_mapper("arclean")
_DIGITS = {ord(d): str(i) for block in ("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹") for i, d in enumerate(block)}
# Invisible format characters that only steer rendering (bidi marks, joiners).
_DROPPED = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
            "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", TATWEEL}  # fmt: skip


def _fold_letters(text: str) -> str:
    out = []
    for ch in text:
        if unicodedata.category(ch).startswith("L") and ord(ch) > 0x7F:
            # arclean folds Persian/Urdu variants (ی ک ۀ) to Arabic letters; only letters go through it
            # because it deletes or rewrites symbols and separators that amounts need.
            ch = _ARCLEAN(ch) or ch
        out.append(ch)
    return "".join(out)


@cache
def fold_char(ch: str) -> str:
    """The normalized form of one original character ('' when it is dropped)."""
    if ch in _DROPPED:
        return ""
    text = normalize_unicode(ch)
    text = dediac_ar(text)
    text = _fold_letters(text)
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    text = text.replace(TATWEEL, "").translate(_DIGITS)
    return "".join(c for c in text if c not in _DROPPED)


@lru_cache(maxsize=65536)
def normalize_str(text: str) -> str:
    """Normalize a string the way documents are normalized (for patterns and gazetteers). Cached: the
    readers fold the same names and words over and over."""
    return "".join(fold_char(ch) for ch in text)


@dataclass(frozen=True)
class NormalizedText:
    """The folded text extractors match on, and the way back to the original text."""

    text: str
    original: str
    origin: array = field(repr=False)  # origin[i]: index in `original` of the char that gave text[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the span of the original text it came from.

        The end is stretched over dropped characters (diacritics, tatweel) that follow the
        last character, so a highlighted word keeps its vowel marks.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside the normalized text (length {len(self.text)})")
        if start == len(self.text):
            return len(self.original), len(self.original)
        o_start = self.origin[start]
        if end == start:
            return o_start, o_start
        o_end = self.origin[end - 1] + 1
        limit = self.origin[end] if end < len(self.text) else len(self.original)
        while o_end < limit and fold_char(self.original[o_end]) == "":
            o_end += 1
        return o_start, o_end

    def original_text(self, start: int, end: int) -> str:
        o_start, o_end = self.to_original(start, end)
        return self.original[o_start:o_end]

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """The span of the normalized text that the original span start:end gave."""
        return bisect_left(self.origin, start), bisect_left(self.origin, end)

    def folded(self, start: int, end: int) -> str:
        """The normalized form of original[start:end]: `normalize_str` of it, without normalizing again."""
        n_start, n_end = self.to_normalized(start, end)
        return self.text[n_start:n_end]

    def part(self, start: int, end: int) -> NormalizedText:
        """The NormalizedText of original[start:end] (what `normalize` of that slice gives), cut from this one."""
        start, end = max(0, start), min(len(self.original), end)
        n_start, n_end = self.to_normalized(start, end)
        origin = self.origin[n_start:n_end]
        if start:  # shifted in C: a part is taken thousands of times a report
            origin = array("i", (np.frombuffer(origin, dtype=np.int32) - start).tobytes())
        return NormalizedText(text=self.text[n_start:n_end], original=self.original[start:end], origin=origin)


def normalize(text: str) -> NormalizedText:
    """Normalize `text` for matching, keeping the map back to it."""
    folds = {ch: fold_char(ch) for ch in set(text)}
    if all(len(f) <= 1 for f in folds.values()):
        # the common case: every character folds to at most one, so the folded text is one translate
        # and the map is the positions of the characters kept (both run in C, not per character in Python)
        kept = {ch for ch, f in folds.items() if f}
        origin = array("i", compress(range(len(text)), map(kept.__contains__, text)))
        return NormalizedText(text=text.translate({ord(ch): f or None for ch, f in folds.items()}), original=text,
                              origin=origin)  # fmt: skip
    pieces: list[str] = []
    origin = array("i")
    for index, ch in enumerate(text):
        folded = folds[ch]
        if folded:
            pieces.append(folded)
            origin.extend([index] * len(folded))
    return NormalizedText(text="".join(pieces), original=text, origin=origin)
