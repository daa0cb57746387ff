"""Entity extraction: spaCy components registered by name, assembled from `pipeline.cfg`.

    from pipeline.normalize import normalize
    from extractors import extract_entities
    entities = extract_entities(normalize(document.text))

Every component reads the normalized text and records what it found on the Doc; this module
maps the results back to ORIGINAL offsets, so `text[e.start:e.end] == e.text`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
from extractors import acronyms, dates, money, org_ner, organizations, registry, resolve  # noqa: F401
from extractors.base import found_list, make_doc
from extractors.currency import DOCUMENT_COUNTRIES, country_counts
from pipeline import limits
from pipeline.model import Entity
from pipeline.normalize import NormalizedText
from pipeline.parts import part_spans

DEFAULT_CONFIG = Path(__file__).parent / "pipeline.cfg"


@lru_cache(maxsize=4)
def load_pipeline(config_path: str | None = None) -> Language:
    """The extraction pipeline described by a config file (default: extractors/pipeline.cfg)."""
    config = spacy.util.load_config(config_path or DEFAULT_CONFIG)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    return nlp


def extract_entities(normalized: NormalizedText, nlp: Language | None = None, part_chars: int | None = None) -> list[Entity]:
    """All entities of a text, with offsets into the original text.

    A text longer than `part_chars` characters (default: `pipeline.limits`, 250,000) is extracted
    part by part (`pipeline.parts`: cut at paragraph, line or sentence boundaries), one spaCy Doc at a
    time, so memory follows the part and not the text; each part's offsets are shifted by its start.
    """
    nlp = nlp or load_pipeline()
    size = part_chars or limits.current().part_chars
    nlp.max_length = max(nlp.max_length, size + 1)  # spaCy refuses longer texts; parts are never longer
    spans = part_spans(normalized.original, size)
    parts = ((normalized.part(start, end), start) for start, end in spans)  # made as spaCy asks for them
    # what a component decides from the whole document (the country a shared currency name belongs to) is
    # read once from the whole text and handed to every part
    countries = country_counts(normalized.text) if len(spans) > 1 else None

    def part_doc(text: str) -> Doc:
        doc = make_doc(nlp, text)
        if countries is not None:
            doc.user_data[DOCUMENT_COUNTRIES] = countries
        return doc

    entities: list[Entity] = []
    # batch_size=1: one part's Doc at a time, released before the next part is made
    for doc, (part, shift) in nlp.pipe(((part_doc(part.text), (part, shift)) for part, shift in parts), as_tuples=True,
                                       batch_size=1):  # fmt: skip
        entities.extend(_entities(doc, part, shift))
    return entities


def _entities(doc: Doc, normalized: NormalizedText, shift: int) -> list[Entity]:
    """The entities the components recorded on `doc` (made from `normalized.text`), offsets in the
    original text plus `shift`."""
    entities: list[Entity] = []
    for item in found_list(doc):
        start, end = normalized.to_original(item.start, item.end)
        value = dict(item.value)
        span = value.pop("expansion_span", None)
        if span is not None:
            value["expansion"] = normalized.original_text(*span)
            if value["expansion"].startswith("لل"):  # للوكالة البلجيكية: the name is الوكالة البلجيكية
                value["expansion"] = "ال" + value["expansion"][2:]
        acronym_span = value.pop("acronym_span", None)
        if acronym_span is not None:  # the acronym as written (أشغال, معاً), not its normalized form
            value["acronym"] = normalized.original_text(*acronym_span)
        entities.append(
            Entity(
                label=item.label,  # type: ignore[arg-type]
                text=normalized.original[start:end],
                start=start + shift,
                end=end + shift,
                value=value,
                source=item.source,
            )
        )
    return entities


__all__ = ["extract_entities", "load_pipeline"]
