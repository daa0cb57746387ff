"""Bidi repair: a line in visual order (as drawn, left to right) back to logical order."""

import pytest

from pipeline.load.bidi import base_letters, fix_brackets, should_mirror, visual_to_logical


@pytest.mark.parametrize(
    ("visual", "logical"),
    [
        # Space-separated digit groups after Arabic letters are drawn reversed (`500 991 6`).
        ("مهرد 500 991 6 ب ردقي", "يقدر ب 6 991 500 درهم"),
        # Year ranges flip on the page (`2018-2017`).
        ("2018-2017 يتنس", "سنتي 2017-2018"),
        # Digit runs and their colon: `01:` drawn `:01`.
        ("ةليصح :01 مقر لودجلا", "الجدول رقم 01: حصيلة"),
        ("2017 يام 10 ءاعبرألا", "الأربعاء 10 ماي 2017"),
        ("،2021 ليربأ 09 ةعمجلا", "الجمعة 09 أبريل 2021،"),
        (".14و 07 نيب ام", "ما بين 07 و14."),
        (".2017 ربنجد 20 و 12 نيب ام", "ما بين 12 و 20 دجنبر 2017."),
        ("رالود 500.000 ب ردقت", "تقدر ب 500.000 دولار"),
        # Latin words keep their own order, several of them together.
        ('"Clé en main" عورشم 2021-2024', '2021-2024 مشروع "Clé en main"'),
        ("ICMD ةيمنتلاو", "والتنمية ICMD"),
        ("M&D ةيعمج", "جمعية M&D"),
        # Brackets: the stored code points come back in logical places (mirroring is separate).
        ("ميظنت )1(", "(1) تنظيم"),
        ("تقلطأ )1", "1) أطلقت"),
        # A date range alone on its line (a European number run: drawn as stored).
        ("31/12/23-01/01/2023", "31/12/23-01/01/2023"),
    ],
)
def test_visual_to_logical(visual, logical):
    assert visual_to_logical(visual) == logical


@pytest.mark.parametrize(
    ("visual", "logical"),
    [
        ("000 814", "814 000"),  # an RTL cell: groups drawn reversed, only one reading is a number
        ("500 899 1", "1 899 500"),
        ("1 045 500", "1 045 500"),  # an LTR cell (pasted from Excel): drawn as stored
        ("480 000", "480 000"),
        ("2017", "2017"),
    ],
)
def test_digit_only_cells_read_as_well_formed_numbers(visual, logical):
    assert visual_to_logical(visual) == logical


def test_ambiguous_digit_cell_follows_the_preference():
    assert visual_to_logical("500 543") == "543 500"
    assert visual_to_logical("500 543", prefer_rtl=False) == "500 543"


def test_latin_line_inside_arabic_paragraph():
    assert visual_to_logical(".HABITAT", rtl_block=True) == "HABITAT."
    assert visual_to_logical("Expertise France") == "Expertise France"


@pytest.mark.parametrize(
    ("visual", "logical"),
    [
        ("+966 50 692 4054", "+966 50 692 4054"),  # Word: laid out left to right in an Arabic paragraph
        ("00 00 00 37 5 212+", "+212 5 37 00 00 00"),  # LibreOffice, Chromium: right to left
    ],
)
@pytest.mark.parametrize("context", [None, "R"])
def test_phone_number_line_reads_with_its_sign_first(visual, logical, context):
    """A plus sign is a prefix: the reading that puts it before its digits is the typed one,
    whichever way the producer laid the line out, alone or continuing an Arabic paragraph."""
    assert visual_to_logical(visual, context) == logical


@pytest.mark.parametrize(
    ("visual", "logical"),
    [
        ("IEC 62271-1", "IEC 62271-1"),
        (".)BQT6904800 -00 71(", "(BQT6904800 -00 71)."),
        ("ICMD 2030", "ICMD 2030"),
    ],
)
def test_latin_and_digit_line_continuing_an_arabic_paragraph_keeps_its_order(visual, logical):
    """Before, the digits of `IEC 62271-1` were taken for Arabic numbers of the paragraph and the
    line came out `62271-1 IEC`; only the neutrals at its ends belong to the paragraph."""
    assert visual_to_logical(visual, "R") == logical
    assert visual_to_logical(visual, rtl_block=True) == logical


def test_mirror_option():
    assert visual_to_logical("ميظنت (1)", mirror=True) == "(1) تنظيم"
    assert should_mirror([")1( تنظيم", "الجهوي )DEPOMI("])
    assert not should_mirror(["(1) تنظيم"])


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (")1( تنظيم", "(1) تنظيم"),
        ("1) أطلقت", "1) أطلقت"),
        ("المتوسطة )MC2CM) ،", "المتوسطة (MC2CM) ،"),
        ("الجهوي) DEPOMI) تم", "الجهوي (DEPOMI) تم"),
        ("الميدان ) وكالة الشمال/ الجنوب (،", "الميدان (وكالة الشمال/ الجنوب)،"),
        ("(ICMD) :", "(ICMD) :"),
        ("بدون أقواس", "بدون أقواس"),
    ],
)
def test_fix_brackets(text, fixed):
    assert fix_brackets(text) == fixed


def test_presentation_forms_to_base_letters_after_reordering():
    assert base_letters("\ufedf\ufe8e") == "لا"  # lam + alef forms
    assert base_letters("\ufefb") == "لا"  # the lam-alef ligature
    assert base_letters("\ufe97\ufee8\ufec8\ufef4\ufee2") == "تنظيم"


@pytest.mark.parametrize(
    ("visual", "logical"),
    [
        ("Le projet ةدجو ةعامج est financé par AFD", "Le projet جماعة وجدة est financé par AFD"),
        ("La commune de ةدجو a signé en 2020", "La commune de وجدة a signé en 2020"),
        ("Clé en main ةيمنتلل", "للتنمية Clé en main"),  # mostly Arabic around: a right-to-left line
    ],
)
def test_left_to_right_lines_with_arabic_names(visual, logical):
    assert visual_to_logical(visual) == logical


def test_mostly_latin_line_on_an_arabic_page_stays_right_to_left():
    visual = "Expertise France ةلاكولا"  # drawn so; typed `الوكالة Expertise France` in an Arabic paragraph
    assert visual_to_logical(visual, base="R") == "الوكالة Expertise France"
    assert visual_to_logical(visual) == "Expertise France الوكالة"  # without the page's direction: read LTR
