"""Where an unquoted name ends: before a stop word (a role, date or place cue), a number that is
not a count (`غرس 5000 هكتار` keeps its count), an acronym, a place phrase (`بدوار ...`، `بمراكش`،
`في إقليم ...`: the record's location), or after MAX_NAME_WORDS words. `على طول ...` describes,
`من طرف` starts a role; `رقم 1234` is part of the name."""

from __future__ import annotations

import json
import re

from extractors.base import DATA_DIR, alternation
from extractors.dates import MONTH_UNITS, YEAR_UNITS
from extractors.money import read_currencies
from extractors.numbers import SCALES, read_number_words
from extractors.places import place_names, read_place_data
from pipeline.records.lexicon import LETTER, MAX_NAME_WORDS, STOP_WORDS, WORDS, N

# What something is for: a purpose cue that is dropped from a name (لتمويل، من أجل، قصد ...), or `ل` before
# a verbal noun that is kept: تفعيل/تفاعل (ت...), إفعال/افتعال/استفعال (ا...), مفاعلة (م.ا..ة), and the
# verbal nouns of other forms records.json lists (دعم، بناء، غرس ...)
PURPOSE_DROPPED = rf"(?:{alternation(WORDS['purpose_cues'])})\s*"
VERBAL_NOUN = rf"(?:ت\S{{3,}}|ا\S{{3,}}|م\Sا\S{{2,}}ه|{alternation(WORDS['verbal_nouns'])})(?!\S)"
PURPOSE = re.compile(rf"(?<!\S)(?:(?P<dropped>{PURPOSE_DROPPED})|ل(?={VERBAL_NOUN}))")
ACR = r"[A-Z][A-Za-z0-9&]*[A-Z0-9](?:[\- ][A-Z0-9]+)?"
# What follows `على` or `من` in a name when it describes rather than names (`على طول 12 كلم`), or gives a role (`من طرف`).
DESCRIBED_AFTER_ON = re.compile(rf"\s+(?:{alternation(WORDS['describing_after_on'], any_spaces=True)})")
ROLE_AFTER_FROM = re.compile(rf"\s+(?:{alternation(WORDS['role_after_from'])})")
NUMBER_AFTER = re.compile(r"\s+\d+")
# `بدوار ...`، `بإقليم ...`: a place phrase ends an unquoted name (it is the record's location)
PLACE_PHRASE = re.compile(rf"^و?ب(?:{alternation(WORDS['place_phrase_words'])})$")
# `بمراكش`، `بأكادير الكبرى`: a gazetteer place after ب (its names by their first word); a country
# is the setting of a national programme and stays in its name (`... اللاجئين بالمغرب`)
COUNTRIES = {
    " ".join(N(f).replace("-", " ").split())
    for c in read_place_data()["countries"]
    for f in [c["name"], *c.get("variants", [])]
}
PLACES_BY_FIRST: dict[str, list[str]] = {}
for _place in set(place_names()) - COUNTRIES:
    PLACES_BY_FIRST.setdefault(_place.split()[0], []).append(_place)
PLACE_AFTER_IN = re.compile(rf"\s+(?:{alternation(WORDS['place_phrase_words'])})(?!{LETTER})")
# a count inside a name (`غرس 5000 هكتار`، `كهربة 14 دوارا`), not a year, a range or an amount
COUNT = re.compile(r"\d+")
YEAR = re.compile(r"(?:19|20)\d\d")
MONTHS_PATH = DATA_DIR / "months.json"
# the words after a number that make it an amount or a length of time, not a count
COUNT_NOT = {
    *SCALES,
    *read_currencies(),
    *YEAR_UNITS,
    *MONTH_UNITS,
    *(N(m) for ms in json.loads(MONTHS_PATH.read_text(encoding="utf-8")).values() for m in ms),
}


# `برنامج تأهيل المدينة ثلاثة محاور: ...`: a counted plural cue is what the programme holds, not its name
PLURAL_CUES = set(WORDS["plural_cues"])
COUNT_WORDS = set(read_number_words()["units"])


def _place_phrase(text: str, token: str, at: int) -> bool:
    """Whether the token at `at` opens a place phrase: `ب` or `في` before a place word or a gazetteer place."""
    if PLACE_PHRASE.match(token) or (token == N("في") and PLACE_AFTER_IN.match(text, at + len(token))):
        return True
    bare = re.sub(r"^و?ب", "", token)
    if bare == token:
        return False
    rest = " ".join(re.findall(rf"{LETTER}+", text[at + len(token) - len(bare) : at + 80])[:4])
    return any(rest == p or rest.startswith(p + " ") for p in PLACES_BY_FIRST.get(bare, []))


def _counted(text: str, token: str, after: int) -> bool:
    """A count inside a name: a number, not a year, followed by a counted word (`5000 هكتار`)."""
    if not COUNT.fullmatch(token) or YEAR.fullmatch(token):
        return False
    following = re.match(r"\s+(\S+)", text[after:])
    if following is None:
        return False
    word = following.group(1)
    return (
        bool(re.fullmatch(rf"{LETTER}+", word))
        and not word[0].isdigit()
        and word not in STOP_WORDS
        and word not in COUNT_NOT
    )


def name_end(text: str, start: int, end: int, skip: int = 0, keep_places: bool = False) -> int:
    """Where an unquoted name starting at `start` ends: before the first stop word, number or acronym,
    or after MAX_NAME_WORDS words (the first `skip` words are always kept). With `keep_places`, a place
    phrase does not end it: the name as a reader who keeps its place writes it (`placed_name_end`)."""
    last = last_start = start
    for count, word in enumerate(re.finditer(r"\S+", text[start:end])):
        token = word.group()
        if start + word.start() < last:
            continue
        if not keep_places and count >= skip and count and _place_phrase(text, token, start + word.start()):
            break  # `بناء دار الطالبة بدوار ...`، `في إقليم ...`: the place phrase is not part of the name
        if count and len(token) == 1:
            break  # `بـ 12 مليون`: a lone letter is a preposition before what ends the name
        if count > 1 and token in PLURAL_CUES and text[last_start:last].strip() in COUNT_WORDS:
            last = last_start  # `ثلاثة محاور`: a counted plural cue says what the named thing holds
            break
        if count >= skip and _counted(text, token, start + word.end()):  # `(إنجاز) 15 مركزا ...` opens with its count
            last = start + word.end()
            continue
        if count >= skip and (
            token in STOP_WORDS or re.fullmatch(r"\d[\d\-/]*", token) or re.fullmatch(ACR, token)
            or (count and re.fullmatch(r"و\d[\d.,]*", token))  # `... و45 مليون يورو لدعم Y`: the next item's amount
        ):
            break
        after = start + word.end()
        if token == N("على") and DESCRIBED_AFTER_ON.match(text, after):
            break  # `على طول 12 كلم`, `على تراب`: what follows describes, it does not name
        if token == N("رقم") and (number := NUMBER_AFTER.match(text, after)):
            last = number.end()
            continue  # `الطريق الإقليمية رقم 1234`: the number is part of the name
        if token == N("من") and ROLE_AFTER_FROM.match(text, after):
            break  # `من طرف`: a role follows
        last_start, last = start + word.start(), start + word.end()
        if count + 1 >= MAX_NAME_WORDS:
            break
    return last


def placed_name_end(text: str, start: int, end: int, short_end: int, skip: int = 0) -> int | None:
    """Where the name ends when its place phrase is kept (`بناء مركز صحي بجماعة X`), if a place phrase
    ended it at `short_end`; None otherwise. Readers differ on whether the place belongs to the name,
    so the longer form becomes an alias: the shorter stays the name, the place the record's location."""
    following = re.match(r"\s*(\S+)", text[short_end:end])
    if following is None or not _place_phrase(text, following.group(1), short_end + following.start(1)):
        return None
    placed = name_end(text, start, end, skip, keep_places=True)
    return placed if placed > short_end else None
