"""Decoding text reports: every common Arabic encoding read right, everything else refused clearly."""

import codecs

import pytest

from pipeline.load import load_bytes
from pipeline.load.errors import LoadError
from pipeline.load.text import decode_bytes

ARABIC = "تم تخصيص غلاف مالي قدره 6 991 500 درهم لفائدة جمعية مدينتي برسم سنة 2017.\nالمجموع"


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        codecs.BOM_UTF8 + ARABIC.encode("utf-8"),
        codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"),
        ARABIC.encode("cp1256"),
        ARABIC.replace("\n", "\r\n").encode("cp1256"),
        ARABIC.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1256", "cp1256-crlf", "utf8-crlf"],
)
def test_decodes_common_arabic_encodings(data):
    assert decode_bytes(data) == ARABIC


def test_iso_8859_6_is_decoded():
    text = "الوكالة البلجيكية للتنمية\nجماعة وجدة"
    assert decode_bytes(text.encode("iso8859_6")) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
        (codecs.BOM_UTF8 + b"\x01\x02\x03\x04\x05\x06 abc" * 20, "binary data"),
    ],
)
def test_refuses_empty_and_binary(data, reason):
    with pytest.raises(LoadError, match=reason):
        decode_bytes(data)


def test_bad_file_becomes_error_document_naming_the_reason():
    doc = load_bytes(b"\x00\x01\x02binary\x00" * 50, "reports/scan.txt")
    assert doc.status == "error"
    assert doc.path == "reports/scan.txt"
    assert "binary data" in doc.error


def test_unknown_format_is_an_error_not_a_crash():
    doc = load_bytes(b"PK\x03\x04", "report.xlsx")
    assert doc.status == "error"
    assert doc.error.startswith("unsupported format '.xlsx'")
