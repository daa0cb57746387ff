"""Numbers as Moroccan reports write them, on normalized text (ASCII digits, ٫ ٬ kept).

`6 991 500`, `1.899.500`, `500.000`, `1,250,000`, `2,5`, `3.75`, `12٬500`, `2٫5`, and the
news-agency decimal `5ر9` (9.5: the digits are written in visual order around the letter ر).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.normalize import normalize_str

# A number with thousands groups (space, dot, comma, apostrophe, Arabic separators), an optional
# decimal part, or the news-agency `5ر9`.
NUMBER = (
    r"\d{1,3}(?:(?:[ \u00a0\u202f]|[.,'٬،])\d{3})+(?:[.,٫]\d{1,2}(?!\d))?"
    r"|\d+ر\d+"
    r"|\d+(?:[.,٫]\d+)?"
)
NUMBER_RE = re.compile(NUMBER)

NUMBERS_PATH = Path(__file__).parent / "data" / "numbers.json"


@cache
def read_number_words(path: Path = NUMBERS_PATH) -> dict[str, Any]:
    """The number words of numbers.json (units, scales, duals, duration words), normalized."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    words: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, dict) and key != "about":
            words[key] = {normalize_str(w): n for w, n in value.items()}
        elif isinstance(value, list):
            words[key] = [normalize_str(w) for w in value]
    return words


SCALES: dict[str, int] = read_number_words()["scales"]
SCALE = "|".join(sorted((re.escape(w) for w in SCALES), key=len, reverse=True))


def parse_number(text: str) -> float | None:
    """The value of a numeral written with any of the separators above, or None."""
    text = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if "ر" in text:
        # `5ر9`: written right to left, the integer part is on the right of ر.
        frac, _, integer = text.partition("ر")
        if integer.isdigit() and frac.isdigit():
            return float(f"{integer}.{frac}")
        return None
    if "٫" in text:  # Arabic decimal separator: unambiguous
        integer, _, frac = text.partition("٫")
        integer = re.sub(r"[^\d]", "", integer)
        return float(f"{integer}.{frac}") if integer and frac.isdigit() else None
    groups = re.split(r"[ .,'٬،]", text)
    seps = re.findall(r"[ .,'٬،]", text)
    if not seps:
        return float(text) if text.isdigit() else None
    # The last separator is a decimal point when it is followed by other than exactly three
    # digits, or when it differs from the separators before it ("1.250,50", "2,5").
    last = seps[-1]
    if last in ".,'" and (len(groups[-1]) != 3 or (len(seps) > 1 and last != seps[0])):
        integer = "".join(groups[:-1])
        return float(f"{integer}.{groups[-1]}") if integer.isdigit() and groups[-1].isdigit() else None
    digits = "".join(groups)
    return float(digits) if digits.isdigit() else None


def scale_of(word: str | None) -> int:
    return SCALES.get(word, 1) if word else 1


# Numbers written in words: ثلاثة ملايين، عشرون ألف، مائة ألف، مليون وخمسمائة ألف، نصف مليون,
# and the dual of a scale word (مليونا / مليوني درهم: two million).
_UNITS: dict[str, float] = read_number_words()["units"]
# The dual of a scale word standing for "two thousand/million/billion".
_DUALS: dict[str, int] = read_number_words()["duals"]
# Plural scale words alone (ملايين الدراهم: "millions of dirhams") are no amount.
_PLURAL_SCALES = set(read_number_words()["plural_scales"])
_WORD = "|".join(sorted((re.escape(w) for w in [*_UNITS, *SCALES, *_DUALS]), key=len, reverse=True))
# One or more number words, each but the first may carry و ("and").
NUMBER_WORDS = rf"(?:{_WORD})(?:\s+و?\s?(?:{_WORD}))*"


def parse_number_words(text: str) -> float | None:
    """The value of a number written in words (normalized text), or None."""
    words = re.findall(rf"{_WORD}", text)
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if word in _DUALS:
            return float(_DUALS[word])
        if word in _PLURAL_SCALES:
            return None
        return float(SCALES.get(word) or _UNITS[word])
    total = 0.0
    current = 0.0
    for i, word in enumerate(words):
        if word in _DUALS and i == 0:
            total += _DUALS[word]
        elif word in SCALES or word in _DUALS:
            scale = SCALES.get(word) or _DUALS[word] / 2
            total += (current or 1) * scale
            current = 0
        else:
            current += _UNITS[word]
    return total + current
