"""The Prefect flow: incremental runs by content hash, bad files reported, nothing stored lost."""

import json
import shutil

import pytest

from pipeline.process import PIPELINE_VERSION
from pipeline.store import Store
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture
def workspace(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLES[:3]:
        shutil.copy(path, raw / path.name)
    return raw, tmp_path / "processed"


def run_flow(raw, out, **kw):
    from flows.process import process_reports

    return process_reports(raw_dir=str(raw), out_dir=str(out), **kw)


def test_second_run_skips_unchanged_and_changed_file_is_redone(prefect_server, workspace, monkeypatch):
    raw, out = workspace
    first = run_flow(raw, out)
    assert len(first["done"]) == 3 and first["skipped"] == [] and first["failed"] == []

    calls = []
    import pipeline.process

    original = pipeline.process.process_document
    monkeypatch.setattr(pipeline.process, "process_document", lambda d: calls.append(d.path) or original(d))
    second = run_flow(raw, out)
    assert second["done"] == [] and len(second["skipped"]) == 3
    assert calls == []  # no extraction work at all

    changed = raw / SAMPLES[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nتم تخصيص 300 000 درهم سنة 2025.\n", encoding="utf-8")
    third = run_flow(raw, out)
    assert [d["path"] for d in third["done"]] == [str(changed)]
    assert calls == [str(changed)]


def test_bad_file_does_not_stop_the_batch_and_old_result_is_kept(prefect_server, workspace):
    raw, out = workspace
    run_flow(raw, out)
    store = Store.at(out / "taqrir.db")
    victim = raw / SAMPLES[1].name
    old_sha = store.file_state(str(victim)).sha256

    victim.write_bytes(b"\x00\x01garbage\x00" * 64)  # the report is overwritten by junk
    (raw / "notes.xlsx").write_bytes(b"PK\x03\x04")
    summary = run_flow(raw, out)
    failed = {f["path"]: f["error"] for f in summary["failed"]}
    assert failed == {
        str(victim): "binary data (NUL bytes) in a text file, and no UTF-16 byte-order mark",
        str(raw / "notes.xlsx"): "unsupported format '.xlsx'; taqrir reads .docx, .htm, .html, .pdf, .text, .txt",
    }
    assert store.has_result(old_sha, PIPELINE_VERSION)  # the earlier extraction is still there
    lines = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(x["document"]["status"] for x in lines) == ["error", "error", "ok", "ok"]
    errors = (out / "errors.csv").read_text(encoding="utf-8-sig")
    assert "notes.xlsx" in errors and "binary data" in errors
