"""Damaged or mislabeled files: status `error` with a plain reason; a batch goes on."""

import pytest

from pipeline.load import load_bytes, load_document
from pipeline.process import process_file
from tests.conftest import ROOT

BROKEN = ROOT / "tests" / "fixtures" / "broken"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("truncated.pdf", "damaged PDF: the file ends before its end-of-file marker (truncated?)"),
        ("image_named.pdf", "not a PDF: the file is a PNG image"),
        ("encrypted.pdf", "the PDF is encrypted (password-protected)"),
        ("empty.pdf", "the file is empty"),
        ("not_a_docx.docx", "not a Word document (.docx is a zip archive): the file is text"),
        (
            "truncated.docx",
            "damaged Word document: the zip archive is unreadable (File is not a zip file; truncated?)",
        ),
    ],
)
def test_broken_fixture_reason(name, reason):
    doc = load_document(BROKEN / name)
    assert doc.status == "error"
    assert doc.error == reason
    assert doc.text == "" and doc.blocks == []


def test_other_mislabeled_files():
    assert load_bytes(b"%PDF-1.7\n garbage %%EOF", "x.pdf").error.startswith("damaged PDF:")
    assert load_bytes(b"PK\x03\x04junk", "x.pdf").error == "not a PDF: the file is a zip archive (a Word or Excel file?)"
    assert load_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "x.docx").error.startswith("not a .docx: the file is an old")
    assert load_bytes(b"hello", "x.pdf").error == "not a PDF: no %PDF header"


def test_batch_goes_on():
    results = [process_file(p) for p in sorted(BROKEN.iterdir())] + [
        process_file(ROOT / "tests" / "fixtures" / "pdf" / "002_a7905ca1acaec05e.pdf")
    ]
    assert [r.document.status for r in results] == ["error"] * 6 + ["ok"]
    assert results[-1].entities


def test_blank_pdf_is_an_error_not_an_empty_result():
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 200)
    buffer = io.BytesIO()
    pdf.save(buffer)
    doc = load_bytes(buffer.getvalue(), "blank.pdf")
    assert (doc.status, doc.error, doc.needs_ocr_pages) == ("error", "no text found in the file", [])
