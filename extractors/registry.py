"""The organization registry: one body, many names. Fills ORG `canonical` (and ACRONYM `canonical`)
from `extractors/data/org_registry.json`, so that `الوكالة البلجيكية للتنمية`, `وكالة التنمية البلجيكية`,
`للوكالة البلجيكية للتنمية` and `Enabel` are all `Enabel, Belgian Development Agency`.

Names are compared by a key: normalized Arabic (normalize_str), Latin case-folded, a glued clitic
(و، ب، ل) and the article dropped from every word, hyphens and `&`/`et` unified.
"""

from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import found_list, text_of
from extractors.models import overlay_path
from extractors.organizations import head_nouns
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"


def _word_key(word: str) -> str:
    for prefix in ("وال", "بال", "كال", "فال", "لل", "ال"):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return word[len(prefix) :]
    return word


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison key of an organization name or acronym."""
    text = normalize_str(name).casefold().replace("’", "'")
    text = re.sub(r"[\"«»“”()\[\]]", " ", text)
    text = re.sub(r"\s*[-–—]\s*", " ", text)
    text = re.sub(r"\s+(?:&|et|and)\s+", " & ", text)
    words = [_word_key(w) for w in text.split()]
    if words and words[0][:1] in "وبل" and len(words[0]) > 3:
        words[0] = words[0][1:] if words[0][0] != "ل" or not words[0].startswith("لل") else words[0]
    return " ".join(words)


class OrganizationRegistry:
    def __init__(self, name: str, registry_path: str):
        self.name = name
        self.registry_path = Path(registry_path) if registry_path else DATA / "org_registry.json"

    @cached_property
    def index(self) -> dict[str, dict[str, Any]]:
        # the shipped registry first, then the bodies an admin accepted locally (`taqrir registry accept`)
        index: dict[str, dict[str, Any]] = {}
        for path in (self.registry_path, overlay_path()):
            if not path.exists():
                continue
            for body in json.loads(path.read_text(encoding="utf-8"))["bodies"]:
                for alias in [*body.get("names", []), *body.get("acronyms", [])]:
                    index.setdefault(name_key(alias), body)
        return index

    def lookup(self, name: str | None) -> dict[str, Any] | None:
        if not name:
            return None
        key = name_key(name)
        body = self.index.get(key)
        if body is None and " " in key:
            # a clitic glued to the first word that _word_key kept: ولوكالة ...
            first, _, rest = key.partition(" ")
            if first[:1] in "وبل":
                body = self.index.get(f"{_word_key(first[1:])} {rest}")
            if body is None and " " not in rest and self._is_head(name.split()[0]):
                body = self.index.get(rest)  # a head before a body's short name: منظمة الأونروا، وكالة رويترز
        return body

    @staticmethod
    def _is_head(word: str) -> bool:
        folded = normalize_str(word)
        heads = head_nouns()
        return folded in heads or (folded[:1] in "وبل" and folded[1:] in heads)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        for item in found_list(doc):
            if item.label not in ("ORG", "ACRONYM"):
                continue
            surface = text[item.start : item.end]
            body = self.lookup(surface)
            if body is None:
                other = item.value.get("acronym") if item.label == "ORG" else item.value.get("expansion")
                if item.label == "ACRONYM" and item.value.get("expansion_span"):
                    s, e = item.value["expansion_span"]
                    other = text[s:e]
                body = self.lookup(other)
            if body is not None:
                item.value["canonical"] = body["canonical"]
                item.value["registry_id"] = body["id"]
            else:  # the same keys whether the body is known or not
                item.value.setdefault("canonical", None)
                item.value.setdefault("registry_id", None)
        return doc


@lru_cache(maxsize=1)
def default_registry() -> OrganizationRegistry:
    """The registry of extractors/data/org_registry.json, for stages that name bodies (records, review)."""
    return OrganizationRegistry("registry", "")


def registered(name: str) -> dict[str, Any]:
    """`canonical` and `registry_id` of the body named `name` (both None when it is not registered)."""
    body = default_registry().lookup(name)
    return {"canonical": body["canonical"], "registry_id": body["id"]} if body else {"canonical": None, "registry_id": None}


@lru_cache(maxsize=1)
def _bodies_by_id() -> dict[str, dict[str, Any]]:
    path = DATA / "org_registry.json"
    return {body["id"]: body for body in json.loads(path.read_text(encoding="utf-8"))["bodies"]}


def registry_body(registry_id: str | None) -> dict[str, Any] | None:
    """The registry's entry of the body whose id is `registry_id` (its names, `canonical`,
    `canonical_lang` and, where the body publishes under one, `iati_ref`), or None."""
    return _bodies_by_id().get(registry_id) if registry_id else None


@Language.factory("taqrir_org_registry", default_config={"registry_path": ""}, assigns=["doc._.found"])
def make_registry(nlp: Language, name: str, registry_path: str) -> OrganizationRegistry:
    return OrganizationRegistry(name, registry_path)
