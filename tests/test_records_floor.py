"""The records benchmark stays above a floor just under the figures measured when it was written
(recall 100%, precision 100%, fields right 98.7% on the 17 gold records of the samples)."""

from benchmarks.records import evaluate

RECALL_FLOOR = 0.94
PRECISION_FLOOR = 0.94
FIELDS_FLOOR = 0.96
PER_FIELD_FLOOR = 0.8


def test_records_benchmark_stays_above_its_floor():
    report = evaluate()
    assert report.gold == 17
    assert report.recall >= RECALL_FLOOR, [g["name"] for g in report.missed]
    assert report.precision >= PRECISION_FLOOR, [p["name"] for p in report.spurious]
    assert report.fields_right >= FIELDS_FLOOR
    for field, (right, total) in report.field_accuracy().items():
        assert right / total >= PER_FIELD_FLOOR, field


def test_records_do_not_depend_on_the_org_extractor_alone(monkeypatch):
    """Roles are read from structure (cue lists, labels, table cells) first: without any ORG entity the
    records keep most of their fields (measured 95.4%)."""
    import pipeline.process as process

    extract = process.extract_entities
    monkeypatch.setattr(process, "extract_entities", lambda text: [e for e in extract(text) if e.label != "ORG"])
    report = evaluate()
    assert report.recall >= RECALL_FLOOR and report.precision >= PRECISION_FLOOR
    assert report.fields_right >= 0.93


# Floors just under the development sets' figures after the fourth round of issue 20 (RESULTS.md section 20;
# blind2 and blind3 raised from the third round's, blind4 a development set from this round on): a later
# rule that loses what a general rule won on a set it was not written from shows here.
DEV_FLOORS = {
    "blind": (0.99, 0.99, 0.94),
    "blind2": (0.90, 0.91, 0.84),
    "blind3": (0.91, 0.97, 0.86),
    "blind4": (0.95, 0.97, 0.81),
}


def test_development_sets_stay_above_their_floors():
    for name, (recall, precision, fields) in DEV_FLOORS.items():
        report = evaluate(name)
        assert report.recall >= recall, (name, [g["name"] for g in report.missed])
        assert report.precision >= precision, (name, [p["name"] for p in report.spurious])
        assert report.fields_right >= fields, name
