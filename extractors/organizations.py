"""ORG, rule layer: a head noun that names a kind of body (وزارة، جماعة، الوكالة، جمعية ...)
followed by the words of its name (genitive chain and adjectives), or a name from the gazetteer.

Head nouns, stop words and known names are data (`extractors/data/organizations.json`). A head
noun alone (`الوزارة`, `الجمعيات`) is a generic mention, not an organization.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import AR_LETTER, Found, alternation, found_list
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"
ARABIC_WORD = re.compile(rf"{AR_LETTER}+")


class OrganizationRules:
    def __init__(self, name: str, data_path: str, max_name_words: int):
        self.name = name
        self.data_path = Path(data_path) if data_path else DATA / "organizations.json"
        self.max_name_words = max_name_words

    @cached_property
    def data(self) -> dict[str, list[str]]:
        raw: dict[str, list[str]] = json.loads(self.data_path.read_text(encoding="utf-8"))
        return {key: [normalize_str(v) for v in values] for key, values in raw.items()}

    @cached_property
    def head_pattern(self) -> re.Pattern[str]:
        heads = alternation(self.data["heads"])
        known = alternation(self.data["known"])
        # A clitic (و، ب، ل، لل) may be glued in front; it is not part of the name.
        return re.compile(rf"(?<!{AR_LETTER})(?:و|ب|ل|ول|وب)?(?P<name>(?:{known})(?!{AR_LETTER})|(?:{heads})(?!{AR_LETTER}))")

    @cached_property
    def stop_words(self) -> set[str]:
        return set(self.data["stop_words"])

    def _extend(self, text: str, end: int) -> int:
        """Take the words of the name after its head, up to a stop word or punctuation."""
        words = 0
        pos = end
        while words < self.max_name_words:
            m = re.compile(rf"[ ](?P<w>{AR_LETTER}+)").match(text, pos)
            if not m:
                break
            word = m["w"]
            if word in self.stop_words or (word.startswith("و") and word[1:] in self.data["heads"]):
                break
            pos = m.end()
            words += 1
        return pos

    def __call__(self, doc: Doc) -> Doc:
        found = found_list(doc)
        text = doc.text
        known = set(self.data["known"])
        for m in self.head_pattern.finditer(text):
            start = m.start("name")
            head = m["name"]
            end = m.end("name") if head in known else self._extend(text, m.end("name"))
            if end == m.end("name") and head not in known:
                continue  # a head noun alone is a generic mention
            found.append(Found("ORG", start, end, {"acronym": None, "canonical": None}, self.name, 1))
        return doc


@Language.factory(
    "taqrir_org_rules", default_config={"data_path": "", "max_name_words": 6}, assigns=["doc._.found"]
)
def make_org_rules(nlp: Language, name: str, data_path: str, max_name_words: int) -> OrganizationRules:
    return OrganizationRules(name, data_path, max_name_words)
