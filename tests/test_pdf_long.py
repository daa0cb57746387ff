"""Long PDFs: pages read one at a time (glyphs released), and pages spread over processes with the
same Document as one process."""

import inspect

import pypdfium2 as pdfium
import pytest

from pipeline.load import load_document, pdf_pages, pdf_parallel
from pipeline.load import pdf as pdf_reader
from pipeline.load.pdf_pages import document_settings
from tests.conftest import ROOT

PDF = ROOT / "tests" / "fixtures" / "pdf"
TABLES = PDF / "004_010f2b19d76e34c4.pdf"  # 7 pages, tables, one continued over a page break
REALDOCS = ROOT.parent / "shared" / "realdocs"


@pytest.fixture(autouse=True)
def no_ocr(monkeypatch):
    monkeypatch.setenv("TAQRIR_NO_OCR", "1")


def test_reader_yields_each_page_before_reading_the_next(monkeypatch):
    read: list[int] = []
    real = pdf_reader.readable_chars
    monkeypatch.setattr(pdf_reader, "readable_chars", lambda page: read.append(page.get_height()) or real(page))
    doc = pdfium.PdfDocument(TABLES)
    try:
        pages = pdf_reader.read_pages(doc, document_settings(doc, ocr=False))
        assert inspect.isgenerator(pages)
        first = next(pages)
        assert first.number == 1 and len(read) == 1  # page 2 not opened yet
        rest = list(pages)
    finally:
        doc.close()
    assert [p.number for p in rest] == [2, 3, 4, 5, 6, 7] and len(read) == 7


def test_pages_come_reduced_to_lines_without_glyphs():
    doc = pdfium.PdfDocument(TABLES)
    try:
        pages = list(pdf_reader.read_pages(doc, document_settings(doc, ocr=False)))
    finally:
        doc.close()
    lines = [line for page in pages for line in page.lines]
    assert lines and all(line.chars == [] for line in lines)
    assert all(line.glyph_count > 0 and line.text for line in lines)
    assert sum(len(page.tables) for page in pages) >= 2


def test_page_ranges_cover_every_page_once():
    assert pdf_parallel.page_ranges(7, 2) == [(0, 4), (4, 7)]
    assert pdf_parallel.page_ranges(1000, 3) == [(0, 334), (334, 667), (667, 1000)]
    assert pdf_parallel.page_ranges(1, 2) == [(0, 1)]


def _load_split(monkeypatch, path, workers: int = 2):
    """load_document with the pool forced on from 2 pages; returns the Document and the pages this
    process read itself."""
    read: list[int] = []
    real = pdf_reader.readable_chars
    monkeypatch.setattr(pdf_reader, "readable_chars", lambda page: read.append(1) or real(page))
    monkeypatch.setattr(pdf_parallel, "PARALLEL_MIN_PAGES", 2)
    monkeypatch.setenv("TAQRIR_PDF_WORKERS", str(workers))
    doc = load_document(path)
    monkeypatch.undo()
    return doc, len(read)


def test_split_over_processes_gives_the_same_document(monkeypatch):
    one = load_document(TABLES)
    split, read_here = _load_split(monkeypatch, TABLES)
    assert read_here == 4  # pages 1-4 here, 5-7 in the worker process
    assert split.model_dump_json() == one.model_dump_json()
    assert split.pages == 7 and split.status == "ok"


def test_three_ranges_on_two_cores_give_the_same_document(monkeypatch):
    one = load_document(TABLES)
    split, read_here = _load_split(monkeypatch, TABLES, workers=3)
    assert read_here == 3
    assert split.model_dump_json() == one.model_dump_json()


def test_below_the_threshold_one_process_reads_every_page(monkeypatch):
    read: list[int] = []
    real = pdf_reader.readable_chars
    monkeypatch.setattr(pdf_reader, "readable_chars", lambda page: read.append(1) or real(page))
    monkeypatch.setenv("TAQRIR_PDF_WORKERS", "2")
    load_document(TABLES)  # 7 pages, far below PARALLEL_MIN_PAGES
    assert len(read) == 7


def test_a_wrong_workers_setting_is_named(monkeypatch):
    monkeypatch.setenv("TAQRIR_PDF_WORKERS", "two")
    with pytest.raises(ValueError, match="TAQRIR_PDF_WORKERS must be a whole number, not 'two'"):
        pdf_parallel.worker_count()


@pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"the real documents are not here: {REALDOCS} is absent")
def test_a_wrong_ligature_forecast_is_read_again_with_the_exact_decision(monkeypatch):
    """Word writes lam-alef glyphs visually; with the forecast forced wrong (no vote), the pages'
    exact votes overrule it and the document is the same."""
    path = REALDOCS / "ma_decret_2.08.528_benzene.pdf"
    right = load_document(path)
    forecasts: list[bool] = []
    real = pdf_pages.document_settings

    def wrong_forecast(doc, ocr):
        settings = real(doc, ocr)
        forecasts.append(settings.visual_ligatures)
        return pdf_pages.ReadSettings(settings.page_count, settings.logical, False, settings.ocr)

    monkeypatch.setattr(pdf_reader, "document_settings", wrong_forecast)
    again = load_document(path)
    assert forecasts == [True]
    assert again.model_dump_json() == right.model_dump_json()
    doc = pdfium.PdfDocument(path)
    try:
        settings = real(doc, False)
        texts = {visual: [ln.text for p in pdf_reader.read_range(str(path), pdf_pages.ReadSettings(
            settings.page_count, settings.logical, visual, False)).pages for ln in p.lines] for visual in (True, False)}
    finally:
        doc.close()
    assert texts[True] != texts[False]  # the decision matters on this file: the re-read is what kept it right


def test_reopening_the_document_every_few_pages_gives_the_same_document(monkeypatch):
    one = load_document(TABLES)
    opened: list[int] = []
    real = pdfium.PdfDocument
    monkeypatch.setattr(pdf_reader.pdfium, "PdfDocument", lambda source: opened.append(1) or real(source))
    monkeypatch.setattr(pdf_reader, "REOPEN_PAGES", 2)
    again = load_document(TABLES)
    monkeypatch.undo()
    assert len(opened) == 1 + 4  # the settings, then pages 1-2, 3-4, 5-6, 7
    assert again.model_dump_json() == one.model_dump_json()


def test_one_process_unless_workers_are_asked_for(monkeypatch):
    # off by default: no gain was measured (RESULTS section 18), and a run's workers keep the cores busy
    monkeypatch.delenv("TAQRIR_PDF_WORKERS", raising=False)
    assert pdf_parallel.worker_count() == 1
    monkeypatch.setenv("TAQRIR_PDF_WORKERS", "2")
    assert pdf_parallel.worker_count() == 2
    monkeypatch.setenv("TAQRIR_PDF_WORKERS", "1")
    assert pdf_parallel.worker_count() == 1
