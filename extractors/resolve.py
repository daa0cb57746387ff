"""The last components: settle overlaps between extractors, then link organizations to the
acronyms written beside them (`الوكالة البلجيكية للتنمية Enabel`, `... (INDH)`).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import Found, found_list

# Labels that may overlap each other: an acronym inside an organization's span is kept.
COMPATIBLE = {frozenset({"ORG", "ACRONYM"})}


class OverlapResolver:
    """Keep the best of overlapping entities: higher priority, then longer, then earlier."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        items = sorted(found_list(doc), key=lambda f: (-f.priority, -(f.end - f.start), f.start))
        kept: list[Found] = []
        for item in items:
            clash = any(
                item.start < k.end and k.start < item.end and frozenset({item.label, k.label}) not in COMPATIBLE
                for k in kept
            )
            if not clash and not any(k.label == item.label and k.start == item.start and k.end == item.end for k in kept):
                kept.append(item)
        doc._.found = sorted(kept, key=lambda f: (f.start, f.end))
        return doc


# Between an organization and its acronym: spaces, an opening bracket, a dash.
GAP_BEFORE = re.compile(r"^\s*(?:[(\[«\"]\s*)?(?:[-–—]\s*)?$")
GAP_AFTER = re.compile(r"^\s*[(\[]?\s*$")


class AcronymLinker:
    """An acronym right after (or in brackets after) a name expands to that name, and vice versa."""

    def __init__(self, name: str, max_gap: int):
        self.name = name
        self.max_gap = max_gap

    def __call__(self, doc: Doc) -> Doc:
        found = found_list(doc)
        orgs = [f for f in found if f.label == "ORG"]
        for acronym in (f for f in found if f.label == "ACRONYM"):
            before = [o for o in orgs if o.end <= acronym.start and acronym.start - o.end <= self.max_gap]
            org = max(before, key=lambda o: o.end, default=None)
            if org is not None and GAP_BEFORE.match(doc.text[org.end : acronym.start]):
                acronym.value["expansion"] = doc.text[org.start : org.end]
                acronym.value["expansion_span"] = [org.start, org.end]
                org.value["acronym"] = doc.text[acronym.start : acronym.end]
                continue
            after = [o for o in orgs if o.start >= acronym.end and o.start - acronym.end <= self.max_gap]
            org = min(after, key=lambda o: o.start, default=None)
            if org is not None and GAP_AFTER.match(doc.text[acronym.end : org.start]):
                acronym.value["expansion"] = doc.text[org.start : org.end]
                acronym.value["expansion_span"] = [org.start, org.end]
                org.value["acronym"] = doc.text[acronym.start : acronym.end]
        return doc


@Language.factory("taqrir_resolve", assigns=["doc._.found"])
def make_resolver(nlp: Language, name: str) -> OverlapResolver:
    return OverlapResolver(name)


@Language.factory("taqrir_link_acronyms", default_config={"max_gap": 4}, assigns=["doc._.found"])
def make_linker(nlp: Language, name: str, max_gap: int) -> AcronymLinker:
    return AcronymLinker(name, max_gap)
