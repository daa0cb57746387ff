"""Project records against gold records: the sample reports (tuned on) and a blind set (never tuned on).

    python benchmarks/records.py [--set samples|blind|blind2|blind3|blind4|blind5|all] [--verbose]

Prints, per set, records found/gold, recall, precision, per-field accuracy over matched records, and
the missed and spurious records. The sets:
- `samples`: benchmarks/gold/records.jsonl, the 17 records of the five sample reports in raw/, which the
  record rules were written against (conventions: benchmarks/gold/RECORDS.md);
- `blind2`: benchmarks/gold/records_blind2.jsonl, 83 passages of the same kinds by a second annotator who
  never saw taqrir's code or output (conventions: RECORDS_BLIND2.md), written while the records were being
  improved on `blind`; measured blind once (RESULTS.md section 8), then used for development (section 8b);
- `blind3`: benchmarks/gold/records_blind3.jsonl, 83 passages by a third annotator who never saw the code,
  the output or the other sets (RECORDS_BLIND3.md), written while `blind2` became a development set;
  measured blind (RESULTS.md section 14), then used for development in the third round (section 16);
- `blind4`: benchmarks/gold/records_blind4.jsonl, 126 passages by a fourth annotator who never saw the
  code, the output or the other sets (RECORDS_BLIND4.md), written during the third round; measured blind
  (RESULTS.md section 19), then used for development in the fourth round (section 20);
- `blind5`: benchmarks/gold/records_blind5.jsonl, 117 passages by a fifth annotator who never saw the
  code, the output or the other sets (RECORDS_BLIND5.md), written during the fourth round: the honest
  estimate now (RESULTS.md section 21);
- `blind`: benchmarks/gold/records_blind.jsonl, 80 short passages in the style of published items
  (projects, loans, grants, agreements, launches, and passages naming no project), written with their
  records by an annotator who never saw taqrir's code or output (conventions: RECORDS_BLIND.md). Its
  first measurement is recorded in benchmarks/RESULTS.md; figures after work that looked at it are
  no longer blind.

Matching: a predicted record matches a gold record of the same document when its name (or an
alias) is close to the gold name or one of its aliases (normalized, difflib ratio >= NAME_MATCH,
or one contains the other), or when both have the same acronym; pairs are taken best first.
Fields of a matched pair: `acronym`, `start`, `end` exact; `amounts` as sets of (amount,
currency); `funders`, `implementers`, `partners`, `locations` as sets, an item counting as found
when a fuzzy match (>= ITEM_MATCH) pairs it one to one; a field is right when the sets are equal.
Place names are compared without their generic word (جهة، جماعة، مدينة، بلدية، إقليم، عمالة).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.normalize import normalize_str  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "records.jsonl"
BLIND = ROOT / "benchmarks" / "gold" / "records_blind.jsonl"
BLIND2 = ROOT / "benchmarks" / "gold" / "records_blind2.jsonl"
BLIND3 = ROOT / "benchmarks" / "gold" / "records_blind3.jsonl"  # a third annotator (RECORDS_BLIND3.md)
BLIND4 = ROOT / "benchmarks" / "gold" / "records_blind4.jsonl"  # a fourth annotator (RECORDS_BLIND4.md)
BLIND5 = ROOT / "benchmarks" / "gold" / "records_blind5.jsonl"  # a fifth annotator (RECORDS_BLIND5.md)
RAW = ROOT / "raw"
NAME_MATCH = 0.8
ITEM_MATCH = 0.85
FIELDS = ["name", "acronym", "start", "end", "amounts", "funders", "implementers", "partners", "locations"]
LIST_FIELDS = ["funders", "implementers", "partners", "locations"]
PLACE_WORDS = {normalize_str(w) for w in ("جهة", "جماعة", "مدينة", "بلدية", "إقليم", "عمالة", "الجهة", "المدينة")}


def fold(text: str) -> str:
    text = normalize_str(text or "").lower()
    text = re.sub(r"[\"“”«»„'‘’()\[\]،,.:;؛\-–_/]", " ", text)
    return " ".join(text.split())


def fold_place(text: str) -> str:
    words = fold(text).split()
    while words and words[0] in PLACE_WORDS:
        words = words[1:]
    return " ".join(words)


def ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def name_score(pred: dict, gold: dict) -> float:
    if pred.get("acronym") and gold.get("acronym") and pred["acronym"].upper() == gold["acronym"].upper():
        return 1.0
    best = 0.0
    for p in [pred["name"], *pred.get("aliases", [])]:
        for g in [gold["name"], *gold.get("aliases", [])]:
            fp, fg = fold(p), fold(g)
            score = ratio(fp, fg)
            if len(fp) >= 4 and len(fg) >= 4 and (f" {fp} " in f" {fg} " or f" {fg} " in f" {fp} "):
                shorter, longer = sorted((len(fp), len(fg)))
                score = max(score, 0.8 if shorter / longer >= 0.5 else score)
            best = max(best, score)
    return best


def same_set(pred: list[str], gold: list[str], folder=fold) -> bool:
    left = [folder(x) for x in pred]
    right = [folder(x) for x in gold]
    if len(left) != len(right):
        return False
    used: set[int] = set()
    for item in left:
        match = next((j for j, g in enumerate(right) if j not in used and ratio(item, g) >= ITEM_MATCH), None)
        if match is None:
            return False
        used.add(match)
    return True


def field_right(field: str, pred: dict, gold: dict) -> bool:
    if field == "name":
        return name_score(pred, gold) >= NAME_MATCH
    if field in ("acronym", "start", "end"):
        return (pred.get(field) or None) == (gold.get(field) or None)
    if field == "amounts":
        as_set = lambda items: sorted((round(float(a["amount"]), 2), a.get("currency")) for a in items)  # noqa: E731
        return as_set(pred.get("amounts", [])) == as_set(gold.get("amounts", []))
    folder = fold_place if field == "locations" else fold
    return same_set(pred.get(field, []), gold.get(field, []), folder)


@dataclass
class Report:
    gold: int
    found: int
    matched: list[tuple[dict, dict]]
    missed: list[dict]
    spurious: list[dict]
    seconds: float

    @property
    def recall(self) -> float:
        return len(self.matched) / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return len(self.matched) / self.found if self.found else 1.0

    def field_accuracy(self) -> dict[str, tuple[int, int]]:
        return {f: (sum(field_right(f, p, g) for p, g in self.matched), len(self.matched)) for f in FIELDS}

    @property
    def fields_right(self) -> float:
        acc = self.field_accuracy()
        total = sum(t for _, t in acc.values())
        return sum(c for c, _ in acc.values()) / total if total else 1.0


def predict(paths: list[Path]) -> dict[str, list[dict]]:
    from pipeline.process import process_file

    return {p.name: [as_gold(r) for r in process_file(p).projects] for p in paths}


def as_gold(record) -> dict:  # type: ignore[no-untyped-def]
    """A record as the gold sets write one: organizations by their names as written."""
    data = record.model_dump()
    for role in ("funders", "implementers", "partners"):
        data[role] = [o["name"] for o in data[role]]
    return data


def predict_texts(texts: dict[str, str]) -> dict[str, list[dict]]:
    from pipeline.load import load_bytes
    from pipeline.process import process_document

    return {
        doc: [as_gold(r) for r in process_document(load_bytes(text.encode("utf-8"), f"{doc}.txt")).projects]
        for doc, text in texts.items()
    }


def load_set(name: str) -> tuple[list[dict], dict[str, list[dict]], float]:
    """The gold records of set `name` (each with its `doc`), the predicted records per doc, and the seconds."""
    started = time.perf_counter()
    if name == "samples":
        gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
        predicted = predict([RAW / d for d in sorted({g["doc"] for g in gold})])
    else:
        source = {"blind": BLIND, "blind2": BLIND2, "blind3": BLIND3, "blind4": BLIND4, "blind5": BLIND5}[name]
        passages = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold = [{"doc": p["id"], **record} for p in passages for record in p["records"]]
        predicted = predict_texts({p["id"]: p["text"] for p in passages})
    return gold, predicted, time.perf_counter() - started


def evaluate(name: str = "samples") -> Report:
    gold, predicted, seconds = load_set(name)
    matched, missed, spurious = [], [], []
    for doc in sorted(predicted):
        golds = [g for g in gold if g["doc"] == doc]
        preds = predicted[doc]
        pairs = sorted(((name_score(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)), reverse=True)
        used_p: set[int] = set()
        used_g: set[int] = set()
        for score, i, j in pairs:
            if score < NAME_MATCH or i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            matched.append((preds[i], golds[j]))
        missed += [g for j, g in enumerate(golds) if j not in used_g]
        spurious += [{"doc": doc, **p} for i, p in enumerate(preds) if i not in used_p]
    total_pred = sum(len(v) for v in predicted.values())
    return Report(len(gold), total_pred, matched, missed, spurious, seconds)


TITLES = {"samples": "samples (the five reports in raw/, tuned on)",
          "blind": "blind (80 passages; measured blind once, then used for development)",
          "blind2": "blind2 (83 passages by a second annotator; measured blind once, then used for development)",
          "blind3": "blind3 (83 passages by a third annotator; measured blind, then used for development)",
          "blind4": "blind4 (126 passages by a fourth annotator; measured blind, then used for development)",
          "blind5": "blind5 (117 passages by a fifth annotator, never tuned on)"}


def print_report(name: str, report: Report, verbose: bool) -> None:
    print(f"== {TITLES[name]}: {report.seconds:.1f} s")
    print(f"records: gold {report.gold}, found {report.found}, matched {len(report.matched)}")
    print(f"recall    {report.recall:6.1%}")
    print(f"precision {report.precision:6.1%}")
    print(f"fields right over matched records: {report.fields_right:6.1%}")
    print(f"{'field':<14}{'right':>7}{'total':>7}{'accuracy':>10}")
    for field, (right, total) in report.field_accuracy().items():
        print(f"{field:<14}{right:>7}{total:>7}{(right / total if total else 1):>10.1%}")
    print("missed:")
    for g in report.missed:
        print(f"  {g['doc']} {g['name']}")
    print("spurious:")
    for p in report.spurious:
        print(f"  {p['doc']} {p['name']}")
    wrong = [(p, g, f) for p, g in report.matched for f in FIELDS if not field_right(f, p, g)]
    print(f"wrong fields: {len(wrong)}")
    for p, g, f in wrong:
        if verbose:
            print(f"  {g['doc']} {g['name'][:40]} {f}: got {p.get(f)!r} want {g.get(f)!r}")
        else:
            print(f"  {g['doc']} {g['name'][:40]}: {f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["samples", "blind", "blind2", "blind3", "blind4", "blind5", "all"], default="all")
    parser.add_argument("--verbose", action="store_true", help="print every wrong field of matched records")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    names = ["samples", "blind", "blind2", "blind3", "blind4", "blind5"] if args.set == "all" else [args.set]
    reports = {name: evaluate(name) for name in names}
    for name in names:
        print_report(name, reports[name], args.verbose)
    if len(reports) > 1:
        print("== side by side")
        print(f"{'':<22}" + "".join(f"{n:>10}" for n in names))
        rows = [("recall", lambda r: r.recall), ("precision", lambda r: r.precision),
                ("fields right", lambda r: r.fields_right)]  # fmt: skip
        for label, value in rows:
            print(f"{label:<22}" + "".join(f"{value(reports[n]):>10.1%}" for n in names))
        for field in FIELDS:
            cells = []
            for n in names:
                right, total = reports[n].field_accuracy()[field]
                cells.append(f"{(right / total if total else 1):>10.1%}")
            print(f"{field:<22}" + "".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
