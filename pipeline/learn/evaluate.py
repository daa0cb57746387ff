"""How well a pipeline finds the spans of training items: precision, recall and F1 per label.

Two things are measured on the same items:
- the extraction pipeline as a run would use it (rules, plus a statistical model when one is in use):
  `pipeline_for` builds it with the current model, a candidate model, or none;
- a trained model alone (`model_spans`), for the labels only it learns (PROJECT).

A complete item counts every predicted span; a partial one (an accepted record's evidence) only the
predicted spans that touch one of its known spans: elsewhere nobody said what is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from extractors import DEFAULT_CONFIG, extract_entities
from pipeline.learn.data import TrainingItem
from pipeline.normalize import normalize

Spans = list[tuple[int, int, str]]


@dataclass
class LabelScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}  # fmt: skip


def pipeline_for(model: Path | None | str = "current", settings: dict[str, Any] | None = None) -> Language:
    """The extraction pipeline of `extractors/pipeline.cfg` with: `"current"` the model a run would use
    now, a folder a candidate model, None no statistical model (the rules alone); `settings` change the
    statistical component's other settings (`{"require_head": False}`). Built anew each time: the cached
    pipeline may predate the model just trained."""
    overrides: dict[str, Any] = {f"components.taqrir_org_ner.{k}": v for k, v in (settings or {}).items()}
    if model is None:
        overrides |= {"components.taqrir_org_ner.enabled": False, "components.taqrir_org_ner.learned": False}
    elif model != "current":
        overrides |= {"components.taqrir_org_ner.model_path": str(model), "components.taqrir_org_ner.enabled": True}
    config = spacy.util.load_config(DEFAULT_CONFIG, overrides=overrides)
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


def pipeline_spans(nlp: Language, text: str, labels: tuple[str, ...]) -> Spans:
    return [(e.start, e.end, e.label) for e in extract_entities(normalize(text), nlp) if e.label in labels]


def model_spans(model: Language, text: str, labels: tuple[str, ...]) -> Spans:
    """A trained recognizer's own spans, on the normalized text, mapped back to `text`."""
    normalized = normalize(text)
    spans = []
    for ent in model(normalized.text).ents:
        if ent.label_ in labels:
            start, end = normalized.to_original(ent.start_char, ent.end_char)
            spans.append((start, end, ent.label_))
    return spans


def score(items: list[TrainingItem], predictions: list[Spans], labels: tuple[str, ...]) -> dict[str, LabelScore]:
    scores = {label: LabelScore() for label in labels}
    for item, predicted in zip(items, predictions, strict=True):
        gold = {s for s in item.spans if s[2] in labels}
        for span in set(predicted):
            if span[2] not in labels:
                continue
            if span in gold:
                scores[span[2]].tp += 1
            elif item.complete or any(span[0] < g[1] and g[0] < span[1] for g in item.spans):
                scores[span[2]].fp += 1
        for span in gold - set(predicted):
            scores[span[2]].fn += 1
    return scores


def score_pipeline(nlp: Language, items: list[TrainingItem], labels: tuple[str, ...] = ("ORG",)) -> dict[str, LabelScore]:
    return score(items, [pipeline_spans(nlp, item.text, labels) for item in items], labels)


def score_model(model: Language, items: list[TrainingItem], labels: tuple[str, ...]) -> dict[str, LabelScore]:
    return score(items, [model_spans(model, item.text, labels) for item in items], labels)
