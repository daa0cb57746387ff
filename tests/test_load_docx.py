"""Word reports: paragraphs, lists (with Word's numbers) and right-to-left tables, in order."""

import pytest

from pipeline.load import load_document
from tests.conftest import ROOT
from tests.test_load_pdf import TABLE_1, TABLE_2

DOCX = ROOT / "tests" / "fixtures" / "docx"


@pytest.fixture(scope="module")
def doc004():
    return load_document(DOCX / "004_010f2b19d76e34c4.docx")


def blocks(doc):
    return [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]


def test_status_and_no_pages(doc004):
    assert doc004.status == "ok" and doc004.format == "docx"
    assert doc004.pages is None and doc004.page_spans == []


def test_body_order_headings_lists_and_tables(doc004):
    got = blocks(doc004)
    assert got[0] == (
        "heading",
        "حصيلة برنامج الشراكة مع النسيج الجمعوي في مجال إدماج المهاجرين واللاجئين بالمغرب برسم سنتي 2017-2018",
    )
    assert got[1] == ("heading", "1. حصيلة الشراكة برسم سنة 2017")
    assert got[3][0] == "list_item" and got[3][1].startswith("(1) تنظيم لقاء تواصلي")
    assert got[4][0] == "list_item" and got[4][1].startswith("(2) كما أطلقت الوزارة")
    kinds = [k for k, _ in got]
    first_table = kinds.index("table")
    assert got[first_table - 1] == ("paragraph", "الجدول رقم 01: حصيلة الشراكة مع جمعيات المجتمع المدني برسم سنة 2017")
    assert got[first_table + 1][1].startswith("المبيان رقم 01")
    # Bullet items (auto-numbered with `-`) carry no marker; numbered ones get theirs back.
    assert ("list_item", "الادماج التربوي للمهاجرين واللاجئين") in got
    assert any(k == "list_item" and t.startswith("1) أطلقت الوزارة في ابريل 2018") for k, t in got)
    assert any(k == "list_item" and t.startswith("2) كما عملت الوزارة") for k, t in got)
    assert "يقدر ب 6 991 500 درهم." in doc004.text


def test_rtl_tables_in_reading_order(doc004):
    tables = [[[c.text for c in row] for row in b.rows] for b in doc004.blocks if b.kind == "table"]
    assert tables == [TABLE_1, TABLE_2]
    assert all(b.has_header for b in doc004.blocks if b.kind == "table")


def test_000_cells_with_paragraphs_and_lists():
    doc = load_document(DOCX / "000_ce7e87e2b4e5dfe7.docx")
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [c.text for c in table.rows[0]] == ["التوأمة والشراكة", "الأنشطة والمشاريع"]
    cell = table.rows[1][1].text
    assert cell.startswith('2021-2024 مشروع "Clé en main" مشروع التعاون اللامركزي')
    assert "\n• مشروع المنتزه العمومي للترفيه" in cell


def test_manual_line_breaks_kept():
    doc = load_document(DOCX / "003_60ff597729851aff.docx")
    assert "مجلس جهة طنجة تطوان الحسيمة\nجماعة العرائش\nجماعة طنجة" in doc.text


def test_content_controls_are_read(tmp_path):
    import copy
    import io

    import docx
    from docx.oxml.parser import OxmlElement

    from pipeline.load import load_bytes

    document = docx.Document()
    document.add_paragraph("قبل")
    inner = document.add_paragraph("داخل عنصر تحكم بقيمة 5 مليون درهم")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    content.append(copy.deepcopy(inner._p))
    sdt.append(content)
    inner._p.addnext(sdt)
    inner._p.getparent().remove(inner._p)
    document.add_paragraph("بعد")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = load_bytes(buffer.getvalue(), "sdt.docx")
    assert doc.text == "قبل\n\nداخل عنصر تحكم بقيمة 5 مليون درهم\n\nبعد"
