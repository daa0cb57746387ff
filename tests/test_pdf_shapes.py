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


# --- two-column pages ----------------------------------------------------------------------------

# First and last words of each paragraph, in reading order, as read on the rendered pages.
ARABIC_COLUMNS = [
    ("يهدف برنامج", "الاجتماعية الأساسية."), ("وقد بلغت", "الإقليمي بالباقي."), ("وانطلقت الأشغال", "الأطراف المعنية."),
    ("وتتولى لجنة", "جميع الأوراش."), ("أما الشطر", "خلال سنة 2024."), ("ويرتقب أن", "المجال القروي."),
    ("وفي مجال", "الصالح للشرب."), ("كما خصص", "حاملي المشاريع."), ("وسيتم تقييم", "الإلكتروني للعمالة."),
]  # fmt: skip
FRENCH_COLUMNS = [
    ("Le programme de mise", "sociaux de base."), ("Le coût global", "conseil provincial."),
    ("Les travaux ont", "parties concernées."), ("Un comité provincial", "et de sécurité."),
    ("La seconde tranche", "attendu en 2024."), ("Plus de 30 000", "plus attractif."),
    ("Pour l'eau potable", "de l'eau potable."), ("Le programme réserve", "porteurs de projets."),
    ("Un bureau d'études", "de la préfecture."),
]  # fmt: skip


@pytest.mark.parametrize("producer", PRODUCERS)
@pytest.mark.parametrize(("stem", "expected"), [("two_columns_ar", ARABIC_COLUMNS), ("two_columns_fr", FRENCH_COLUMNS)])
def test_two_column_page_is_read_column_by_column(stem, expected, producer):
    """A one-column title over two columns (LibreOffice: a section of 2 columns, the left one
    shorter; Chromium: `column-count: 2`, balanced). The right column first on the Arabic page,
    the left first on the French one; a paragraph going on at the top of the next column is one
    paragraph. Before, lines at one baseline were one line across both columns."""
    doc = shape(stem + producer)
    found = [p for p in paragraphs(doc) if not p.startswith(("©", "جميع"))]
    assert [(p[: len(start)], p[-len(end) :]) for p, (start, end) in zip(found, expected, strict=False)] == expected
    assert len(found) == len(expected)
    heading = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"][-1]
    assert heading in ("برنامج تأهيل المراكز القروية", "Programme de mise à niveau des centres ruraux")


def test_gutter_is_not_found_on_one_column_pages(monkeypatch):
    """Justified one-column text, lists, and the text around tables (their cells are read apart):
    no page of the sample fixtures is taken for two columns."""
    from pipeline.load import pdf as pdf_reader
    from pipeline.load.pdf_columns import find_gutter

    found = []

    def spy(lines):
        gutter = find_gutter(lines)
        found.append(gutter)
        return gutter

    monkeypatch.setattr(pdf_reader, "find_gutter", spy)
    for path in sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")):
        load_document(path)
    assert len(found) >= 30 and [g for g in found if g is not None] == []
    found.clear()
    load_document(SHAPES / "two_columns_ar.pdf")
    assert [g is not None for g in found] == [True]
