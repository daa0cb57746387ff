"""Reading the sample text reports into blocks: tables, cell continuations, HTML fragments, lists."""

from pipeline.load import load_document
from tests.conftest import SAMPLES, sample


def test_no_markup_survives_in_any_sample():
    for path in SAMPLES:
        doc = load_document(path)
        assert doc.status == "ok", path
        for tag in ("<p>", "</p>", "<ul", "</ul>", "<li", "style=", "**"):
            assert tag not in doc.text, (path.name, tag)


def test_html_fragments_in_cells_become_text_and_list_items():
    doc = load_document(sample("000"))
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 2
    first, second = tables
    assert [c.text for c in first.rows[0]] == ["التوأمة والشراكة", "الأنشطة والمشاريع"]
    assert first.has_header
    cell = first.rows[1][1].text
    assert cell.startswith('2021-2024 مشروع "Clé en main"')
    # The <ul> with inline bullets became bulleted lines, and the hard-wrapped lines after the
    # row were joined to the cell they continue.
    assert "\n• مشروع المنتزه العمومي للترفيه" in cell
    assert "\n• مشروع وكالة الحي منذ سنة 2014" in cell
    assert cell.endswith("الحضري المشترك المبني على روح المسؤولية الجماعية\nوالمواطنة.")
    assert len(second.rows) == 6  # header + 5 projects
    assert second.rows[2][1].text == "المنظمة الدولية للهجرة OIM ومنظمة المدن والحكومات المحلية المتحدة الإفريقية CGLUA."
    assert "• تسهيل ولوج المغاربة" in second.rows[1][0].text


def test_cell_spans_point_into_document_text():
    doc = load_document(sample("000"))
    for block in doc.blocks:
        assert block.start <= block.end
        for row in block.rows or []:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text


def test_numeric_table_rows_and_what_follows_the_table():
    doc = load_document(sample("004"))
    table = next(b for b in doc.blocks if b.kind == "table")
    rows = [[c.text for c in row] for row in table.rows]
    assert rows[0] == ["مجال التدخل", "عدد المشاريع المدعمة", "قيمة الدعم المالي بالدرهم"]
    assert rows[-1] == ["المجموع", "110", "6 991 500"]
    after = doc.blocks[doc.blocks.index(table) + 1]
    assert after.kind == "heading"
    assert doc.text[after.start : after.end] == "المبيان رقم 01: توزيع المشاريع المدعومة حسب مجالات التدخل"


def test_inline_bullets_split_into_items():
    doc = load_document(sample("001"))
    items = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "list_item"]
    assert items[0].startswith("وضعت الوزارة برنامجا متكاملا")
    assert "خلق قاعدة بيانات محينة تخص جمعيات مغاربة العالم النشيطة في مجال التنمية المستدامة،" in items
