"""`taqrir train`: retrain the statistical recognizer on what reviewers taught, and keep it only if it
does at least as well as the model in use on reviewed data it never saw.

1. the reviewed items (`pipeline.learn.data`) are split by document, deterministically (a hash of its
   content): a document's items are all trained on or all held out, whatever else is reviewed later;
2. a model is fitted on the training side, plus the template sentences when asked (`templates`);
3. the extraction pipeline with the model in use now and with the new model are scored on the held-out
   side (ORG F1: precision, recall, F1 before and after);
4. the new model is kept as the next version (`extractors.models`), made current only when its F1 is at
   least the current one's, and registry proposals are written.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors import load_pipeline
from extractors.models import ModelVersions
from extractors.train import fit, template_items
from pipeline.learn.data import ORG, PROJECT, TrainingItem, reviewed_items
from pipeline.learn.evaluate import LabelScore, pipeline_for, score_model, score_pipeline
from pipeline.learn.proposals import find_proposals, write_proposals
from pipeline.store import Store

HELDOUT_PERCENT = 20
LABELS = (ORG, PROJECT)


def is_heldout(group: str, percent: int = HELDOUT_PERCENT) -> bool:
    """Whether a document's items are held out: the same answer for the same document, every time."""
    return int(hashlib.sha256(group.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


def split(items: list[TrainingItem], percent: int = HELDOUT_PERCENT) -> tuple[list[TrainingItem], list[TrainingItem]]:
    train = [i for i in items if not is_heldout(i.group, percent)]
    return train, [i for i in items if is_heldout(i.group, percent)]


@dataclass
class TrainReport:
    trained_on: int
    heldout: int
    before: dict[str, LabelScore]
    after: dict[str, LabelScore]
    model_alone: dict[str, LabelScore]
    version: str | None
    previous: str | None
    made_current: bool
    reason: str
    proposals: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def fit_items(train_items: list[TrainingItem], out_dir: Path, epochs: int, seed: int, templates: bool) -> dict[str, float]:
    data = [i.as_dict() for i in train_items]
    if templates:
        data += template_items(seed)
    return fit(data, out_dir, epochs=epochs, seed=seed, labels=LABELS)


def learn(store: Store, versions: ModelVersions | None = None, epochs: int = 10, seed: int = 13,
          templates: bool = True, percent: int = HELDOUT_PERCENT) -> TrainReport:  # fmt: skip
    """Train, compare on held-out reviewed data, keep the new version (current only when not worse)."""
    import spacy

    versions = versions or ModelVersions.default()
    items = reviewed_items(store)
    train_items, heldout = split(items, percent)
    previous = versions.current()
    before = score_pipeline(pipeline_for("current"), heldout)
    versions.root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="training-", dir=versions.root))
    try:
        stats = fit_items(train_items, work / "model", epochs, seed, templates)
        after = score_pipeline(pipeline_for(work / "model"), heldout)
        model_alone = score_model(spacy.load(work / "model"), heldout, LABELS)
        if not heldout:
            made_current, reason = False, "no held-out reviewed data yet: kept, not used (review more documents)"
        elif not train_items and not templates:
            made_current, reason = False, "no reviewed data to train on"
        elif after[ORG].f1 >= before[ORG].f1:
            made_current, reason = True, f"ORG F1 {after[ORG].f1:.3f} >= {before[ORG].f1:.3f} of the model in use"
        else:
            made_current, reason = False, f"ORG F1 {after[ORG].f1:.3f} < {before[ORG].f1:.3f} of the model in use: kept, not used"
        info = {"trained_on": len(train_items), "templates": templates, "heldout": len(heldout), "epochs": epochs,
                "seed": seed, "previous": previous, "before": {k: v.as_dict() for k, v in before.items()},
                "after": {k: v.as_dict() for k, v in after.items()},
                "model_alone": {k: v.as_dict() for k, v in model_alone.items()}, "reason": reason}  # fmt: skip
        version = versions.add(work / "model", info, make_current=made_current)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if made_current:
        load_pipeline.cache_clear()  # this process's next extraction uses the new model too
    proposals = find_proposals(store)
    write_proposals(proposals)
    return TrainReport(len(train_items), len(heldout), before, after, model_alone, version, previous, made_current,
                       reason, proposals, stats["seconds"])  # fmt: skip
