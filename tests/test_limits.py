"""Every reader bounds what it reads and inflates (pipeline.limits): a zip bomb, a .docx whose zip
header lies, an oversized HTML page or text, a PDF declaring a million pages are errors naming the
bound, found before the expensive work; limits come from the environment or `applied(...)`."""

import io
import struct
import time
import zipfile

import pypdfium2 as pdfium
import pytest

from pipeline.limits import MIB, Limits, applied, current
from pipeline.load import load_bytes, load_document
from tests.conftest import ROOT, SAMPLES

DOCX = ROOT / "tests" / "fixtures" / "docx" / "004_010f2b19d76e34c4.docx"


def docx_with_paragraph(length: int, source=DOCX) -> bytes:
    """The fixture .docx with one more paragraph of `length` letters: a zip bomb when long (the letters
    deflate a thousand to one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                extra = b"<w:p><w:r><w:t>" + b"A" * length + b"</w:t></w:r></w:p>"
                data = data.replace(b"</w:body>", extra + b"</w:body>")
            zout.writestr(info.filename, data)
    return out.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """`data` (a zip) with `name`'s uncompressed size rewritten to `size` in its local and central headers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    patched = bytearray(data)
    assert patched[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", patched, info.header_offset + 22, size)
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into("<I", patched, central + 24, size)
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def minimal_pdf(page_count: int) -> bytes:
    """A valid PDF of one page whose page tree declares `page_count` pages (what a reader must not
    trust into a loop over them all)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % page_count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def blank_pdf(pages: int) -> bytes:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(200, 200).close()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


# .docx ------------------------------------------------------------------------------------------


def test_zip_bomb_is_refused_by_its_declared_size_before_inflating():
    bomb = docx_with_paragraph(100_000_000)
    assert len(bomb) < 200_000  # a hundred million characters in under 200 KB
    start = time.perf_counter()
    doc = load_bytes(bomb, "bomb.docx")
    assert time.perf_counter() - start < 1.0  # refused from the header: nothing inflated
    assert doc.status == "error" and doc.format == "docx" and doc.text == ""
    size = len(zipfile.ZipFile(io.BytesIO(bomb)).read("word/document.xml"))
    assert doc.error == (
        f"too large to process: word/document.xml inflated (as its zip header declares) is {size:,} bytes "
        f"({size / MIB:,.1f} MiB), over the limit of 67,108,864 bytes (64.0 MiB) (set TAQRIR_MAX_XML_BYTES to raise it)"
    )


def test_zip_bomb_whose_header_lies_is_refused_by_what_it_actually_inflates_to():
    liar = declare_size(docx_with_paragraph(100_000_000), "word/document.xml", 5_000)
    doc = load_bytes(liar, "liar.docx")
    assert doc.status == "error"
    assert doc.error == (
        "too large to process: word/document.xml inflated is more than the limit of 67,108,864 bytes (64.0 MiB) "
        "(set TAQRIR_MAX_XML_BYTES to raise it)"
    )


def test_a_header_declaring_more_than_the_data_holds_is_damage():
    real = len(zipfile.ZipFile(DOCX).read("word/document.xml"))
    doc = load_bytes(declare_size(DOCX.read_bytes(), "word/document.xml", 500), "small_liar.docx")
    assert doc.status == "error"
    assert doc.error == f"damaged Word document: word/document.xml inflates to {real:,} bytes, not the 500 its header declares"


def test_member_total_and_count_limits_apply_and_a_normal_docx_is_within_them():
    data = docx_with_paragraph(3_000_000)
    assert load_bytes(data, "long.docx").status == "ok"  # three million letters: a long report, not a bomb
    with applied(Limits(max_xml_bytes=2 * MIB)):
        doc = load_bytes(data, "long.docx")
    assert doc.status == "error" and doc.error.startswith("too large to process: word/document.xml inflated")
    assert doc.error.endswith("over the limit of 2,097,152 bytes (2.0 MiB) (set TAQRIR_MAX_XML_BYTES to raise it)")
    with applied(Limits(max_zip_total_bytes=1 * MIB)):
        doc = load_bytes(data, "long.docx")
    assert doc.error.startswith("too large to process: the Word document inflated (as its zip headers declare) is ")
    members = len(zipfile.ZipFile(DOCX).infolist())
    with applied(Limits(max_zip_members=members - 1)):
        doc = load_bytes(DOCX.read_bytes(), "x.docx")
    assert doc.error == (
        f"too large to process: the Word document's zip archive is {members:,} members, over the limit of "
        f"{members - 1:,} members (set TAQRIR_MAX_ZIP_MEMBERS to raise it)"
    )


# PDF ----------------------------------------------------------------------------------------------


def test_pdf_declaring_a_million_pages_is_refused_before_reading_a_page():
    data = minimal_pdf(1_000_000)
    assert len(data) < 400
    start = time.perf_counter()
    doc = load_bytes(data, "huge.pdf")
    assert time.perf_counter() - start < 1.0
    assert doc.status == "error" and doc.format == "pdf"
    assert doc.error == (
        "too large to process: the PDF is 1,000,000 pages, over the limit of 2,000 pages "
        "(set TAQRIR_MAX_PDF_PAGES to raise it)"
    )


def test_pdf_page_limit_is_configurable():
    data = blank_pdf(30)
    with applied(Limits(max_pdf_pages=29)):
        assert load_bytes(data, "thirty.pdf").error == (
            "too large to process: the PDF is 30 pages, over the limit of 29 pages (set TAQRIR_MAX_PDF_PAGES to raise it)"
        )
    with applied(Limits(max_pdf_pages=30)):
        assert load_bytes(data, "thirty.pdf").error == "no text found in the file"  # read: its pages are blank
    assert load_bytes(minimal_pdf(1), "one.pdf").error == "no text found in the file"


# Text, HTML, files ------------------------------------------------------------------------------------


def test_oversized_text_html_and_file():
    text = SAMPLES[0].read_bytes()
    chars = len(text.decode("utf-8"))
    with applied(Limits(max_text_chars=chars - 1)):
        doc = load_bytes(text, "report.txt")
    assert doc.status == "error" and doc.format == "txt"
    assert doc.error == (
        f"too large to process: the text is {chars:,} characters, over the limit of {chars - 1:,} characters "
        "(set TAQRIR_MAX_TEXT_CHARS to raise it)"
    )
    html = ("<html><body><p>" + text.decode("utf-8") + "</p></body></html>").encode("utf-8")
    with applied(Limits(max_html_bytes=len(html) - 1)):
        assert load_bytes(html, "page.html").error == (
            f"too large to process: the HTML page is {len(html):,} bytes, over the limit of {len(html) - 1:,} bytes "
            "(set TAQRIR_MAX_HTML_BYTES to raise it)"
        )
    assert load_bytes(html, "page.html").status == "ok"
    with applied(Limits(max_file_bytes=len(text) - 1)):
        assert load_bytes(text, "report.txt").error.startswith(f"too large to process: the file is {len(text):,} bytes")


def test_a_file_over_the_size_limit_is_never_read(tmp_path, monkeypatch):
    from pathlib import Path

    from pipeline.load import file_sha256

    big = tmp_path / "big.txt"
    big.write_bytes(SAMPLES[0].read_bytes() * 3)
    monkeypatch.setenv("TAQRIR_MAX_FILE_BYTES", "10K")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("an oversized file was read whole"))
    doc = load_document(big)
    assert doc.status == "error" and doc.format == "txt" and doc.sha256 == file_sha256(big)
    assert doc.error == (
        f"too large to process: the file is {big.stat().st_size:,} bytes, over the limit of 10,240 bytes "
        "(set TAQRIR_MAX_FILE_BYTES to raise it)"
    )


# Configuration --------------------------------------------------------------------------------------


def test_limits_from_the_environment():
    limits = Limits.from_env({"TAQRIR_MAX_XML_BYTES": "8M", "TAQRIR_PART_CHARS": "200_000", "TAQRIR_MAX_PDF_PAGES": "5k"})
    assert (limits.max_xml_bytes, limits.part_chars, limits.max_pdf_pages) == (8 * MIB, 200_000, 5_000)
    assert limits.max_file_bytes == Limits().max_file_bytes == 256 * MIB
    with pytest.raises(ValueError, match=r"TAQRIR_MAX_PDF_PAGES='lots': expected a positive whole number"):
        Limits.from_env({"TAQRIR_MAX_PDF_PAGES": "lots"})
    with pytest.raises(ValueError, match="TAQRIR_PART_CHARS='0'"):
        Limits.from_env({"TAQRIR_PART_CHARS": "0"})


def test_applied_limits_win_over_the_environment_and_end_with_the_block(monkeypatch):
    monkeypatch.setenv("TAQRIR_MAX_PDF_PAGES", "7")
    assert current().max_pdf_pages == 7
    with applied(Limits(max_pdf_pages=3)):
        assert current().max_pdf_pages == 3
    assert current().max_pdf_pages == 7
