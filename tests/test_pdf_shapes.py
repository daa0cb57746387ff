"""Page shapes the sample reports lack, on PDFs made by LibreOffice and Chromium with
`scripts/make_shape_fixtures.py` (tests/fixtures/pdf/shapes): lines wholly in Latin letters or
digits, two-column pages. Expected strings were read on the rendered pages."""

from functools import cache

import pytest

from pipeline.load import load_document
from pipeline.model import Document
from tests.conftest import ROOT

SHAPES = ROOT / "tests" / "fixtures" / "pdf" / "shapes"
PRODUCERS = ["", ".chromium"]


@cache
def shape(stem: str) -> Document:
    return load_document(SHAPES / f"{stem}.pdf")


def paragraphs(doc: Document) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]


# --- lines wholly in Latin letters or digits on an Arabic page ----------------------------------


@pytest.mark.parametrize("producer", PRODUCERS)
def test_latin_and_digit_paragraphs_keep_their_order(producer):
    """Each its own right-to-left paragraph: LibreOffice and Chromium draw the phone number's
    groups right to left (`00 00 00 37 5 212+`); the code and the decree number as typed."""
    found = paragraphs(shape("latin_lines" + producer))
    assert [p for p in found if p[0] in "+I2"] == ["+212 5 37 00 00 00", "IEC 62271-1", "2.19.770"]


@pytest.mark.parametrize("producer", PRODUCERS)
def test_latin_and_digit_lines_inside_arabic_paragraphs_keep_their_order(producer):
    """A line of its own inside an Arabic paragraph (a manual line break): before, `IEC 62271-1`
    came out `62271-1 IEC` there."""
    found = paragraphs(shape("latin_lines" + producer))
    assert "وللتواصل مع المنسق الجهوي للبرنامج يمكن الاتصال بالرقم +212 5 22 45 67 89\nطيلة أيام الأسبوع." in found
    assert "وقد أنجزت الأشغال وفق المواصفة\nIEC 62271-1\nالمعتمدة لدى المكتب الوطني للكهرباء." in found
