"""PDF reports: logical order, no footers or glyph junk, page spans, tables merged across pages."""

import re

import pytest

from pipeline.load import load_document
from pipeline.process import process_document
from tests.conftest import ROOT

PDF = ROOT / "tests" / "fixtures" / "pdf"
ALL_PDFS = sorted(p for p in PDF.glob("*.pdf") if "scanned" not in p.name)
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture(scope="module")
def docs():
    return {p.name: load_document(p) for p in ALL_PDFS}


def pdf(docs, name):
    return docs[name]


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        ("000_ce7e87e2b4e5dfe7.pdf", 4), ("000_ce7e87e2b4e5dfe7.chromium.pdf", 2), ("001_c5df213ccf753398.pdf", 2),
        ("001_c5df213ccf753398.shaped.pdf", 2), ("002_a7905ca1acaec05e.pdf", 2),
        ("002_a7905ca1acaec05e.chromium.pdf", 2), ("003_60ff597729851aff.pdf", 7), ("004_010f2b19d76e34c4.pdf", 7),
        ("004_010f2b19d76e34c4.chromium.pdf", 2), ("004_010f2b19d76e34c4.shaped.pdf", 2),
    ],
)  # fmt: skip
def test_status_pages_and_page_spans(docs, name, pages):
    doc = docs[name]
    assert doc.status == "ok" and doc.format == "pdf" and doc.error is None
    assert doc.pages == pages
    assert [p.number for p in doc.page_spans] == list(range(1, pages + 1))
    # Page spans are in order, do not overlap, and cover every block.
    for a, b in zip(doc.page_spans, doc.page_spans[1:], strict=False):
        assert a.end <= b.start
    assert doc.page_spans[0].start == 0 and doc.page_spans[-1].end == len(doc.text)
    for block in doc.blocks:
        span = doc.page_spans[block.page - 1]
        assert span.start <= block.start and block.end <= span.end


@pytest.mark.parametrize("name", [p.name for p in ALL_PDFS])
def test_no_glyph_junk_no_footers(docs, name):
    text = docs[name].text
    assert "(cid:" not in text and "\x00" not in text and "ß" not in text
    assert not PRESENTATION_FORMS.search(text)
    assert "الصفحة" not in text  # footers `الصفحة 3`, `الصفحة 3 من 7`
    assert "محفوظة" not in text  # Chromium's copyright footer
    for block in docs[name].blocks:
        assert not re.fullmatch(r"[-–\s]*\d{1,2}[-–\s]*", docs[name].text[block.start : block.end])  # `3`, `- 3 -`


@pytest.mark.parametrize(
    "name", ["004_010f2b19d76e34c4.pdf", "004_010f2b19d76e34c4.chromium.pdf", "004_010f2b19d76e34c4.shaped.pdf"]
)
@pytest.mark.parametrize(
    "expected",
    [
        "يقدر ب 6 991 500 درهم.",
        "ما بين 12 و 20 دجنبر 2017.",
        "برسم سنتي 2017-2018",
        "الأربعاء 10 ماي 2017 بمركز",
        "(1) تنظيم لقاء تواصلي",
        "1) أطلقت الوزارة في ابريل 2018",
        "ما بين 07 و14.",
        "1 899 500 درهم.",
        "حصيلة برنامج الشراكة مع النسيج الجمعوي في مجال إدماج المهاجرين",
    ],
)
def test_004_key_strings_in_logical_order(docs, name, expected):
    assert expected in docs[name].text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("003_60ff597729851aff.pdf", "31/12/23-01/01/2023"),
        ("003_60ff597729851aff.pdf", "مجلس جهة طنجة تطوان الحسيمة\nجماعة العرائش\nجماعة طنجة"),
        ("002_a7905ca1acaec05e.pdf", "الجمعة 09 أبريل 2021،"),
        ("002_a7905ca1acaec05e.chromium.pdf", "الجمعة 09 أبريل 2021،"),
        ("001_c5df213ccf753398.pdf", "تقدر ب 500.000 دولار"),
        ("001_c5df213ccf753398.pdf", "(ICMD)"),
        ("001_c5df213ccf753398.pdf", "M&D"),
        ("001_c5df213ccf753398.shaped.pdf", "تقدر ب 500.000 دولار"),
        ("000_ce7e87e2b4e5dfe7.pdf", '2021-2024 مشروع "Clé en main"'),
        ("000_ce7e87e2b4e5dfe7.pdf", "(MC2CM)"),
        ("000_ce7e87e2b4e5dfe7.pdf", "2022-2027"),
        ("000_ce7e87e2b4e5dfe7.pdf", "المستوى الجهوي (DEPOMI)"),
        ("000_ce7e87e2b4e5dfe7.chromium.pdf", "(MC2CM)"),
        ("000_ce7e87e2b4e5dfe7.chromium.pdf", "UN HABITAT."),
    ],
)
def test_key_strings_other_samples(docs, name, expected):
    assert expected in docs[name].text


TABLE_1 = [
    ["مجال التدخل", "عدد المشاريع المدعمة", "قيمة الدعم المالي بالدرهم"],
    ["المساعدة الإنسانية للمهاجرين واللاجئين", "10", "1 045 500"],
    ["المخيمات الصيفية", "10", "480 000"],
    ["الاندماج الثقافي والشباب والترفيه", "25", "1 443 000"],
    ["الإدماج التربوي للمهاجرين واللاجئين", "65", "4 022 000"],
    ["المجموع", "110", "6 991 500"],
]
TABLE_2 = [
    ["مجال التدخل", "عدد المشاريع المدعمة", "مبلغ الدعم بالدرهم"],
    ["المساعدة الإنسانية للمهاجرين واللاجئين", "05", "814 000"],
    ["الإدماج التربوي للمهاجرين واللاجئين", "16", "543 500"],
    ["الإدماج الثقافي والشباب والترفيه", "10", "206 000"],
    ["المخيمات الصيفية", "13", "336 000"],
    ["المجموع", "44", "1 899 500"],
]


def _tables(doc):
    return [[[c.text for c in row] for row in b.rows] for b in doc.blocks if b.kind == "table"]


@pytest.mark.parametrize(
    "name", ["004_010f2b19d76e34c4.pdf", "004_010f2b19d76e34c4.chromium.pdf", "004_010f2b19d76e34c4.shaped.pdf"]
)
def test_004_tables_cell_exact(docs, name):
    doc = docs[name]
    assert _tables(doc) == [TABLE_1, TABLE_2]
    assert all(b.has_header for b in doc.blocks if b.kind == "table")
    for block in doc.blocks:
        for row in block.rows or []:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text


def test_004_table_2_merged_across_pages(docs):
    """LibreOffice breaks table 2 from page 6 to page 7 with the header repeated: one table."""
    doc = docs["004_010f2b19d76e34c4.pdf"]
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert [t.page for t in tables] == [3, 6]
    assert "مجال التدخل" not in doc.text[doc.page_spans[6].start : doc.page_spans[6].end]


def test_000_table_over_three_pages_is_one_table_with_split_rows_joined(docs):
    doc = docs["000_ce7e87e2b4e5dfe7.pdf"]
    tables = _tables(doc)
    assert len(tables) == 2
    second = tables[1]
    assert second[0] == ["المشاريع", "المنظمات الدولية"]
    assert sum(row == second[0] for row in second) == 1  # repeated headers dropped
    assert second[1][0].endswith("المنحدرين من مدينة وجدة")  # the row split by the page break, joined
    assert second[1][1] == "الوكالة الفرنسية للخبرة الفنية الدولية Expertise France الوكالة الفرنسية للتنمية AFD"
    assert all(row[0] for row in second)  # no continuation pieces left as rows


def test_headings_lists_paragraphs(docs):
    doc = docs["004_010f2b19d76e34c4.pdf"]
    blocks = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    assert blocks[0] == (
        "heading",
        "حصيلة برنامج الشراكة مع النسيج الجمعوي في مجال إدماج المهاجرين واللاجئين بالمغرب برسم سنتي 2017-2018",
    )
    assert blocks[1] == ("heading", "1. حصيلة الشراكة برسم سنة 2017")
    assert blocks[2][0] == "paragraph" and blocks[2][1].startswith("تهدف هذه الشراكة") and blocks[2][1].endswith(
        "ومن هذا المنطلق تم اتخاذ المبادرات التالية:"
    )
    assert blocks[3][0] == "list_item" and blocks[3][1].startswith("(1) تنظيم")


def test_entities_carry_page_numbers(docs):
    result = process_document(docs["004_010f2b19d76e34c4.pdf"])
    money = {e.text: e.page for e in result.entities if e.label == "MONEY"}
    assert money["6 991 500 درهم"] == 2
    assert money["1 899 500 درهم"] == 6
    for entity in result.entities:
        assert entity.page is not None
        assert result.document.text[entity.start : entity.end] == entity.text
    assert [t.page for t in result.tables] == [3, 6]


def _words(text):
    from collections import Counter

    return Counter(re.findall(r"[\w&]+", re.sub(r"<[^>]+>", " ", text)))


@pytest.mark.parametrize("name", [p.name for p in ALL_PDFS])
def test_words_of_the_text_version_found(docs, name):
    """Every word of the text version comes out whole (no glued or split words) from the PDF."""
    reference = _words((ROOT / "raw" / f"{name[:20]}.txt").read_text(encoding="utf-8"))
    missing = reference - _words(docs[name].text)
    recall = 1 - sum(missing.values()) / sum(reference.values())
    # Chromium drew `جائحة كوفيد` with no space and no gap (0.09 em) in 000: the one known miss.
    assert recall >= (0.995 if "chromium" in name else 1.0), sorted(missing.elements())[:10]


def test_rows_of_a_table_continued_on_later_pages_carry_their_page(docs):
    """000's second table starts on page 2 and runs over page 3 (and 4 for its last decoration row)."""
    doc = docs["000_ce7e87e2b4e5dfe7.pdf"]
    table = [b for b in doc.blocks if b.kind == "table"][1]
    assert [row[0].page for row in table.rows] == [2, 2, 3, 3, 3, 3]  # the `-- --` row is dropped
    result = process_document(doc)
    pages = {e.text: e.page for e in result.entities if e.label == "ACRONYM"}
    assert pages["PRIM"] == 2 and pages["MC2CM"] == 3 and pages["DEPOMI"] == 3
    t2 = docs["004_010f2b19d76e34c4.pdf"]
    money = {e.text: e.page for e in process_document(t2).entities if e.source == "taqrir_tables"}
    assert money["814 000"] == 6 and money["1 899 500"] == 7  # the totals row alone on page 7


def test_page_at_on_every_offset_agrees_with_the_page_spans_and_cells(docs):
    doc = docs["004_010f2b19d76e34c4.pdf"]
    cells = {(c.start, c.end): c.page for b in doc.blocks for r in (b.rows or []) for c in r if c.page}
    for offset in range(len(doc.text)):
        in_cell = [p for (s, e), p in cells.items() if s <= offset <= e]
        in_page = [p.number for p in doc.page_spans if p.start <= offset < p.end]
        expected = in_cell[0] if in_cell else (in_page[0] if in_page else None)
        assert doc.page_at(offset) == expected, offset
    assert doc.page_at(len(doc.text)) == 7


@pytest.mark.parametrize(("caption_on_next_page", "merged"), [("جدول (2) أسعار الأراضي", True),
                                                              ("جدول (3) أسعار الأراضي", False)])  # fmt: skip
def test_table_continued_under_its_repeated_caption_is_merged(caption_on_next_page, merged):
    """A table ending its page goes on at the top of the next one under the same caption (InDesign
    repeats it); under another caption it is another table, even with the same columns."""
    from pipeline.load.pdf import PageContent, TableItem, _merge_continued_tables
    from pipeline.load.pdf_text import Line

    header = ["المنطقة", "السعر"]
    first = PageContent(number=1, height=800, lines=[Line(chars=[], text="جدول (2) أسعار الأراضي", top=80, bottom=95)],
                        tables=[TableItem(rows=[header, ["الشويخ", "500"]], top=100, bottom=790)])
    second = PageContent(number=2, height=800, lines=[Line(chars=[], text=caption_on_next_page, top=80, bottom=95)],
                         tables=[TableItem(rows=[header, ["الروضة", "375"]], top=100, bottom=400)])  # fmt: skip
    _merge_continued_tables([first, second])
    if merged:
        assert first.tables[0].rows == [header, ["الشويخ", "500"], ["الروضة", "375"]] and second.tables == []
        assert first.tables[0].row_pages == [1, 1, 2] and second.lines == []
    else:
        assert len(first.tables[0].rows) == 2 and len(second.tables) == 1 and len(second.lines) == 1
