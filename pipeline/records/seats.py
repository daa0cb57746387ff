"""Seats: where a party is, which is not where its project is.

A foreign country written with `ب` right after a name (`بلدية مونتروي بفرنسا`، `مدينة كريمونا
بإيطاليا`، `مهاجري المنطقة المقيمين بهولندا`) says where that body or those people are: it is no
location of the record, and a party's name ends before it (`بلدية مونتروي`). The home country is
left alone (`سفارة اليابان بالمغرب` is the embassy's name, and a national programme may be `بالمغرب`).
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.organizations import read_org_data
from extractors.places import Place, read_place_data
from pipeline.normalize import normalize_str
from pipeline.records.lexicon import LETTER, WORDS
from pipeline.records.organizations import as_organizations, names_of
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Source

_COUNTRIES = read_place_data()["countries"]
HOME = _COUNTRIES[0]["name"]  # the gazetteer's first country
FOREIGN_FORMS = [normalize_str(f) for c in _COUNTRIES[1:] for f in [c["name"], *c.get("variants", [])]]
# `... بفرنسا` ending a name: ب, the country, maybe its definite article written (`بالسنغال`)
SEAT_TAIL = re.compile(rf"[ \t]+ب(?:ال)?(?:{alternation(FOREIGN_FORMS)})$")
# `بلدية ليل الفرنسية`، `مدينة قادس الإسبانية`: a town's nationality adjective says the country it is in
_STEMS = [normalize_str(s) for s in read_org_data()["nationality_stems"]]
TOWN_NATIONALITY = re.compile(rf"^(?:{alternation(WORDS['commune_heads'])}|{normalize_str('مدينة')}|{normalize_str('جهة')})\s+\S+(?:\s+\S+)?"
                              rf"(?P<adj>[ \t]+ال(?:{alternation(_STEMS)})(?:يه|ي))$")
# before a seat: a word, a space, then the ب the country is written with
AFTER_A_NAME = re.compile(rf"{LETTER}[ \t]+ب(?:ال)?$")


def is_seat(source: Source, place: Place) -> bool:
    """A foreign country written `بX` right after a word: where the party named before it is."""
    if place.kind != "country" or place.name == HOME:
        return False
    return AFTER_A_NAME.search(source.folded(max(0, place.start - 6), place.start)) is not None


def without_nationality(name: str) -> str:
    """A town's name without its nationality adjective (`بلدية ليل الفرنسية` -> `بلدية ليل`): the
    parties keep it as written, the town's place does not."""
    match = TOWN_NATIONALITY.search(normalize_str(name))
    return " ".join(name.split()[: -len(match["adj"].split())]) if match else name


def without_seat(name: str) -> str:
    """A party's name without the foreign country it is written with (`بلدية مونتروي بفرنسا` -> `بلدية مونتروي`)."""
    match = SEAT_TAIL.search(normalize_str(name))
    if match is None:
        return name
    kept = len(name.split()) - len(match.group().split())
    return " ".join(name.split()[:kept]) if kept > 0 else name


@register_field_reader("seats")
def read_seats(draft: RecordDraft, settings: Settings) -> None:
    """The record's parties named without their foreign seat."""
    record = draft.record
    for role in ("funders", "implementers", "partners", "beneficiaries"):
        names = names_of(getattr(record, role))
        trimmed = [without_seat(n) for n in names]
        if trimmed != names:
            setattr(record, role, as_organizations(trimmed))
