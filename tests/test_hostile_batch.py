"""One bad file never costs the others their result: a zip bomb, a PDF declaring a million pages, a
text over the limit and a file a stage fails on are reported with their reason in `taqrir extract`,
`taqrir entities` and `taqrir run`, while every good file gets exactly the result it gets alone."""

import json
import os
import shutil
import subprocess
import sys

import pytest

import pipeline.process
from pipeline.batch import process_batch
from pipeline.process import process_file
from tests.conftest import ROOT, SAMPLES
from tests.test_limits import docx_with_paragraph, minimal_pdf

TAQRIR = [sys.executable, "-m", "taqrir_cli"]
TEXT_LIMIT = 20_000  # characters: every sample is under it (the longest has about 5,000)

BOMB_REASON = "too large to process: word/document.xml inflated (as its zip header declares) is "
PDF_REASON = ("too large to process: the PDF is 1,000,000 pages, over the limit of 2,000 pages "
              "(set TAQRIR_MAX_PDF_PAGES to raise it)")  # fmt: skip


def long_text() -> str:
    text = SAMPLES[0].read_text(encoding="utf-8")
    return (text + "\n\n") * (TEXT_LIMIT // len(text) + 1)


def reason_for_long_text() -> str:
    chars = len(long_text().replace("\r\n", "\n"))
    return (f"too large to process: the text is {chars:,} characters, over the limit of {TEXT_LIMIT:,} characters "
            "(set TAQRIR_MAX_TEXT_CHARS to raise it)")  # fmt: skip


@pytest.fixture
def hostile_folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLES[:3]:
        shutil.copy(path, raw / path.name)
    (raw / "a_bomb.docx").write_bytes(docx_with_paragraph(100_000_000))
    (raw / "b_million_pages.pdf").write_bytes(minimal_pdf(1_000_000))
    (raw / "c_too_long.txt").write_text(long_text(), encoding="utf-8")
    return raw


def run(*args, stdin=None):
    env = {**os.environ, "TAQRIR_MAX_TEXT_CHARS": str(TEXT_LIMIT)}
    return subprocess.run([*TAQRIR, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300, env=env)


def test_extract_reports_the_bad_files_and_gives_the_good_ones_their_exact_results(hostile_folder):
    proc = run("extract", str(hostile_folder))
    assert proc.returncode == 1  # some file failed
    lines = {os.path.basename(r["document"]["path"]): r for r in map(json.loads, proc.stdout.splitlines())}
    assert sorted(lines) == sorted(["a_bomb.docx", "b_million_pages.pdf", "c_too_long.txt", *(p.name for p in SAMPLES[:3])])
    bomb, pdf, text = lines["a_bomb.docx"]["document"], lines["b_million_pages.pdf"]["document"], lines["c_too_long.txt"]["document"]
    assert bomb["status"] == "error" and bomb["error"].startswith(BOMB_REASON)
    assert pdf["status"] == "error" and pdf["error"] == PDF_REASON
    assert text["status"] == "error" and text["error"] == reason_for_long_text()
    for name in ("a_bomb.docx", "b_million_pages.pdf", "c_too_long.txt"):
        assert f"taqrir: {hostile_folder / name}: too large to process: " in proc.stderr
    for sample in SAMPLES[:3]:
        alone = json.loads(process_file(hostile_folder / sample.name).to_json())
        assert lines[sample.name] == alone
        assert lines[sample.name]["document"]["status"] == "ok" and lines[sample.name]["entities"]
    assert len(lines[SAMPLES[0].name]["entities"]) == len(process_file(SAMPLES[0]).entities)


def test_a_stage_failing_on_one_file_leaves_the_others(monkeypatch):
    original = pipeline.process.process_document

    def fails_on_the_second(document):
        if document.path == str(SAMPLES[1]):
            raise MemoryError("cannot allocate 4.7 GB")
        return original(document)

    monkeypatch.setattr(pipeline.process, "process_document", fails_on_the_second)
    results = process_batch([str(p) for p in SAMPLES[:3]])
    assert [r.document.status for r in results] == ["ok", "error", "ok"]
    assert results[1].document.error == "extraction failed: MemoryError: cannot allocate 4.7 GB"
    assert results[1].document.sha256 and results[1].document.path == str(SAMPLES[1])
    monkeypatch.setattr(pipeline.process, "process_document", original)
    assert results[0].to_json() == process_file(SAMPLES[0]).to_json()


def test_entities_reports_an_oversized_text_and_goes_on():
    good = "بميزانية قدرها 5 مليون اورو من الاتحاد الأوروبي خلال الفترة 2022-2027"
    stdin = "\n".join(json.dumps(item, ensure_ascii=False) for item in (
        {"id": "first", "text": good}, {"id": "huge", "text": "ب" * (TEXT_LIMIT + 1)}, {"id": "last", "text": good},
    ))  # fmt: skip
    proc = run("entities", stdin=stdin)
    assert proc.returncode == 0
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    reason = (f"too large to process: the text is {TEXT_LIMIT + 1:,} characters, over the limit of {TEXT_LIMIT:,} "
              "characters (set TAQRIR_MAX_TEXT_CHARS to raise it)")  # fmt: skip
    assert out[1] == {"id": "huge", "line": 2, "error": reason}
    assert f"taqrir: stdin line 2: {reason}" in proc.stderr
    expected = [e.model_dump(mode="json") for e in pipeline.process.extract_text_entities(good)]
    assert out[0] == {"id": "first", "entities": expected} and out[2] == {"id": "last", "entities": expected}
    assert [e["text"] for e in expected] == ["5 مليون اورو", "الاتحاد الأوروبي", "2022-2027"]


@pytest.mark.slow
def test_run_stores_the_good_files_and_reports_the_bad_ones(prefect_server, hostile_folder, tmp_path, monkeypatch):
    from flows.process import process_reports

    monkeypatch.setenv("TAQRIR_MAX_TEXT_CHARS", str(TEXT_LIMIT))
    out = tmp_path / "processed"
    summary = process_reports(raw_dir=str(hostile_folder), out_dir=str(out))
    failed = {os.path.basename(f["path"]): f["error"] for f in summary["failed"]}
    assert sorted(failed) == ["a_bomb.docx", "b_million_pages.pdf", "c_too_long.txt"]
    assert failed["a_bomb.docx"].startswith(BOMB_REASON)
    assert failed["b_million_pages.pdf"] == PDF_REASON
    assert failed["c_too_long.txt"] == reason_for_long_text()
    done = {os.path.basename(d["path"]): d for d in summary["done"]}
    assert sorted(done) == sorted(p.name for p in SAMPLES[:3])
    stored = {os.path.basename(line["document"]["path"]): line
              for line in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}  # fmt: skip
    for sample in SAMPLES[:3]:
        alone = process_file(sample)
        assert done[sample.name]["entities"] == len(alone.entities)
        assert done[sample.name]["projects"] == len(alone.projects)
        assert stored[sample.name]["document"]["status"] == "ok"
        assert [e["text"] for e in stored[sample.name]["entities"]] == [e.text for e in alone.entities]
    assert stored["b_million_pages.pdf"]["document"]["error"] == PDF_REASON
    errors = (out / "errors.csv").read_text(encoding="utf-8-sig")
    assert "a_bomb.docx" in errors and "b_million_pages.pdf" in errors and "TAQRIR_MAX_PDF_PAGES" in errors


@pytest.mark.slow
def test_run_retries_a_failed_batch_file_by_file(prefect_server, tmp_path, monkeypatch):
    """A batch whose task fails on every try (a worker killed by the file it extracts) is extracted
    again one file per task: only that file is lost."""
    import flows.process

    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLES[:3]:
        shutil.copy(path, raw / path.name)
    poison = str(raw / SAMPLES[1].name)

    def dies_on_the_poison(paths):
        if poison in paths:
            raise SystemError("worker killed")
        return process_batch(paths)

    monkeypatch.setattr(flows.process, "process_batch", dies_on_the_poison)
    monkeypatch.setattr(flows.process, "extract_batch", flows.process.extract_batch.with_options(retries=0))
    summary = flows.process.process_reports(raw_dir=str(raw), out_dir=str(tmp_path / "processed"), batch_size=3)
    assert [f["path"] for f in summary["failed"]] == [poison]
    assert "SystemError('worker killed')" in summary["failed"][0]["error"]
    assert sorted(d["path"] for d in summary["done"]) == [str(raw / SAMPLES[0].name), str(raw / SAMPLES[2].name)]
    assert [d["entities"] for d in sorted(summary["done"], key=lambda d: d["path"])] == [
        len(process_file(SAMPLES[0]).entities), len(process_file(SAMPLES[2]).entities)
    ]
