"""The learning curve: a simulated review over the annotated cases.

The written cases (`benchmarks/gold/cases.jsonl`) and the blind held-out cases (`heldout.jsonl`) play
the part of reviewed passages: a fixed share of them (by a hash of the case id, the rule `taqrir train`
uses for documents) is the evaluation set, never trained on; of the rest, a growing number is taken as
"reviewed" (in a fixed, hashed order), the statistical ORG layer is fitted on them exactly as
`taqrir train` fits it (`pipeline.learn.loop.fit_items`), and the extraction pipeline with that model
is scored on the evaluation set. Row 0 is the pipeline as it runs today (the rules, no learned model);
with `--templates`, row 0 is the template sentences alone (the shipped model's data).

    python -m benchmarks.learning [--epochs 5] [--steps 0,25,50,100,200,all] [--templates] [--no-require-head]

F1 is exact-span F1 per label on the evaluation set; "blind" is ORG F1 on its cases from
`heldout.jsonl` alone (written blind, never tuned on: the gain on unseen text); "model" is the
recognizer's own ORG F1 without the rules. The decision column says whether `taqrir train` would put the model in use (its
pipeline ORG F1 on the evaluation set at least that of the rules alone).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import tempfile
import time
from pathlib import Path

from benchmarks.accuracy import GOLD, HELDOUT, LABELS, load_cases
from pipeline.learn.data import ORG, TrainingItem
from pipeline.learn.evaluate import pipeline_for, pipeline_spans, score, score_model
from pipeline.learn.loop import fit_items, is_heldout

EVALUATION_PERCENT = 30


def annotated_items() -> list[TrainingItem]:
    """Every case with all its gold spans, completely annotated (the gold lists every entity)."""
    items = []
    for path in (GOLD / "cases.jsonl", HELDOUT):
        for case in load_cases(path):
            spans = [(g.start, g.end, g.label) for g in case.gold]
            items.append(TrainingItem(case.text, spans, True, case.id, "gold", case.id))
    return items


def review_order(items: list[TrainingItem]) -> list[TrainingItem]:
    """The order a simulated reviewer goes through the pool: fixed, and unrelated to the case ids' order."""
    return sorted(items, key=lambda i: hashlib.sha256(("review:" + i.key).encode()).hexdigest())


def only_org(items: list[TrainingItem]) -> list[TrainingItem]:
    """What the statistical layer learns from a reviewed passage: its organizations."""
    return [TrainingItem(i.text, [s for s in i.spans if s[2] == ORG], True, i.group, i.origin, i.key) for i in items]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--steps", default="0,25,50,100,200,all", help="numbers of reviewed cases, comma-separated")
    parser.add_argument("--templates", action="store_true", help="add the template sentences to every training set")
    parser.add_argument("--no-require-head", action="store_true",
                        help="let the model's names in even when they do not open with a head noun")  # fmt: skip
    args = parser.parse_args()
    import spacy

    items = annotated_items()
    evaluation = [i for i in items if is_heldout(i.group, EVALUATION_PERCENT)]
    pool = review_order([i for i in items if not is_heldout(i.group, EVALUATION_PERCENT)])
    steps = [len(pool) if s == "all" else min(int(s), len(pool)) for s in args.steps.split(",")]
    labels = tuple(LABELS)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"annotated cases: {len(items)} (cases.jsonl + heldout.jsonl); evaluation set {len(evaluation)} "
          f"(never trained on), review pool {len(pool)}; epochs {args.epochs}; templates {'on' if args.templates else 'off'}; "
          f"require_head {'off' if args.no_require_head else 'on'}")  # fmt: skip
    header = f"{'reviewed':>8} " + " ".join(f"{label:>10}" for label in labels)
    print(header + f" {'ORG P':>6} {'ORG R':>6} {'blind':>6} {'model':>6} {'fit s':>6}  decision")
    rules = pipeline_for(None)
    baseline = score(evaluation, [pipeline_spans(rules, i.text, (ORG,)) for i in evaluation], (ORG,))[ORG].f1
    with tempfile.TemporaryDirectory() as folder:
        for number in steps:
            t0 = time.perf_counter()
            model_f1, fitted = "-", 0.0
            if number == 0 and not args.templates:
                nlp = rules  # nothing to learn from: the pipeline as it runs today
            else:
                out = Path(folder) / f"model-{number}"
                stats = fit_items(only_org(pool[:number]), out, args.epochs, args.seed, args.templates)
                fitted = stats["seconds"]
                nlp = pipeline_for(out, {"require_head": False} if args.no_require_head else None)
                model_f1 = f"{score_model(spacy.load(out), evaluation, (ORG,))[ORG].f1:.3f}"
            predicted = [pipeline_spans(nlp, i.text, labels) for i in evaluation]
            scores = score(evaluation, predicted, labels)
            org = scores[ORG]
            # the blind cases alone (heldout.jsonl, never tuned on): the gain on unseen text
            blind = [(i, p) for i, p in zip(evaluation, predicted, strict=True) if i.key.startswith("heldout-")]
            blind_org = score([i for i, _ in blind], [p for _, p in blind], (ORG,))[ORG]
            # what taqrir train would decide against today's pipeline (the rules alone)
            decision = "rules (today)" if nlp is rules else ("would be used" if org.f1 >= baseline else "kept, not used")
            row = f"{number:>8} " + " ".join(f"{scores[label].f1:>10.3f}" for label in labels)
            print(row + f" {org.precision:>6.3f} {org.recall:>6.3f} {blind_org.f1:>6.3f} {model_f1:>6} {fitted:>6.1f}  {decision}"
                  f"  ({time.perf_counter() - t0:.0f} s)", flush=True)  # fmt: skip

if __name__ == "__main__":
    main()
