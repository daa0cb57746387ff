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

# Importing the component modules registers their factories with spaCy.
from extractors import acronyms, dates, money, org_ner, organizations, registry, resolve  # noqa: F401
from extractors.base import found_list
from pipeline.model import Entity
from pipeline.normalize import NormalizedText

DEFAULT_CONFIG = Path(__file__).parent / "pipeline.cfg"


@lru_cache(maxsize=4)
def load_pipeline(config_path: str | None = None) -> Language:
    """The extraction pipeline described by a config file (default: extractors/pipeline.cfg)."""
    config = spacy.util.load_config(config_path or DEFAULT_CONFIG)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    # The components read characters, not parses: a long report (a 300-page PDF is over a million
    # characters) needs no more memory than its tokens.
    nlp.max_length = max(nlp.max_length, 50_000_000)
    return nlp


def extract_entities(normalized: NormalizedText, nlp: Language | None = None) -> list[Entity]:
    """All entities of a text, with offsets into the original text."""
    nlp = nlp or load_pipeline()
    doc = nlp(normalized.text)
    entities: list[Entity] = []
    for item in found_list(doc):
        start, end = normalized.to_original(item.start, item.end)
        value = dict(item.value)
        span = value.pop("expansion_span", None)
        if span is not None:
            value["expansion"] = normalized.original_text(*span)
            if value["expansion"].startswith("لل"):  # للوكالة البلجيكية: the name is الوكالة البلجيكية
                value["expansion"] = "ال" + value["expansion"][2:]
        entities.append(
            Entity(
                label=item.label,  # type: ignore[arg-type]
                text=normalized.original[start:end],
                start=start,
                end=end,
                value=value,
                source=item.source,
            )
        )
    return entities


__all__ = ["extract_entities", "load_pipeline"]
