"""Sources through the faces: `taqrir sources check`, `taqrir fetch`, and the flow fetching before it
extracts, with the provenance shown in records, exports and the review page."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.store import Store
from tests.conftest import ROOT
from tests.sources_server import Route, SourcesServer
from tests.test_sources import DOCX_1, FAST, PDF_0, PDF_TYPE, SAMPLE_TEXT, article_page, listing_page
from tests.test_web_support import PASSWORD, client_for, log_in

TAQRIR = [sys.executable, "-m", "taqrir_cli"]
DOCX_4 = (ROOT / "tests" / "fixtures" / "docx" / "004_010f2b19d76e34c4.docx").read_bytes()


def taqrir(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env_path = f"{ROOT}"
    return subprocess.run([*TAQRIR, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "COLUMNS": "200"})  # fmt: skip


@pytest.fixture
def site():
    with SourcesServer() as server:
        server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        server.routes["/reports.html"] = Route(listing_page([
            ("files/convention.docx", "اتفاقية"), ("/files/annual.pdf", "التقرير"), ("/private/x.pdf", "خاص"),
            ("/files/gone.docx", "محذوف"),
        ]), "text/html; charset=utf-8")  # fmt: skip
        server.routes["/files/convention.docx"] = Route(DOCX_1, "application/octet-stream", etag='"c1"')
        server.routes["/files/annual.pdf"] = Route(PDF_0, PDF_TYPE, etag='"a1"')
        yield server


def sources_file(folder: Path, server: SourcesServer) -> Path:
    path = folder / "sources.toml"
    path.write_text(f'[fetch]\n{FAST}\n[[source]]\nname = "ministry"\nkind = "listing"\nurl = "{server.base}/reports.html"\n',
                    encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.slow  # three commands, each importing the store
def test_cli_check_then_fetch(tmp_path, site):
    sources_file(tmp_path, site)
    check = taqrir("sources", "check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert check.stdout.count(" new ") == 3 and "robots.txt forbids fetching it" in check.stdout
    assert "ministry: 3 new, 1 skipped" in check.stdout
    assert not (tmp_path / "raw").exists()

    fetched = taqrir("fetch", cwd=tmp_path)
    assert fetched.returncode == 1  # an address failed: said, and the exit status says so
    assert "ministry: 2 new, 1 failed, 1 skipped" in fetched.stdout, fetched.stdout
    assert "robots.txt forbids fetching it" in fetched.stdout and "HTTP 404 Not Found" in fetched.stdout
    assert sorted(p.name for p in (tmp_path / "raw" / "ministry").iterdir()) == ["annual.pdf", "convention.docx"]

    unknown = taqrir("fetch", "--source", "nowhere", cwd=tmp_path)
    assert unknown.returncode == 2 and "no source named 'nowhere' (known: ministry)" in unknown.stderr
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "x"\nkind = "listing"\n', encoding="utf-8")
    bad = taqrir("fetch", cwd=tmp_path)
    assert bad.returncode == 2 and "sources.toml: source 'x': Value error, a listing source needs an http(s) `url`" in bad.stderr


@pytest.mark.slow
def test_the_flow_fetches_before_it_extracts_and_provenance_reaches_every_face(prefect_server, tmp_path, site):
    from flows.process import process_reports

    site.routes["/reports.html"] = Route(listing_page([("files/convention.docx", "اتفاقية"), ("/news/1.html", "خبر")]),
                                         "text/html; charset=utf-8")  # fmt: skip
    site.routes["/files/convention.docx"] = Route(DOCX_4, "application/octet-stream", etag='"c1"')
    site.routes["/news/1.html"] = Route(article_page("بلاغ", SAMPLE_TEXT), "text/html; charset=utf-8")
    path = sources_file(tmp_path, site)
    path.write_text(path.read_text(encoding="utf-8") + 'suffixes = [".docx", ".html"]\n', encoding="utf-8")
    raw, out = tmp_path / "raw", tmp_path / "processed"

    first = process_reports(raw_dir=str(raw), out_dir=str(out), sources=str(path))
    [report] = first["fetched"]
    assert (report["new"], report["failed"]) == (2, 0)
    docx, article = raw / "ministry" / "convention.docx", raw / "ministry" / "1.txt"
    assert sorted(d["path"] for d in first["done"]) == [str(article), str(docx)]

    second = process_reports(raw_dir=str(raw), out_dir=str(out), sources=str(path))
    assert second["fetched"][0]["unchanged"] == 2 and second["done"] == []

    store = Store.open(out)
    [view] = [v for v in store.records(limit=500) if str(docx) in v.record.documents][:1]
    [origin] = [s for s in view.as_dict()["sources"] if s["document"] == str(docx)]
    assert (origin["source"], origin["url"], origin["etag"]) == ("ministry", f"{site.base}/files/convention.docx", '"c1"')

    from pipeline.export import export_records

    export_records(store, "jsonl", tmp_path / "records.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(s["url"] == f"{site.base}/news/1.html" for line in lines for s in line["sources"])
    export_records(store, "csv", tmp_path / "records.csv")
    with (tmp_path / "records.csv").open(encoding="utf-8-sig") as handle:
        cells = {row["record_id"]: row["sources"] for row in csv.DictReader(handle)}
    assert cells[view.record_id] == "; ".join(view.source_urls())
    assert f"{site.base}/files/convention.docx" in cells[view.record_id]

    store.add_user("amina", "reviewer", PASSWORD)
    client = client_for(store)
    log_in(client)
    page = client.get(f"/records/{view.record_id}").text
    assert f'<a href="{site.base}/files/convention.docx" rel="noopener noreferrer"' in page
    document_page = client.get("/documents/view", params={"path": str(article)}).text
    assert f'<a href="{site.base}/news/1.html" rel="noopener noreferrer"' in document_page
    store.close()
