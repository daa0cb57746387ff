"""Scanned pages: OCR with Tesseract (Arabic) when installed, else status needs_ocr with pages."""

import pytest

from pipeline.load import load_document, ocr
from tests.conftest import ROOT

SCANNED = ROOT / "tests" / "fixtures" / "pdf" / "004_010f2b19d76e34c4.scanned.pdf"


def test_needs_ocr_without_engine(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = load_document(SCANNED)
    assert doc.status == "needs_ocr"
    assert doc.needs_ocr_pages == [1, 2]
    assert doc.error == "no text layer on pages [1, 2] and no OCR engine installed"
    assert doc.pages == 2


@pytest.mark.slow
@pytest.mark.skipif(not ocr.available(), reason="tesseract with the Arabic model (tesseract-ocr-ara) not installed")
def test_ocr_reads_scanned_pages():
    doc = load_document(SCANNED)  # about 7 s on 2 cores
    assert doc.status == "ok" and doc.pages == 2
    assert [p.number for p in doc.page_spans] == [1, 2]
    assert {b.page for b in doc.blocks} == {1, 2}
    assert "10 ماي 2017" in doc.text
    assert "6 991 500 درهم" in doc.text
    page2 = doc.page_spans[1]
    assert doc.text.index("6 991 500") >= page2.start
    assert "الصفحة" not in doc.text  # the footer line is dropped from OCR text too


def test_ocr_failure_is_reported_not_raised(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("tesseract crashed")

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_pdf_page", broken)
    doc = load_document(SCANNED)
    assert doc.status == "needs_ocr" and doc.needs_ocr_pages == [1, 2]
