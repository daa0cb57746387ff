"""Places named in a text: Moroccan regions, provinces, cities and communes, foreign countries and
cities, from the gazetteer `extractors/data/places.json`.

Places are a field of project records, not an entity label: `find_places(text)` returns the
places of a stretch of text with their offsets. Matching runs on normalized text (alef, teh
marbuta, diacritics folded), allows the clitics و ب ل ف before a name and a hyphen or space
between the words of a name (`بني ملال-خنيفرة`). A region is reported with the word `جهة` when it
is written (`جهة سوس-ماسة`); names that are also common words (`الشرق`, `ليل`, `مالي`) are only
matched after a place word (`جهة الشرق`, `بلدية ليل`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.normalize import normalize, normalize_str

PLACES_PATH = Path(__file__).parent / "data" / "places.json"
KINDS = {"regions": "region", "provinces": "province", "cities": "city", "countries": "country",
         "foreign_cities": "foreign_city"}  # fmt: skip
LETTER = r"[\u0621-\u064A\u066E-\u06D3A-Za-z0-9]"
# A neighbourhood: `حي` then a definite name (حي النجد), as written.
# A douar (village): `دوار` then its name, two words when the first is a tribal prefix (آيت، أولاد، سيدي، بني).
DOUAR = re.compile(
    rf"(?<!{LETTER})[وب]?(?P<name>{normalize_str('دوار')}\s+(?:(?:{'|'.join(normalize_str(w) for w in ('آيت', 'ايت', 'أولاد', 'سيدي', 'بني', 'أيت', 'تيزي'))})\s+)?[\u0621-\u064A]{{2,}})(?!{LETTER})"
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
    data = json.loads(PLACES_PATH.read_text(encoding="utf-8"))
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


def find_places(text: str) -> list[Place]:
    """Places named in `text`, longest names first, offsets into `text`."""
    pattern, lookup, context = _gazetteer()
    normalized = normalize(text)
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
