"""Numbers as Moroccan reports write them, on normalized text (ASCII digits, ٫ ٬ kept).

`6 991 500`, `1.899.500`, `500.000`, `1,250,000`, `2,5`, `3.75`, `12٬500`, `2٫5`, `3،5` (the Arabic
comma as decimal mark), the news-agency decimal `5ر9` (9.5: the digits are written in visual order
around the letter ر), and digit groups a web page's text turned around (`000.250` is 250 000).

Amounts in words and figures mixed (`مليونين و350 ألف`, `84 مليونا و215 ألفا و430`, `ثلاث مئة وواحد`,
`اثني عشر مليار`) are read by `parse_amount`: one pass over the number tokens, each scale smaller than
the one before it (`5 مليون و8 ملايين` is two amounts: the first is left out).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

# `regex`, not `re`: fuzzy matching (a scale word with one letter changed, added or dropped)
import regex

from pipeline.normalize import normalize_str

# A number with thousands groups (space, dot, comma, apostrophe, Arabic separators), an optional
# decimal part, or the news-agency `5ر9`; first, groups turned around by a right-to-left page
# (`500 045 1`: three-digit groups, then a shorter one, all with the same separator).
NUMBER = (
    r"\d{3}(?:[ .]\d{3})+[ .]\d{1,2}(?![\d.,٫،])"
    r"|\d{1,3}(?:(?:[ \u00a0\u202f]|[.,'٬،])\d{3})+(?:[.,٫]\d{1,2}(?!\d))?"
    r"|\d+ر\d+"
    r"|\d+،\d{1,2}(?!\d)"
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
    if _turned_around(groups, seps):
        digits = "".join(reversed(groups))
        return float(digits) if digits.isdigit() else None
    # The last separator is a decimal point when it is followed by other than exactly three
    # digits, or when it differs from the separators before it ("1.250,50", "2,5").
    last = seps[-1]
    if last in ".,'،" and (len(groups[-1]) != 3 or (len(seps) > 1 and last != seps[0])):
        integer = "".join(groups[:-1])
        return float(f"{integer}.{groups[-1]}") if integer.isdigit() and groups[-1].isdigit() else None
    digits = "".join(groups)
    return float(digits) if digits.isdigit() else None


def _turned_around(groups: list[str], seps: list[str]) -> bool:
    """Digit groups in reverse order: a number never starts with the group `000`, and `500 045 1`
    (three-digit groups, then a shorter last one, one separator throughout) is `1 045 500` drawn
    right to left."""
    if len(groups) > 1 and groups[0] == "000" and all(len(g) == 3 for g in groups[1:-1]):
        return True
    return (
        len(seps) >= 2
        and len(set(seps)) == 1
        and seps[0] in " ."
        and all(len(g) == 3 for g in groups[:-1])
        and 1 <= len(groups[-1]) <= 2
    )


def scale_of(word: str | None) -> int:
    return SCALES.get(word, 1) if word else 1




# Numbers written in words: ثلاثة ملايين، عشرون ألف، مائة ألف، مليون وخمسمائة ألف، نصف مليون,
# and the dual of a scale word (مليونا / مليوني درهم: two million).
_WORDS: dict[str, Any] = read_number_words()
_UNITS: dict[str, float] = _WORDS["units"]
# A hundred word multiplies a unit before it (ثلاث مئة: 300) and is a hundred otherwise.
_MULTIPLIERS: dict[str, int] = _WORDS["multipliers"]
# The dual of a scale word standing for "two thousand/million/billion".
_DUALS: dict[str, int] = _WORDS["duals"]
# Plural scale words alone (ملايين الدراهم: "millions of dirhams") are no amount.
_PLURAL_SCALES = set(_WORDS["plural_scales"])
_MISSPELLED: dict[str, int] = _WORDS["misspelled_scales"]
_REPEATED: dict[str, int] = _WORDS["repeated_scales"]
_WORD = "|".join(sorted((re.escape(w) for w in {*_UNITS, *_MULTIPLIERS, *SCALES, *_DUALS, *_REPEATED}), key=len, reverse=True))
_LETTER = r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]"
# One or more number words, each but the first may carry و ("and").
NUMBER_WORDS = rf"(?:{_WORD})(?:\s+و?\s?(?:{_WORD}))*"

# One token of an amount: a numeral (maybe in brackets: `(2.5) مليار`), a number word, or, right
# after a numeral, a word that may be a misspelled scale (checked when the amount is read).
_TOKEN = (
    # a numeral never starts right after a digit: a run of digits is one token, not split in every way
    # (`2025 2024 2024 ...` had the regex try them all: a real report's line of years never ended)
    rf"\(\s*(?:{NUMBER})\s*\)|(?<!\d)(?:{NUMBER})|(?:{_WORD})(?!{_LETTER})"
    rf"|(?:(?<=\d)|(?<=\d )|(?<=\) ))[مبت]{_LETTER}{{3,7}}(?!{_LETTER})"
)
TOKEN_RE = re.compile(_TOKEN)
# An amount: tokens joined by spaces or و (`ومليار و300 مليون`, `84 مليونا و215 ألفا و430`).
AMOUNT = rf"(?:{_TOKEN})(?:(?:\s*و\s*|\s*)(?:{_TOKEN}))*"


@cache
def _misspelled_patterns() -> list[tuple[regex.Pattern[str], int]]:
    """Fuzzy patterns (at most N edits) of the scale words long enough to be told apart by them."""
    edits, shortest = _MISSPELLED["max_edits"], _MISSPELLED["min_length"]
    scales = sorted((w for w in SCALES if len(w) >= shortest), key=len, reverse=True)
    return [(regex.compile(rf"(?:{regex.escape(w)}){{e<={edits}}}"), SCALES[w]) for w in scales]


def _misspelled_scale(word: str) -> int | None:
    """The scale a slip of the keyboard turned into `word` (`مليوم`: مليون), or None."""
    if len(word) < _MISSPELLED["min_length"] or word in _UNITS:
        return None
    return next((scale for pattern, scale in _misspelled_patterns() if pattern.fullmatch(word)), None)


def _token_value(token: str) -> tuple[str, float] | None:
    """The kind of a token (num, unit, multiplier, scale, dual, plural) and its value."""
    bare = token.strip("() ")
    if bare[:1].isdigit():
        number = parse_number(bare)
        return None if number is None else ("num", number)
    if bare in _REPEATED:
        return "repeated", _REPEATED[bare]
    if bare in _MULTIPLIERS:
        return "multiplier", _MULTIPLIERS[bare]
    if bare in _UNITS:
        return "unit", _UNITS[bare]
    if bare in _DUALS and bare not in SCALES:
        return "dual", _DUALS[bare]
    if bare in SCALES:
        # مليونا / ألفا: the dual alone (مليونا درهم), the accusative of the scale after a number
        return ("dual" if bare in _DUALS else "plural" if bare in _PLURAL_SCALES else "scale"), SCALES[bare]
    scale = _misspelled_scale(bare)
    return None if scale is None else ("scale", scale)


def _evaluate(tokens: list[str], glued: list[bool] | None = None) -> float | None:
    """The value of a run of number tokens, or None when they do not make one amount. `glued[i]`:
    only spaces between token i and the one before it (no و)."""
    total, current, last_scale, previous = 0.0, 0.0, float("inf"), ""
    fraction = False  # the token before was the fraction of a scale (مليار ونصف)
    for index, token in enumerate(tokens):
        read = _token_value(token)
        if read is None:
            return None
        kind, value = read
        if kind == "repeated":
            if not (fraction and value == last_scale):
                return None  # المليون alone, or after anything but its own fraction
            fraction = False
            continue
        if kind == "scale" and fraction and value == last_scale:
            # the scale said again, without the article, after its fraction: مليونين ونصف مليون (2.5 million)
            fraction, previous = False, "scale"
            continue
        if (kind == "scale" and previous == "scale" and current == 0 and value > last_scale
                and glued is not None and glued[index]):
            # a scale of a scale: 22 ألف مليار is 22 thousand billion (2.2e13)
            total *= value
            last_scale *= value
            continue
        fraction = kind == "unit" and value < 1 and previous == "scale"
        if kind == "dual":
            # مليونين (two million) opens an amount or a term; after a number, مليونا/ألفا is the
            # scale in the accusative (84 مليونا، 215 ألفا), and so it is when more follows it: a dual
            # is followed by what it counts (مليونا درهم), `مليونا ومائتي ألف` is 1 200 000
            word = token.strip("() ")
            dual = _DUALS[word]
            accusative = word.endswith("ا") and word[:-1] in SCALES and index < len(tokens) - 1
            if current == 0 and not accusative:
                if dual / 2 >= last_scale:
                    return None
                total += dual
                last_scale, previous = dual / 2, "scale"
                continue
            value = dual / 2
        if kind in ("scale", "plural", "dual"):
            if kind == "plural" and current == 0:
                return None  # ملايين alone: "millions"
            if value >= last_scale:
                return None  # `5 مليون و8 ملايين`: two amounts, not one
            total += (current or 1) * value
            current, last_scale, previous = 0.0, value, "scale"
        elif kind == "num":
            if previous in ("num", "unit", "multiplier"):
                return None  # two numerals side by side: `2019 500`
            current, previous = value, "num"
        elif kind == "multiplier":
            current = current * value if 0 < current < 10 else current + value
            previous = "multiplier"
        else:  # a unit word
            if previous == "num":
                return None
            if value < 1 and previous == "scale":
                total += value * last_scale  # مليون ونصف: one and a half million
            else:
                current += value
            previous = "unit"
    value = total + current
    return value if value > 0 else None


def parse_amount(text: str) -> tuple[float, int] | None:
    """The value of an amount in figures and words (normalized text), and where it starts in
    `text`: leading tokens that do not belong to it (`5 مليون و` before `8 ملايين`) are left out."""
    matches = list(TOKEN_RE.finditer(text))
    spans = [(m.start(), m.group()) for m in matches]
    glued = [i > 0 and not text[matches[i - 1].end() : m.start()].strip() for i, m in enumerate(matches)]
    for first in range(len(spans)):
        value = _evaluate([token for _, token in spans[first:]], glued[first:])
        if value is not None:
            return value, spans[first][0]
    return None


def parse_number_words(text: str) -> float | None:
    """The value of a number written in words (normalized text), or None."""
    read = parse_amount(text)
    return None if read is None or read[1] != 0 else read[0]
