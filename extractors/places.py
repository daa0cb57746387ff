"""Places named in a text: Moroccan regions, provinces, cities and communes, foreign countries and
cities, from the gazetteer `extractors/data/places.json`.

Places are a field of project records, not an entity label: `find_places(text)` returns the
places of a stretch of text with their offsets. Matching runs on normalized text (alef, teh
marbuta, diacritics folded), allows the clitics و ب ل ف before a name and a hyphen or space
between the words of a name (`بني ملال-خنيفرة`). A region is reported with the word `جهة` when it
is written (`جهة سوس-ماسة`); names that are also common words (`الشرق`, `ليل`, `مالي`) are only
matched after a place word (`جهة الشرق`, `بلدية ليل`).

`places_in` reads a span of a document with its context: a place that is an attribute of a person
or an institution (`سفيرة الاتحاد الأوربي بالمغرب`) or that is inside the name of a body that is no
territory (`جمعية فاس سايس`, `جمعية "..."`) is left out. `territory_named` gives the place a
territorial body's name names (`جماعة سيدي بيبي`), for communes the gazetteer does not know.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from extractors.base import QUOTES, alternation
from pipeline.normalize import NormalizedText, normalize, normalize_str

PLACES_PATH = Path(__file__).parent / "data" / "places.json"
KINDS = {"regions": "region", "provinces": "province", "cities": "city", "countries": "country",
         "foreign_cities": "foreign_city"}  # fmt: skip
LETTER = r"[\u0621-\u064A\u066E-\u06D3A-Za-z0-9]"


@cache
def read_place_data(path: Path = PLACES_PATH) -> dict[str, Any]:
    """places.json as written (the gazetteer and the words around places; matching normalizes them)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# A neighbourhood: `حي` then a definite name (حي النجد), as written.
# A douar (village): `دوار` then its name, two words when the first is a tribal prefix (آيت، أولاد، سيدي، بني).
DOUAR = re.compile(
    rf"(?<!{LETTER})[وب]?(?P<name>{normalize_str('دوار')}\s+(?:(?:{'|'.join(normalize_str(w) for w in read_place_data()['douar_prefixes'])})\s+)?[\u0621-\u064A]{{2,}})(?!{LETTER})"
)
NEIGHBOURHOOD = re.compile(rf"(?<!{LETTER})[وب]?(?P<name>{normalize_str('حي')}\s+ال[\u0621-\u064A]{{2,}})(?!{LETTER})")


@dataclass(frozen=True)
class Place:
    name: str  # the gazetteer's name
    kind: str  # region, province, city, country, foreign_city
    text: str  # as written in the document (clitics removed, `جهة` kept for regions)
    start: int
    end: int


def _pattern(name: str) -> str:
    words = normalize_str(name).replace("-", " ").split()
    return r"[\s\-–]+".join(re.escape(w) for w in words)


@cache
def _gazetteer() -> tuple[re.Pattern[str], dict[str, tuple[str, str]], set[str]]:
    data = read_place_data()
    lookup: dict[str, tuple[str, str]] = {}
    for key, kind in KINDS.items():
        for entry in data[key]:
            for form in [entry["name"], *entry.get("variants", [])]:
                folded = " ".join(normalize_str(form).replace("-", " ").split())
                # a name listed twice (province and city) keeps its first, broader kind
                lookup.setdefault(folded, (entry["name"], kind))
    context = {" ".join(normalize_str(n).split()) for n in data.get("needs_context", [])}
    words = sorted({normalize_str(w) for w in data["place_words"]}, key=len, reverse=True)
    names = sorted(lookup, key=len, reverse=True)
    pattern = re.compile(
        rf"(?<!{LETTER})(?P<word>(?:[وبلف]{{0,2}})(?:{'|'.join(map(re.escape, words))})\s+)?"
        rf"(?P<clitic>[وبلف]{{0,2}}?)(?P<name>{'|'.join(_pattern(n) for n in names)})(?!{LETTER})"
    )
    return pattern, lookup, context


def place_names() -> list[str]:
    """Every name and variant of the gazetteer, normalized, hyphens as spaces."""
    return list(_gazetteer()[1])


@cache  # records repeat the same few places: the overview of thousands looks each up once
def place_entry(written: str) -> tuple[str, str] | None:
    """(gazetteer name, kind) of a place as a record writes it (`جهة الشرق`, `بوجدة`), or None when
    the gazetteer does not know it (a commune named by its council, a douar)."""
    lookup = _gazetteer()[1]
    words = " ".join(normalize_str(written).replace("-", " ").replace("–", " ").split()).split()
    if len(words) > 1 and words[0] in _place_words():
        words = words[1:]
    folded = " ".join(words)
    for candidate in (folded, folded[1:] if folded[:1] in "وبلف" else None):
        if candidate and candidate in lookup:
            return lookup[candidate]
    return None


@cache
def _place_words() -> frozenset[str]:
    return frozenset(normalize_str(w) for w in read_place_data()["place_words"])


@cache
def country_codes() -> dict[str, str]:
    """The gazetteer's name of every country -> its ISO 3166-1 alpha-2 code."""
    return {c["name"]: c["code"] for c in read_place_data()["countries"] if c.get("code")}


def find_places(text: str, normalized: NormalizedText | None = None) -> list[Place]:
    """Places named in `text`, longest names first, offsets into `text` (`normalized`: its normalized
    form, when the caller has it)."""
    pattern, lookup, context = _gazetteer()
    normalized = normalized if normalized is not None else normalize(text)
    places: list[Place] = []
    for match in pattern.finditer(normalized.text):
        folded = " ".join(match["name"].replace("-", " ").replace("–", " ").split())
        entry = lookup.get(folded)
        if entry is None:
            continue
        if folded in context and not match["word"]:
            continue
        name, kind = entry
        word = (match["word"] or "").strip()
        if kind != "region" and normalize_str("جهة") in word:
            # `جهة بني ملال`: a region written short
            region = next((v for k, v in lookup.items() if v[1] == "region" and k.startswith(folded + " ")), None)
            if region is not None:
                name, kind = region
        keep_word = kind == "region" and normalize_str("جهة") in word
        n_start = match.start("word") if keep_word else match.start("name")
        if keep_word:
            n_start += len(word) - len(word.lstrip("وبلف")) if not word.startswith(normalize_str("جهة")) else 0
        start, end = normalized.to_original(n_start, match.end("name"))
        places.append(Place(name=name, kind=kind, text=" ".join(text[start:end].split()), start=start, end=end))
    for kind, pattern in (("neighbourhood", NEIGHBOURHOOD), ("douar", DOUAR)):
        for match in pattern.finditer(normalized.text):
            start, end = normalized.to_original(match.start("name"), match.end("name"))
            written = " ".join(text[start:end].split())
            places.append(Place(name=written, kind=kind, text=written, start=start, end=end))
    return sorted(places, key=lambda p: p.start)


# In context ---------------------------------------------------------------------------------------------

TITLE_WINDOW = 50  # characters before a place searched for a title (سفيرة ...)
QUOTE_WINDOW = 80  # characters before a place searched for a quoted association's name
MAX_TERRITORY_WORDS = 3


@dataclass(frozen=True)
class _Context:
    titles: set[str]
    non_territorial: re.Pattern[str]
    quoted_body: re.Pattern[str]
    territorial: re.Pattern[str]
    generic: set[str]


@cache
def _context() -> _Context:
    # organizations.py reads this module's gazetteer: its data is imported when first needed
    from extractors.organizations import read_org_data

    data, org = read_place_data(), read_org_data()
    quotes = re.escape(QUOTES)
    return _Context(
        titles={normalize_str(w) for w in data["title_words"]},
        non_territorial=re.compile(rf"^(?:[وفبلك]{{1,2}})?(?:{alternation(data['non_territorial_heads'])})"),
        quoted_body=re.compile(rf"{normalize_str(data['quoted_body'])}\s*[{quotes}][^{quotes}]*$"),
        territorial=re.compile(rf"^(?:{alternation([*org['territorial'], *org['territorial_bodies']])})\s+"),
        generic=set(org["generic_words"]),
    )


def places_in(normalized: NormalizedText, start: int, end: int, organizations: Iterable[tuple[int, int]] = ()) -> list[Place]:
    """The places named in the span start:end of a normalized document, offsets into the document:
    the gazetteer's (`find_places`), except a place that is an attribute of a person or an institution
    (`سفيرة الاتحاد الأوربي بالمغرب`), or that is inside the name of a body that is no territory
    (`جمعية فاس سايس`; `organizations`: the spans of the ORG entities over the span) or inside a
    quoted association's name (`جمعية "..."`)."""
    context = _context()
    part = normalized.part(start, end)
    bodies = list(organizations)
    found: list[Place] = []
    for place in find_places(part.original, part):
        p_start, p_end = start + place.start, start + place.end
        before = normalized.folded(max(0, p_start - TITLE_WINDOW), p_start).split()[-4:]
        if any(w.lstrip("وبل") in context.titles or w in context.titles for w in before):
            continue  # سفيرة الاتحاد الأوربي بالمغرب: a person's or institution's attribute
        if any(o_start <= p_start and p_end <= o_end and context.non_territorial.match(normalized.folded(o_start, o_end))
               for o_start, o_end in bodies):  # fmt: skip
            continue
        if context.quoted_body.search(normalized.folded(max(0, p_start - QUOTE_WINDOW), p_start)):
            continue
        found.append(replace(place, start=p_start, end=p_end))
    return found


def territory_named(name: str) -> str | None:
    """The place a territorial body's name names, as written (`جماعة سيدي بيبي` -> `سيدي بيبي`,
    `مجلس عمالة وجدة أنجاد` -> `وجدة أنجاد`); None for another body or one that names no place
    (`الجماعة الترابية`)."""
    context = _context()
    match = context.territorial.match(normalize_str(name))
    words = name.split()[len(match.group().split()) :] if match else []
    if not words or len(words) > MAX_TERRITORY_WORDS or (len(words) == 1 and normalize_str(words[0]) in context.generic):
        return None
    return " ".join(words)


# Regions ------------------------------------------------------------------------------------------------

# What a record's places say about where in the country it is, beside the region names themselves.
NATIONAL = "national"  # the home country only, no region named
ABROAD = "abroad"  # foreign places only
UNPLACED = "unplaced"  # no place the gazetteer knows


@cache
def _region_of_place() -> dict[str, str]:
    data = read_place_data()
    return {entry["name"]: entry["region"] for key in ("provinces", "cities") for entry in data[key]}


def regions_of(places: Iterable[str]) -> list[str]:
    """The regions a record's places lie in (the gazetteer's names, in the order first named): a city
    or province gives its region of 2015, a region written (also one of 1997-2015) itself. Without any
    region: `NATIONAL` when the home country is named, `ABROAD` when only foreign places are, else
    `UNPLACED`. A twinning of Oujda and Lille lies in الشرق; a national programme naming المغرب is national."""
    home = read_place_data()["home_country"]
    regions: list[str] = []
    national = abroad = False
    for written in places:
        entry = place_entry(written)
        if entry is None:
            continue
        name, kind = entry
        if kind == "country":
            national, abroad = national or name == home, abroad or name != home
            continue
        if kind == "foreign_city":
            abroad = True
            continue
        region = name if kind == "region" else _region_of_place()[name]
        if region not in regions:
            regions.append(region)
    if regions:
        return regions
    return [NATIONAL] if national else [ABROAD] if abroad else [UNPLACED]
