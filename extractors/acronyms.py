"""ACRONYM: Latin-script acronyms and short names (ENABEL, Enabel, MC2CM, M&D, UN HABITAT, IsDB, KfW),
with their expansion when the text gives one beside it (`الوكالة البلجيكية للتنمية Enabel`,
`المبادرة الوطنية للتنمية البشرية (INDH)`, `Agence Française de Développement (AFD)`,
`KfW (Kreditanstalt für Wiederaufbau)`).

Known short names come from two homes: the organization registry's acronyms
(`extractors/data/org_registry.json`: `Enabel`, `Sida`, `MCA-Morocco`) and the acronym lexicon
(`extractors/data/acronyms.json`: names that are not bodies, and capitals that are no acronym,
such as Roman numerals).
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import AR_LETTER, Found, found_list, text_of
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"
WORD = r"[A-Z][A-Za-z0-9&\-]*"
# Two or more capitals (digits and & allowed inside): ENABEL, MC2CM, M&D, ICMPSD; several such words
# in a row form one name (UN HABITAT).
ACRONYM = r"(?<![A-Za-z0-9&])(?:[A-Z][A-Z0-9&]*[A-Z0-9](?:[ -][A-Z][A-Z0-9&]*[A-Z0-9])*)(?![A-Za-z0-9&])"
# Mixed case: a capital first and last, more capitals than small letters (IsDB, AfDB, KfW, UfM);
# an ordinary capitalized word (Banque, Agence) has one capital and is no acronym.
MIXED_CASE = r"(?<![A-Za-z0-9&])[A-Z](?:[a-z]?[A-Z]){1,5}(?![A-Za-z0-9&])"
# A Roman numeral of I, V and X (a chapter, an edition, a plan's generation: المحور XIV) is no acronym.
ARABIC = re.compile(r"[\u0621-\u064a]")
ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")


class AcronymExtractor:
    def __init__(self, name: str, lexicon_path: str, registry_path: str = ""):
        self.name = name
        self.lexicon_path = Path(lexicon_path) if lexicon_path else DATA / "acronyms.json"
        self.registry_path = Path(registry_path) if registry_path else DATA / "org_registry.json"

    @cached_property
    def lexicon(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = json.loads(self.lexicon_path.read_text(encoding="utf-8"))
        return data

    @cached_property
    def _registry_acronyms(self) -> set[str]:
        if not self.registry_path.exists():
            return set()
        registry = json.loads(self.registry_path.read_text(encoding="utf-8"))
        return {a for body in registry["bodies"] for a in body.get("acronyms", [])}

    @cached_property
    def known(self) -> list[str]:
        """Latin short names written as they are: the lexicon's and the registry's acronyms."""
        names = set(self.lexicon["names"]) | {a for a in self._registry_acronyms if not ARABIC.search(a)}
        return sorted(names, key=len, reverse=True)

    @cached_property
    def known_arabic(self) -> list[str]:
        """The registry's Arabic-script acronyms (`وام`, `و.م.ع`), normalized as the text is."""
        return sorted({normalize_str(a) for a in self._registry_acronyms if ARABIC.search(a)}, key=len, reverse=True)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        known = "|".join(re.escape(w) for w in self.known)
        return re.compile(rf"(?<![A-Za-z0-9&])(?:{known})(?![A-Za-z0-9&])|{ACRONYM}|{MIXED_CASE}")

    @cached_property
    def set_apart(self) -> re.Pattern[str] | None:
        """An Arabic-script acronym set apart as a dateline's agency or a bracketed short form:
        `الرياض (واس) -`, `الرباط - و.م.ع:`, `أبوظبي في 19 أبريل 2024 / وام /`. Alone in a sentence
        several are words or places (`بترا` is also Petra, `قنا` also Qena), so they are not taken there."""
        if not self.known_arabic:
            return None
        known = "|".join(re.escape(w) for w in self.known_arabic)
        return re.compile(rf"(?:(?<=[(\[/])|(?<=[-–—]))[ \u00a0]*(?P<a>{known})(?!{AR_LETTER})(?=[ \u00a0]*[)\]/:\-–—])")

    def __call__(self, doc: Doc) -> Doc:
        found = found_list(doc)
        stop = set(self.lexicon["not_acronyms"])
        for m in self.pattern.finditer(text_of(doc)):
            surface = m.group(0)
            if surface in stop or len(surface.replace("&", "")) < 2 or ROMAN.match(surface):
                continue
            found.append(Found("ACRONYM", m.start(), m.end(), {"expansion": None}, self.name, 1))
        if self.set_apart is not None:
            for m in self.set_apart.finditer(text_of(doc)):
                found.append(Found("ACRONYM", m.start("a"), m.end("a"), {"expansion": None}, self.name, 1))
        return doc


@Language.factory(
    "taqrir_acronyms", default_config={"lexicon_path": "", "registry_path": ""}, assigns=["doc._.found"]
)
def make_acronyms(nlp: Language, name: str, lexicon_path: str, registry_path: str) -> AcronymExtractor:
    return AcronymExtractor(name, lexicon_path, registry_path)
