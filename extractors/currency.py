"""Which currency a shared currency name means: a bare `درهم` is Moroccan or Emirati, `دينار`
Jordanian, Kuwaiti, Tunisian ..., `ريال` Saudi, Qatari, Omani ...

The names and their countries are in `extractors/data/currencies.json` (`families`); the words that
place a text in a country (names, capitals, nationality adjectives, and Morocco's regions, provinces
and cities from `places.json`) in `extractors/data/countries.json`. The decision, and how sure it is:

- `context`: countries named in the amount's sentence; the nearer a mention, the more it counts
  (`قدم صندوق أبوظبي للتنمية منحة بقيمة 50 مليون درهم` is AED). Confidence 0.9 when the sentence
  names one of the family's countries, 0.7 when it names several.
- `document`: one of them dominates the document (at least twice as often named as any other).
  Confidence 0.8.
- `default`: nothing decides; the family's default (the dirham's is the money component's
  `default_dirham`). Confidence 0.6 for the dirham (reports of Moroccan bodies), 0.3 for the others.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extractors.base import AR_LETTER, DATA_DIR
from pipeline.normalize import normalize_str

CURRENCIES_PATH = DATA_DIR / "currencies.json"
COUNTRIES_PATH = DATA_DIR / "countries.json"
PLACES_PATH = DATA_DIR / "places.json"

CONTEXT_ONE, CONTEXT_SEVERAL, DOCUMENT, DEFAULT_DIRHAM, DEFAULT_OTHER = 0.9, 0.7, 0.8, 0.6, 0.3
# How far around the amount its sentence is looked at, and the distance at which a mention counts half.
WINDOW, HALF_WEIGHT_AT = 300, 40
SENTENCE_END = re.compile(r"[.!?؟;؛](?=\s|$)|\n")


@dataclass(frozen=True)
class Family:
    """Currencies several countries share a name for."""

    name: str
    by_country: dict[str, str]
    default: str
    factor: float = 1.0


@dataclass(frozen=True)
class Decision:
    code: str
    basis: str  # context | document | default
    confidence: float


@cache
def read_families(path: Path = CURRENCIES_PATH) -> dict[str, Family]:
    """Normalized shared currency name -> its family."""
    table = json.loads(path.read_text(encoding="utf-8"))
    names: dict[str, Family] = {}
    for key, spec in table.get("families", {}).items():
        family = Family(key, dict(spec["by_country"]), spec["default"], float(spec.get("factor", 1.0)))
        for name in spec["names"]:
            names[normalize_str(name)] = family
    return names


@cache
def country_cues(path: Path = COUNTRIES_PATH, places_path: Path = PLACES_PATH) -> dict[str, str]:
    """Normalized cue word (without its article) -> ISO 3166 country code (EU for the European Union)."""
    table = json.loads(path.read_text(encoding="utf-8"))
    places = json.loads(places_path.read_text(encoding="utf-8"))
    ambiguous = {normalize_str(w) for w in places.get("needs_context", [])}
    cues: dict[str, str] = {}
    for country, lists in table.get("places", {}).items():
        for key in lists:
            for place in places.get(key, []):
                for name in [place["name"], *place.get("variants", [])]:
                    if normalize_str(name) not in ambiguous:
                        cues[_stem(name)] = country
    for country, words in table["countries"].items():
        for word in words:
            cues[_stem(word)] = country
    return cues


def _stem(word: str) -> str:
    folded = normalize_str(word)
    return folded[2:] if folded.startswith("ال") else folded


@cache
def _cue_pattern() -> re.Pattern[str]:
    stems = sorted(country_cues(), key=len, reverse=True)
    words = "|".join(r"\s+".join(re.escape(part) for part in stem.split()) for stem in stems)
    # a cue with its clitics and article: بالمغرب، للمغرب، والإمارات، الأردنية
    return re.compile(rf"(?<!{AR_LETTER})(?:[وف])?(?:[بك]?ال|لل|[بلك])?(?P<cue>{words})(?!{AR_LETTER})")


DOCUMENT_COUNTRIES = "taqrir_document_countries"  # Doc.user_data key: the whole document's counts, for a part


def country_counts(text: str) -> Counter[str]:
    """How often `text` names each country: what the `document` decision reads."""
    cues = country_cues()
    return Counter(cues[m["cue"]] for m in _cue_pattern().finditer(text))


class CurrencyContext:
    """The countries a text names, found once, to decide the shared currency names in it.

    `document_counts`: the countries of the whole document when `text` is one part of a long report
    (extractors.extract_entities passes them), so a part decides as the whole document would."""

    def __init__(self, text: str, default_dirham: str = "MAD", document_counts: Counter[str] | None = None):
        self.text = text
        self.default_dirham = default_dirham
        cues = country_cues()
        self.mentions: list[tuple[int, str]] = [(m.start("cue"), cues[m["cue"]]) for m in _cue_pattern().finditer(text)]
        self.positions = [pos for pos, _ in self.mentions]
        self.counts = document_counts if document_counts is not None else Counter(country for _, country in self.mentions)

    def decide(self, family: Family, start: int, end: int) -> Decision:
        """The currency of the family's name in an amount at start:end of the text."""
        low, high = self._sentence(start, end)
        weights: dict[str, float] = {}
        for index in range(bisect_left(self.positions, low), bisect_right(self.positions, high)):
            pos, country = self.mentions[index]
            if country in family.by_country:
                distance = start - pos if pos < start else max(0, pos - end)
                weights[country] = weights.get(country, 0.0) + 1 / (1 + distance / HALF_WEIGHT_AT)
        if weights:
            country = max(weights, key=lambda c: weights[c])
            confidence = CONTEXT_ONE if len(weights) == 1 else CONTEXT_SEVERAL
            return Decision(family.by_country[country], "context", confidence)
        named = [(n, c) for c, n in self.counts.most_common() if c in family.by_country]
        if named and (len(named) == 1 or named[0][0] >= 2 * named[1][0]):
            return Decision(family.by_country[named[0][1]], "document", DOCUMENT)
        if family.name == "dirham":
            return Decision(self.default_dirham, "default", DEFAULT_DIRHAM)
        return Decision(family.default, "default", DEFAULT_OTHER)

    def _sentence(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the sentence holding start:end, at most WINDOW characters each side."""
        before = self.text[max(0, start - WINDOW) : start]
        ends = [m.end() for m in SENTENCE_END.finditer(before)]
        low = max(0, start - WINDOW) + (ends[-1] if ends else 0)
        after = SENTENCE_END.search(self.text, end, min(len(self.text), end + WINDOW))
        high = after.start() if after else min(len(self.text), end + WINDOW)
        return low, high
