"""PDF documents in the record page: the evidence's page rendered as an image with the span marked
where the PDF's glyph boxes allow; only for files of the store, unchanged since extraction."""

from __future__ import annotations

import html
import re
import shutil

from pipeline.process import process_file
from tests.conftest import ROOT
from tests.test_web_support import client_for, filled_store, log_in

PDF = ROOT / "tests" / "fixtures" / "pdf" / "004_010f2b19d76e34c4.pdf"


def test_the_evidence_page_of_a_pdf_with_the_span_marked(tmp_path):
    report = shutil.copy(PDF, tmp_path / "004.pdf")
    result = process_file(report)
    store = filled_store(f"sqlite:///{tmp_path / 'taqrir.db'}", [result])
    try:
        client = client_for(store)
        log_in(client)
        [view] = store.records()
        evidence = view.record.evidence
        assert evidence.page == 1
        page = client.get(f"/records/{view.record_id}").text
        assert "الصفحة 1" in page
        [source] = re.findall(r'<img src="(/documents/page\?[^"]+)"', page)
        image = client.get(html.unescape(source))
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG\r\n\x1a\n") and len(image.content) > 50_000
        assert image.headers["x-taqrir-marked"] == "1"
        unmarked = client.get("/documents/page", params={"path": str(report), "page": 1})
        assert unmarked.headers["x-taqrir-marked"] == "0" and unmarked.content != image.content
        assert client.get("/documents/page", params={"path": str(report), "page": 8}).status_code == 404  # 7 pages
        # a text document has no page to show; a file changed since extraction is not shown
        assert client.get("/documents/page", params={"path": str(tmp_path / "x.txt"), "page": 1}).status_code == 404
        report.write_bytes(report.read_bytes() + b"\n%changed")
        changed = client.get("/documents/page", params={"path": str(report), "page": 1})
        assert changed.status_code == 404 and "has changed since it was extracted" in changed.json()["detail"]
        assert store.document(str(report)).document.sha256 == result.document.sha256  # the store is as it was
    finally:
        store.close()
