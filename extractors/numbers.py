"""Numbers as Moroccan reports write them, on normalized text (ASCII digits, ٫ ٬ kept).

`6 991 500`, `1.899.500`, `500.000`, `1,250,000`, `2,5`, `3.75`, `12٬500`, `2٫5`, and the
news-agency decimal `5ر9` (9.5: the digits are written in visual order around the letter ر).
"""

from __future__ import annotations

import re

from pipeline.normalize import normalize_str

# A number with thousands groups (space, dot, comma, apostrophe, Arabic separators), an optional
# decimal part, or the news-agency `5ر9`.
NUMBER = (
    r"\d{1,3}(?:(?:[ \u00a0\u202f]|[.,'٬،])\d{3})+(?:[.,٫]\d{1,2}(?!\d))?"
    r"|\d+ر\d+"
    r"|\d+(?:[.,٫]\d+)?"
)
NUMBER_RE = re.compile(NUMBER)

SCALES = {
    normalize_str(w): v
    for words, v in (
        (["ألف", "آلاف", "الف", "الاف"], 1_000),
        (["مليون", "ملايين", "مليونا", "مليوني", "ملايين"], 1_000_000),
        (["مليار", "ملايير", "مليارات", "مليارا", "ملياري"], 1_000_000_000),
    )
    for w in words
}
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
