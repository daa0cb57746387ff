"""ORG, statistical layer: the small spaCy `ner` of `extractors/data/ner_org/` (`taqrir train --shipped`), or a learned one.

It proposes ORG candidates with a lower priority than the rule layer, so the resolver keeps a rule
span where both found one and adds the names only the model saw; with `require_head` a candidate
must open with a head noun. Without the model directory the component does nothing: the rule layer
works alone.

Measured on the dev half of the gold cases (`python -m benchmarks.accuracy --ner on`), the model
trained on template sentences does not help yet: rules alone reach ORG F1 1.000, with the model
0.992 (it re-proposes the generic mentions and counts the rules reject, e.g. `جمعية لإنجاز`).
So `pipeline.cfg` ships it switched off (`enabled = false`).

With `learned` (the default), a model trained on reviewers' corrections and made current
(`taqrir train`, `taqrir model use`, see `extractors.models`) takes its place and is used: it became
current only by scoring at least as well as the one before on held-out reviewed data.
"""

from __future__ import annotations

import warnings
from functools import cached_property
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import Found, found_list, text_of
from extractors.models import ModelError, ModelVersions
from extractors.organizations import read_org_data

DATA = Path(__file__).parent / "data"
# A clitic the tokenizer leaves glued to the first word of a name (وجماعة، بالمنظمة).
CLITICS = ("و", "ب")


class OrganizationNER:
    def __init__(self, name: str, model_path: str, min_tokens: int, require_head: bool, enabled: bool = True,
                 learned: bool = True):  # fmt: skip
        self.name = name
        self.enabled = enabled
        self.require_head = require_head
        self.model_path = Path(model_path) if model_path else DATA / "ner_org"
        self.min_tokens = min_tokens
        try:
            current = ModelVersions.default().current_path() if learned and not model_path else None
        except ModelError as exc:  # a broken manifest must not stop extraction: the rules go on alone
            warnings.warn(f"{exc}; no learned model used", stacklevel=2)
            current = None
        if current is not None:
            self.model_path, self.enabled = current, True

    @cached_property
    def model(self) -> Language | None:
        if not (self.model_path / "config.cfg").exists():
            return None
        return spacy.load(self.model_path)

    @cached_property
    def heads(self) -> tuple[set[str], set[str]]:
        data = read_org_data()
        arabic = {h.split()[0] for h in data["heads"]}
        return arabic | {"لل" + h[2:] for h in arabic if h.startswith("ال")}, set(data["latin_heads"])

    def _starts_with_head(self, text: str) -> bool:
        """A candidate opens with a head noun (Arabic or Latin): the model then decides where the name ends."""
        first = text.split()[0] if text.split() else ""
        arabic, latin = self.heads
        return first in arabic or first in latin

    def __call__(self, doc: Doc) -> Doc:
        if not self.enabled or self.model is None:
            return doc
        found = found_list(doc)
        text = text_of(doc)
        for ent in self.model(text).ents:
            if ent.label_ != "ORG" or len(ent) < self.min_tokens:
                continue
            start = ent.start_char
            first = ent[0].text
            if first[:1] in CLITICS and first[1:].startswith("ال") and len(first) > 4:
                start += 1
            if self.require_head and not self._starts_with_head(text[start : ent.end_char]):
                continue
            if any(f.label == "ORG" and f.start < ent.end_char and start < f.end for f in found):
                continue  # the rule layer already has this name
            found.append(Found("ORG", start, ent.end_char, {"acronym": None, "canonical": None}, self.name, 0))
        return doc


@Language.factory(
    "taqrir_org_ner",
    default_config={"model_path": "", "min_tokens": 2, "require_head": True, "enabled": True, "learned": True},
    assigns=["doc._.found"],
)
def make_org_ner(
    nlp: Language, name: str, model_path: str, min_tokens: int, require_head: bool, enabled: bool, learned: bool
) -> OrganizationNER:
    return OrganizationNER(name, model_path, min_tokens, require_head, enabled, learned)
