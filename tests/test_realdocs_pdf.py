"""PDFs as ministries publish them: the real documents in ../shared/realdocs (never copied into the
project), one test per failure class. Every expected string was read on the rendered page
(`pdftoppm -r 80 -f N -l N -png FILE out`), not taken from a text layer.

Compared like the fidelity benchmark: NFKC, tatweel and Arabic diacritics removed, whitespace runs
as one space (typographic stretching and vowel marks are not what these tests are about)."""

import re
import unicodedata
from functools import cache

import pytest

from pipeline.load import load_document
from pipeline.model import Document
from tests.conftest import ROOT

REALDOCS = ROOT.parent / "shared" / "realdocs"
pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"the real documents are not here: {REALDOCS} is absent")
MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")


def comparable(text: str) -> str:
    return re.sub(r"\s+", " ", MARKS.sub("", unicodedata.normalize("NFKC", text)))


@cache
def real(name: str) -> Document:
    return load_document(REALDOCS / name)


def page_text(doc: Document, number: int) -> str:
    span = next(p for p in doc.page_spans if p.number == number)
    return comparable(doc.text[span.start : span.end])


# --- glyph gaps: InDesign files set a font size of 1 and scale with the text matrix -------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "expected",
    ["95 متر مربع", "900 دينار", "1,095 دينار", "1,091 دينار", "1,017 دينار", "796 دينار", "19.4 مليار دينار",
     "235 مليون دينار", "30.2 مليار دينار", "بنك الكويت المركزي"],
)  # fmt: skip
def test_indesign_words_and_digit_runs_are_whole(expected):
    """KFH report page 8: before, `1,095` came out `5 9 0 , 1` and words broke (`ا لتمليك`)."""
    assert expected in page_text(real("kw_kfh_real_estate_2025q1.pdf"), 8)


@pytest.mark.slow
@pytest.mark.parametrize(
    "expected", ["3.500 كيلومتر", "8.000 نوع", "1.42 مليون طن", "28.8 مليار درهم", "250.000 منصب شغل", "RAMSAR",
                 "upwelling des Canaries"],
)  # fmt: skip
def test_indesign_amounts_and_latin_names(expected):
    """CESE opinion page 27 (InDesign 18.5)."""
    assert expected in page_text(real("ma_cese_avis_biodiversite.pdf"), 27)


@pytest.mark.slow
def test_indesign_text_has_no_glyph_spaced_digits():
    """No digit run on the KFH figures page is spaced out glyph by glyph (`2 0 2 5`)."""
    text = page_text(real("kw_kfh_real_estate_2025q1.pdf"), 8)
    assert re.findall(r"(?<!\d)\d \d \d(?!\d)", text) == []


# --- broken text layers and scanned pages: reported, never returned as `ok` garbage -----------


def test_pages_whose_glyphs_have_no_unicode_are_judged_broken():
    """Firefox/cairo prints of adala pages: a third or more of the glyphs are Private Use Area
    code points; Word and InDesign pages (a few unmapped kashidas at most) are read as they are."""
    import pypdfium2 as pdfium

    from pipeline.load.pdf_quality import judge_page
    from pipeline.load.pdf_text import page_chars

    def verdicts(name: str) -> list[str | None]:
        pdf = pdfium.PdfDocument(REALDOCS / name)
        try:
            return [judge_page(page_chars(pdf[i]), pdf[i]).reason for i in range(len(pdf))]
        finally:
            pdf.close()

    assert verdicts("ma_arrete_interieur_agriculture.pdf") == ["unmapped"] * 9
    assert verdicts("ma_dahir_1.26.16.pdf") == ["unmapped"] * 2
    assert verdicts("ma_decret_2.08.528_benzene.pdf") == [None] * 13
    # Pages 3-5 are scans whose only text is the page number `-2-`.
    assert verdicts("ma_decret_2.17.355_contrat_domestique_mixed_scan.pdf") == [None, None, "scanned", "scanned", "scanned"]


def test_broken_and_scanned_pages_without_ocr_are_needs_ocr(monkeypatch):
    from pipeline.load import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    dahir = load_document(REALDOCS / "ma_dahir_1.26.16.pdf")
    assert (dahir.status, dahir.needs_ocr_pages) == ("needs_ocr", [1, 2])
    assert dahir.error == "no usable text layer on pages [1, 2] (glyphs without Unicode mapping) and no OCR engine installed"
    assert "6 1 . 6 2 . 1" not in dahir.text and "عيي" not in dahir.text  # the broken layer's garbage is not text
    mixed = load_document(REALDOCS / "ma_decret_2.17.355_contrat_domestique_mixed_scan.pdf")
    assert (mixed.status, mixed.needs_ocr_pages) == ("needs_ocr", [3, 4, 5])
    assert mixed.error == "no text layer on pages [3, 4, 5] and no OCR engine installed"
    assert "31 أغسطس 2017" in page_text(mixed, 2)  # the text pages are still read


def _ocr_available() -> bool:
    from pipeline.load import ocr

    return ocr.available()


@pytest.mark.slow
@pytest.mark.skipif(not _ocr_available(), reason="tesseract with the Arabic model (tesseract-ocr-ara) not installed")
@pytest.mark.parametrize(
    ("name", "page", "expected"),
    [
        ("ma_dahir_1.26.16.pdf", 2, ["1.26.16", "5 ماي 2026", "22 مارس 2026", "محمد عبد النباوي", "7517", "3244"]),
        ("ma_arrete_interieur_agriculture.pdf", 3, ["258,80", "12.94", "(1,00)", "القمح اللين", "الدقيق المدعوم"]),
        ("ma_decret_2.17.355_contrat_domestique_mixed_scan.pdf", 3, ["بين الموقعين", "19.12", "مدة العمل"]),
    ],
)  # fmt: skip
def test_broken_and_scanned_pages_are_ocrd(name, page, expected):
    doc = real(name)
    assert doc.status == "ok" and doc.needs_ocr_pages == []
    text = page_text(doc, page)
    assert [s for s in expected if s not in text] == []


# --- ligatures written in visual order into the text layer (Word, InDesign) ---------------------


@pytest.mark.parametrize(
    ("name", "page", "expected"),
    [
        ("ma_decret_2.19.770_rentes_accidents.pdf", 2,
         ["الإيرادات الممنوحة", "علاوات وإعانات", "المادة الأولى", "لا يقل عن 10%", "والأمراض المهنية"]),
        ("ma_decret_2.19.770_rentes_accidents.pdf", 4, ["السنة الميلادية", "المعامل"]),
        ("ma_decret_2.08.528_benzene.pdf", 3, ["25 من جمادى الأولى 1430", "حماية الأجراء", "التحليلات"]),
        ("sa_barq_proposal_text.pdf", 21, ["459,954 ريال سعودي", "السعر الإجمالي المقطوع"]),
    ],
)  # fmt: skip
def test_word_ligatures_in_reading_order(name, page, expected):
    """Word's text layer reads `اإليرادات`, `عالوات`, `لاير` (the rial glyph) for what the page shows."""
    text = page_text(real(name), page)
    assert [s for s in expected if s not in text] == []
    assert "اإل" not in text and "األ" not in text


@pytest.mark.slow
def test_indesign_ligatures_in_reading_order():
    """InDesign writes lam-mim (`املجلس`) and `اإليجارية` lam-alef glyphs backwards too."""
    assert "القيم الإيجارية" in page_text(real("kw_kfh_real_estate_2025q1.pdf"), 8)
    assert "التنوع البيولوجي" in page_text(real("ma_cese_avis_biodiversite.pdf"), 20)
    assert "املجلس" not in comparable(real("ma_cese_avis_biodiversite.pdf").text)


# --- tables -------------------------------------------------------------------------------------


def _tables(doc: Document, page: int) -> list[list[list[str]]]:
    return [[[cell.text for cell in row] for row in b.rows or []] for b in doc.blocks if b.kind == "table" and b.page == page]


@pytest.mark.slow
def test_indesign_table_cells_whole_and_in_reading_order():
    """KFH page 6: the table under the chart, columns right to left as read; the chart is no table."""
    (table,) = _tables(real("kw_kfh_real_estate_2025q1.pdf"), 6)
    assert [comparable(c) for c in table[0]] == [
        "", "السكن الخاص", "الاستثماري", "التجاري", "الشريط الساحلي", "الحرفي", "إجمالي التداولات",
    ]  # fmt: skip
    assert table[1] == ["الربع الأول 2023", "372.7", "257.4", "96.2", "58.2", "18.0", "802.5"]
    assert table[8][0] == "الربع الرابع 2024" and table[8][-1] == "1,122.6"
    assert len(table) == 10


@pytest.mark.slow
def test_two_row_header_is_one_header():
    """KFH page 19: `القيمة السوقية للأرض د.ك` spans `من` and `إلى`: one header row, one label a column."""
    (table,) = _tables(real("kw_kfh_real_estate_2025q1.pdf"), 19)
    header = [comparable(c) for c in table[0]]
    assert header[4:8] == [
        "القيمة السوقية للأرض د.ك من", "القيمة السوقية للأرض د.ك إلى",
        "القيمة السوقية للمتر المربع (د.ك) من", "القيمة السوقية للمتر المربع (د.ك) إلى",
    ]  # fmt: skip
    assert table[1][:5] == ["الشويخ السكنية", "%210", "500", "داخلي", "1,150,000"]


@pytest.mark.slow
def test_chart_frames_and_form_fields_are_not_tables():
    """CESE pages 60 and 62: a bar chart's frame and a boxed question are one-row grids, not tables."""
    doc = real("ma_cese_avis_biodiversite.pdf")
    assert _tables(doc, 60) == [] and _tables(doc, 62) == []
    assert [len(t) for t in _tables(doc, 28)] == [4]


@pytest.mark.slow
def test_indesign_table_continued_under_a_repeated_caption_is_one_table():
    """KFH table (2) runs from page 19 to page 20, where InDesign repeats its caption and header
    above it; before, it was two tables (and the caption twice in the text)."""
    doc = real("kw_kfh_real_estate_2025q1.pdf")
    (block,) = [b for b in doc.blocks if b.kind == "table" and b.page == 19]
    rows = [[cell.text for cell in row] for row in block.rows or []]
    assert len(rows) == 31 and [b for b in doc.blocks if b.kind == "table" and b.page == 20] == []
    assert rows[10] == ["الروضة", "%210", "375", "داخلي", "510,000", "610,000", "1,360", "1,627", "1,493"]
    assert rows[-1][3:] == ["المتوسط العام بالمنطقة", "610,000", "733,750", "988", "1,189", "1,089"]
    assert {cell.page for cell in block.rows[10]} == {20} and {cell.page for cell in block.rows[9]} == {19}
    assert comparable(doc.text).count("جدول (2) أسعار الأراضي السكنية في محافظة العاصمة") == 1


def test_word_table_continued_over_two_pages_is_one_table():
    """Decree 2.19.770's annex: 24 rows on page 4, 7 more on page 5 without a repeated header."""
    doc = real("ma_decret_2.19.770_rentes_accidents.pdf")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = [[cell.text for cell in row] for row in tables[0].rows or []]
    assert len(rows) == 31
    assert rows[1] == ["من فاتح يناير 2008 إلى 31 ديسمبر 2012", "1,20"]
    assert rows[-1] == ["1927 والسنوات السابقة", "365,57"]
    assert {cell.page for cell in tables[0].rows[-1]} == {5}


# --- lines wholly in Latin letters or digits -----------------------------------------------------


@pytest.mark.parametrize(("page", "expected"), [(1, "+966 50 692 4054"), (20, "+966 50 692 4054"),
                                                (17, "(BQT6904800 -00 71).")])  # fmt: skip
def test_word_latin_and_digit_lines_keep_their_order(page, expected):
    """Barq proposal (Word): the phone number is laid out left to right in its Arabic paragraph
    (before: `4054 692 50 966+`); a part number on a line of its own continues an Arabic
    paragraph (before: `(71 00- BQT6904800).`)."""
    assert expected in page_text(real("sa_barq_proposal_text.pdf"), page)


# --- two-column pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["sa_barq_proposal_text.pdf", "ma_decret_2.19.770_rentes_accidents.pdf", "ma_decret_2.08.528_benzene.pdf",
             pytest.param("kw_kfh_real_estate_2025q1.pdf", marks=pytest.mark.slow)],
)  # fmt: skip
def test_one_column_real_pages_are_not_taken_for_two_columns(name, monkeypatch):
    """None of these is set in two columns: boxed paragraphs, forms with dotted lines, the KFH
    report's pages of text beside charts and tables; no page may be read column by column."""
    from pipeline.load import pdf as pdf_reader
    from pipeline.load.pdf_columns import find_gutter

    found = []
    monkeypatch.setattr(pdf_reader, "find_gutter", lambda lines: found.append(find_gutter(lines)) or found[-1])
    load_document(REALDOCS / name)
    assert found and [g for g in found if g is not None] == []
