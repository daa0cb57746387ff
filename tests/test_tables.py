"""Tables: DataFrames, units and scales, totals rows and totals stated in the text, MONEY cells."""

import pandas as pd
import pytest

from extractors.tables import extract_tables, find_unit, table_frame, table_money_entities
from pipeline.load import load_bytes, load_document
from pipeline.process import process_document, process_file
from tests.conftest import ROOT, sample


@pytest.fixture(scope="module")
def report_004():
    return process_file(sample("004"))


def test_004_tables_have_caption_header_numeric_columns_and_unit(report_004):
    first, second = report_004.tables
    assert first.caption == "الجدول رقم 01: حصيلة الشراكة مع جمعيات المجتمع المدني برسم سنة 2017"
    assert first.header == ["مجال التدخل", "عدد المشاريع المدعمة", "قيمة الدعم المالي بالدرهم"]
    assert first.numeric_columns == [1, 2]
    assert first.money_columns == [2]  # عدد المشاريع is a count, not money
    assert (first.unit, first.currency, first.scale) == ("بالدرهم", "MAD", 1)
    assert first.totals_row == 4
    assert second.caption.startswith("الجدول رقم 02")
    assert (second.unit, second.currency, second.scale, second.totals_row) == ("بالدرهم", "MAD", 1, 4)


def test_004_table_01_totals_row_does_not_add_up_by_1000(report_004):
    first = report_004.tables[0]
    money = [c for c in first.checks if c.source == "totals_row" and c.column == "قيمة الدعم المالي بالدرهم"]
    assert len(money) == 1
    check = money[0]
    assert (check.stated, check.computed, check.difference, check.ok) == (6_991_500, 6_990_500, 1_000, False)
    count = next(c for c in first.checks if c.column == "عدد المشاريع المدعمة")
    assert (count.stated, count.computed, count.ok) == (110, 110, True)
    assert "totals_mismatch: قيمة الدعم المالي بالدرهم: totals row 6 991 500 vs sum of rows 6 990 500 (difference 1 000)" in first.flags


def test_004_total_stated_in_the_text_is_checked_against_the_table(report_004):
    first, second = report_004.tables
    text_check = next(c for c in first.checks if c.source == "text")
    assert (text_check.stated, text_check.computed, text_check.difference, text_check.ok) == (6_991_500, 6_990_500, 1_000, False)
    doc = report_004.document
    assert doc.text[text_check.start : text_check.end] == "6 991 500 درهم"
    assert any("total stated in the text 6 991 500" in f for f in first.flags)


def test_004_table_02_adds_up(report_004):
    second = report_004.tables[1]
    assert second.flags == []
    assert {(c.source, c.column, c.stated, c.computed, c.ok) for c in second.checks} == {
        ("totals_row", "عدد المشاريع المدعمة", 44, 44, True),
        ("totals_row", "مبلغ الدعم بالدرهم", 1_899_500, 1_899_500, True),
        ("text", "مبلغ الدعم بالدرهم", 1_899_500, 1_899_500, True),
    }


def test_table_frame_parses_numbers(report_004):
    frame = table_frame(report_004.tables[0])
    assert list(frame.columns) == ["مجال التدخل", "عدد المشاريع المدعمة", "قيمة الدعم المالي بالدرهم"]
    assert frame["قيمة الدعم المالي بالدرهم"].tolist() == [1_045_500, 480_000, 1_443_000, 4_022_000, 6_991_500]
    assert frame["عدد المشاريع المدعمة"].dtype == "float64"
    assert frame.attrs["caption"].startswith("الجدول رقم 01") and frame.attrs["currency"] == "MAD"


def test_money_cells_are_entities_with_exact_offsets(report_004):
    cells = [e for e in report_004.entities if e.source == "taqrir_tables"]
    assert len(cells) == 10
    text = report_004.document.text
    assert all(text[e.start : e.end] == e.text for e in cells)
    first = cells[0]
    assert (first.text, first.value) == ("1 045 500", {"amount": 1_045_500, "currency": "MAD"})
    # cells of the count column are not money
    assert not any(e.text == "110" for e in report_004.entities if e.label == "MONEY")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قيمة الدعم المالي بالدرهم", ("بالدرهم", "MAD", 1)),
        ("المبلغ بآلاف الدراهم", ("بآلاف الدراهم", "MAD", 1000)),
        ("الكلفة (بملايين الدراهم)", ("بملايين الدراهم", "MAD", 1_000_000)),
        ("المساهمة بالأورو", ("بالأورو", "EUR", 1)),
        ("عدد المستفيدين", (None, None, 1)),
    ],
)
def test_unit_and_scale_from_header_or_caption(text, expected):
    assert find_unit(text) == expected


def synthetic(text: str):
    return process_document(load_bytes(text.encode("utf-8"), "synthetic.txt"))


def test_scaled_table_with_years_header_and_wrong_total():
    result = synthetic(
        "الجدول رقم 1: توزيع الميزانية (بآلاف الدراهم)\n\n"
        "المحور\t2021\t2022\nالتعليم\t1 200\t1 500\nالصحة\t800\t700\nالمجموع العام\t2 000\t2 300\n"
    )
    (table,) = result.tables
    assert table.header == ["المحور", "2021", "2022"]
    assert (table.currency, table.scale, table.totals_row) == ("MAD", 1000, 2)
    assert [(c.column, c.difference, c.ok) for c in table.checks] == [("2021", 0, True), ("2022", 100, False)]
    assert table.flags == ["totals_mismatch: 2022: totals row 2 300 vs sum of rows 2 200 (difference 100)"]
    money = [e for e in result.entities if e.source == "taqrir_tables"]
    assert [e.value["amount"] for e in money] == [1_200_000, 1_500_000, 800_000, 700_000, 2_000_000, 2_300_000]


def test_table_without_unit_has_no_money_cells():
    result = synthetic("عدد المستفيدين\n\nالجماعة\tالعدد\nوجدة\t1.250\nبركان\t300\nالمجموع\t1.550\n")
    (table,) = result.tables
    assert table.currency is None and table.money_columns == []
    assert table.checks[0].stated == 1550 and table.checks[0].ok
    assert not [e for e in result.entities if e.source == "taqrir_tables"]


def test_tables_without_numbers_are_kept_as_text():
    document = load_document(sample("000"))
    tables = extract_tables(document)
    assert [t.numeric_columns for t in tables] == [[], []]
    assert table_money_entities(document, tables) == []
    frame = table_frame(tables[1])
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["المشاريع", "المنظمات الدولية"]
    assert len(frame) == 5


def test_cells_carrying_their_currency_make_a_money_column():
    result = synthetic("المشروع\tالكلفة\nتأهيل السوق\t2,5 مليون درهم\nدار الشباب\t800 000 درهم\nالمجموع\t3 300 000 درهم\n")
    (table,) = result.tables
    assert (table.money_columns, table.currency, table.scale) == ([1], "MAD", 1)
    assert [(c.stated, c.computed, c.ok) for c in table.checks] == [(3_300_000, 3_300_000, True)]
    assert table_frame(table)["الكلفة"].tolist() == [2_500_000, 800_000, 3_300_000]
    # the money extractor already reads these cells: no second entity over the same text
    assert [e.value["amount"] for e in result.entities if e.label == "MONEY"] == [2_500_000, 800_000, 3_300_000]


def test_years_and_counts_under_a_currency_caption_are_not_money():
    result = synthetic("الجدول 4: المشاريع (بالدرهم)\n\nالمشروع\tالسنة\tعدد المستفيدين\tالكلفة\nتأهيل\t2021\t40\t1 000\nبناء\t2022\t25\t2 000\n")
    (table,) = result.tables
    assert (table.numeric_columns, table.money_columns, table.currency) == ([1, 2, 3], [3], "MAD")


# --- one level of subtotals ----------------------------------------------------------------------

HIERARCHY = (
    "الجدول رقم 3: الاعتمادات المرصودة (بملايين الدراهم)\n\n"
    "البرنامج\tعدد الوحدات\tالاعتمادات\n"
    "برنامج 2024\t504\t176\nالأشغال\t348\t103\nالتجهيز\t441\t11\nالتسيير\t504\t62\n"
    "برنامج 2023\t248\t31\nالتجهيز\t91\t3\nالتسيير\t248\t28\n"
    "المجموع\t752\t{total}\n"
)


def test_parent_rows_followed_by_their_parts_are_not_a_totals_mismatch():
    """Each programme's row is the sum of the rows under it; the total adds up the programmes
    (counts of units do not add up over the parts, but do over the programmes)."""
    (table,) = synthetic(HIERARCHY.format(total="207")).tables
    assert [(c.column, c.stated, c.computed, c.ok) for c in table.checks] == [
        ("عدد الوحدات", 752, 752, True), ("الاعتمادات", 207, 207, True),
    ]  # fmt: skip
    assert table.flags == []


def test_hierarchical_table_with_a_wrong_total_is_still_flagged():
    (table,) = synthetic(HIERARCHY.format(total="210")).tables
    assert table.flags == ["totals_mismatch: الاعتمادات: totals row 210 vs sum of rows 207 (difference 3)"]


def test_flat_table_is_not_read_as_a_hierarchy():
    """10 = 4 + 6 and 5 = 5 by chance: the plain sum is the reading that matches."""
    (table,) = synthetic("المشروع\tالكلفة بالدرهم\nأ\t10\nب\t4\nج\t6\nد\t5\nه\t5\nالمجموع\t30\n").tables
    assert [(c.stated, c.computed, c.ok) for c in table.checks] == [(30, 30, True)]
    (wrong,) = synthetic("المشروع\tالكلفة بالدرهم\nأ\t10\nب\t4\nج\t6\nد\t5\nه\t5\nالمجموع\t31\n").tables
    assert [(c.stated, c.computed, c.ok) for c in wrong.checks] == [(31, 30, False)]


def test_subtotal_rows_are_checked_against_their_group_and_left_out_of_the_total():
    (table,) = synthetic(
        "العمالة\tالمشروع\tالكلفة بالدرهم\nوجدة\tتأهيل السوق\t1 000\nوجدة\tدار الشباب\t500\n"
        "المجموع الفرعي\t\t1 500\nبركان\tملعب القرب\t700\nبركان\tمكتبة\t300\nالمجموع الفرعي\t\t1 100\n"
        "المجموع العام\t\t2 500\n"
    ).tables
    assert table.totals_row == 6
    assert [(c.column, c.stated, c.computed, c.ok) for c in table.checks] == [
        ("الكلفة بالدرهم (المجموع الفرعي)", 1500, 1500, True),
        ("الكلفة بالدرهم (المجموع الفرعي)", 1100, 1000, False),  # a real mismatch in a subtotal
        ("الكلفة بالدرهم", 2500, 2500, True),
    ]  # fmt: skip
    assert table.flags == [
        "totals_mismatch: الكلفة بالدرهم (المجموع الفرعي): totals row 1 100 vs sum of rows 1 000 (difference 100)"
    ]


REALDOCS = ROOT.parent / "shared" / "realdocs"


@pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"the real documents are not here: {REALDOCS} is absent")
def test_real_hierarchical_budget_table_adds_up():
    """INDH pre-school framing (Word, French): `PA 2024` 176 = Travaux 103 + Equipement 11 +
    Fonctionnement 62, and so on; `Total` 214 is the sum of the three programmes. Before, every
    column was flagged (214 vs 428)."""
    (table,) = extract_tables(load_document(REALDOCS / "ma_indh_prescolaire_cadrage.docx"))
    assert [(c.column, c.stated, c.computed, c.ok) for c in table.checks] == [
        ("Nbre UP", 860, 860, True), ("Nbre Salles", 895, 895, True), ("Crédits à réserver (MDH)", 214, 214, True),
    ]  # fmt: skip
    assert table.flags == []
