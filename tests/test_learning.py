"""Learning from reviewers: training items from the store, the train/held-out split, the
train-compare-keep loop, model versions, registry proposals and the teaching order of the review list."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from extractors.models import ModelVersions
from extractors.registry import default_registry, registered
from pipeline.learn.data import correction_items, passages, record_items
from pipeline.learn.loop import is_heldout, learn, split
from pipeline.learn.proposals import accept, find_proposals, read_proposals, write_proposals
from pipeline.process import PIPELINE_VERSION, pipeline_version
from pipeline.store import Store
from taqrir_cli import app
from tests.test_web_support import filled_store

pytest_plugins = ["tests.test_web_support"]  # its fixtures: raw, sample_results, store, reviewer


@pytest.fixture
def reviewed(tmp_path, sample_results) -> Iterator[Store]:
    """The samples stored; one organization added by a reviewer in 004; every record of 003 and 004 accepted."""
    store = filled_store(f"sqlite:///{tmp_path / 'taqrir.db'}", sample_results)
    path = _path(store, "004")
    text = store.document(path).document.text
    org = text.index("مركز الاستقبال والندوات")
    store.correct_entity(path, "add", "amina", label="ORG", start=org, end=org + 23)
    for view in store.records():
        if any(d.endswith(("003_60ff597729851aff.txt", "004_010f2b19d76e34c4.txt")) for d in view.record.documents):
            store.set_status(view.record_id, "accepted", "amina")
    yield store
    store.close()


def _path(store: Store, prefix: str) -> str:
    return next(p for p in store.document_paths() if p.split("/")[-1].startswith(prefix))


def test_passages_split_at_lines_and_full_stops():
    text = "أولا. ثانيا؟ ثالثا\n\nرابعا"
    assert [text[a:b] for a, b in passages(text)] == ["أولا.", "ثانيا؟", "ثالثا", "رابعا"]


def test_a_corrected_passage_is_a_complete_item_with_exact_offsets(reviewed):
    [item] = correction_items(reviewed)
    path = _path(reviewed, "004")
    text = reviewed.document(path).document.text
    org = text.index("مركز الاستقبال والندوات")
    start = int(item.key.rsplit("@", 1)[1])
    assert item.complete and item.origin == "correction"
    assert item.text == text[start:start + len(item.text)]
    assert [(item.text[a:b], label) for a, b, label in item.spans] == [("مركز الاستقبال والندوات", "ORG")]
    assert item.spans[0][0] + start == org
    assert item.group == reviewed.document(path).document.sha256


def test_accepted_records_are_partial_items_of_their_organizations_and_names(reviewed):
    items = record_items(reviewed)
    assert all(not i.complete and i.origin == "record" for i in items)
    assert all(i.text[a:b] for i in items for a, b, _ in i.spans)
    found = sorted((i.text[a:b], label) for i in items for a, b, label in i.spans)
    assert ("جمعية مدينتي", "ORG") in found and ("وكالة التنمية البلجيكية", "ORG") in found
    assert ("نشارك", "PROJECT") in found
    # records still pending teach nothing
    assert not any(name == "بلدية مدريد" for name, _ in found)


def test_the_split_is_by_document_and_the_same_every_time(reviewed):
    items = correction_items(reviewed) + record_items(reviewed)
    train, heldout = split(items)
    assert split(items) == (train, heldout)
    held_groups = {i.group for i in heldout}
    assert held_groups == {reviewed.document(_path(reviewed, "004")).document.sha256}
    assert not held_groups & {i.group for i in train}
    assert is_heldout("a", 0) is False and is_heldout("a", 100) is True


@pytest.mark.slow
def test_train_compares_on_heldout_data_and_keeps_every_version(reviewed, learned_dir):
    assert pipeline_version() == PIPELINE_VERSION
    report = learn(reviewed, epochs=3, templates=False)
    versions = ModelVersions.default()
    assert versions.root == learned_dir / "models"
    assert report.version == "v0001" and report.previous is None
    assert report.heldout == 2 and report.trained_on == len(record_items(reviewed)) - 1
    # the rules alone on 004's held-out items (the corrected passage, the record naming only its
    # project): the one organization is the body the reviewer added, which the rules miss
    assert (report.before["ORG"].tp, report.before["ORG"].fn) == (0, 1)
    assert report.made_current == (report.after["ORG"].f1 >= report.before["ORG"].f1)
    [kept] = versions.list()
    assert kept["version"] == "v0001" and kept["heldout"] == 2 and kept["before"]["ORG"]["fn"] == 1
    assert (versions.root / "v0001" / "ner").is_dir()
    versions.use("v0001")
    assert pipeline_version() == f"{PIPELINE_VERSION}+ner.v0001"
    second = learn(reviewed, epochs=3, templates=False)
    # the same data and seed: the new model scores what the one in use scores, which is good enough
    assert second.version == "v0002" and second.previous == "v0001" and second.made_current
    assert second.after["ORG"].f1 == second.before["ORG"].f1
    assert [m["version"] for m in versions.list()] == ["v0001", "v0002"] and versions.current() == "v0002"


@pytest.mark.slow
def test_no_heldout_data_keeps_the_model_without_using_it(tmp_path, sample_results):
    store = filled_store(f"sqlite:///{tmp_path / 'taqrir.db'}", [r for r in sample_results if "003_" in r.document.path])
    for view in store.records():
        store.set_status(view.record_id, "accepted", "amina")
    report = learn(store, epochs=1, templates=False)
    assert report.heldout == 0 and not report.made_current
    assert ModelVersions.default().current() is None and pipeline_version() == PIPELINE_VERSION
    store.close()


def test_proposals_and_accepting_one_into_the_overlay(reviewed, learned_dir):
    proposals = find_proposals(reviewed)
    names = [p["name"] for p in proposals]
    assert "مركز الاستقبال والندوات" in names and "جمعية مدينتي" in names
    assert "وكالة التنمية البلجيكية" not in names  # registered already (Enabel)
    assert all(len(n.split()) > 1 for n in names)
    write_proposals(proposals)
    shipped = (default_registry().registry_path).read_bytes()
    body = accept("جمعية مدينتي", canonical="Association Madinati", registry_id="MADINATI")
    assert body == {"id": "MADINATI", "canonical": "Association Madinati", "names": ["جمعية مدينتي"], "acronyms": []}
    assert registered("جمعية مدينتي") == {"canonical": "Association Madinati", "registry_id": "MADINATI"}
    assert "جمعية مدينتي" not in [p["name"] for p in read_proposals()]
    assert json.loads((learned_dir / "registry_overlay.json").read_text(encoding="utf-8"))["bodies"] == [body]
    assert default_registry().registry_path.read_bytes() == shipped
    assert pipeline_version().startswith(f"{PIPELINE_VERSION}+reg.")
    with pytest.raises(ValueError, match="no registry proposal"):
        accept("جمعية لا توجد")
    default_registry.cache_clear()


@pytest.mark.slow
def test_model_and_registry_commands(reviewed, tmp_path):
    runner = CliRunner()
    db = ["--db", reviewed.url]
    result = runner.invoke(app, ["train", *db, "--epochs", "2", "--no-templates"])
    assert result.exit_code == 0, result.output
    assert "2 held out (never trained on)" in result.output and "model v0001:" in result.output
    listed = runner.invoke(app, ["model", "list"])
    assert listed.exit_code == 0 and "v0001" in listed.output
    bad = runner.invoke(app, ["model", "use", "v0009"])
    assert bad.exit_code == 2 and "no model version 'v0009'" in bad.output
    used = runner.invoke(app, ["model", "use", "v0001"])
    assert used.exit_code == 0 and f"pipeline version {PIPELINE_VERSION}+ner.v0001" in used.output
    assert runner.invoke(app, ["model", "use", "none"]).exit_code == 0
    assert ModelVersions.default().current() is None
    proposals = runner.invoke(app, ["registry", "proposals", "--jsonl"])
    assert any(json.loads(line)["name"] == "جمعية مدينتي" for line in proposals.output.splitlines())
    accepted = runner.invoke(app, ["registry", "accept", "جمعية مدينتي"])
    assert accepted.exit_code == 0 and "registered LOCAL-" in accepted.output
    default_registry.cache_clear()


def test_a_broken_manifest_is_named_with_its_file(learned_dir):
    (learned_dir / "models").mkdir()
    (learned_dir / "models" / "manifest.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["model", "list"])
    assert result.exit_code == 2 and "manifest.json: cannot read the model manifest" in result.output


def test_teaching_order_puts_uncertain_and_flagged_records_first(reviewed):
    views = reviewed.records(order="teaching")

    def value(v) -> float:  # type: ignore[no-untyped-def]
        return v.record.confidence - (0.5 if json.loads(_flags(reviewed, v.record_id)) else 0.0)

    values = [value(v) for v in views]
    assert values == sorted(values) and len(views) == reviewed.count_records()
    ids = [v.record_id for v in views]
    assert [reviewed.next_record_id(i, order="teaching") for i in ids] == [*ids[1:], None]


def _flags(store: Store, record_id: str) -> str:
    from pipeline.store.models import RecordRow

    with store.session() as s:
        row = s.get(RecordRow, record_id)
        assert row is not None
        return row.flags_json


def test_the_review_list_offers_the_teaching_order(store, reviewer):
    client, _ = reviewer
    page = client.get("/records", params={"order": "teaching"}).text
    assert '<option value="teaching" selected>ما يعلّم النموذج أكثر أولا (غير مؤكد أو متعارض)</option>' in page
    first = store.find_records(limit=1, order="teaching")[0]
    assert page.index(first.record_id) < min(page.index(v.record_id) for v in store.find_records(order="teaching")[1:])


def test_a_broken_manifest_leaves_extraction_to_the_rules(learned_dir):
    from extractors import extract_entities
    from pipeline.learn.evaluate import pipeline_for
    from pipeline.normalize import normalize

    (learned_dir / "models").mkdir()
    (learned_dir / "models" / "manifest.json").write_text("[]", encoding="utf-8")
    with pytest.warns(UserWarning, match="not a model manifest"):
        nlp = pipeline_for("current")
    assert [e.text for e in extract_entities(normalize("وقعت جماعة وجدة اتفاقية"), nlp) if e.label == "ORG"] == ["جماعة وجدة"]
    assert pipeline_version() == PIPELINE_VERSION
