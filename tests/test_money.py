"""MONEY: every way the reports write an amount, exact values (written for the tests, not from the gold)."""

import pytest

from extractors.numbers import SCALES, parse_number, parse_number_words
from pipeline.normalize import normalize_str
from pipeline.process import extract_text_entities

# a bare dirham in a text that names no country: the configured default, said to be a guess
DEFAULT_MAD = {"currency": "MAD", "currency_basis": "default", "currency_confidence": 0.6}


def money(text):
    return [(e.text, e.value["amount"], e.value["currency"]) for e in extract_text_entities(text) if e.label == "MONEY"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("بلغت الكلفة 6 991 500 درهم.", ("6 991 500 درهم", 6991500, "MAD")),
        ("بمبلغ 1.899.500 درهم", ("1.899.500 درهم", 1899500, "MAD")),
        ("منحة قدرها 500.000 دولار", ("500.000 دولار", 500000, "USD")),
        ("قرض بقيمة 1,250,000 أورو", ("1,250,000 أورو", 1250000, "EUR")),
        ("ما قدره 2,5 مليون درهم", ("2,5 مليون درهم", 2500000, "MAD")),
        ("ما قدره 3.75 مليون يورو", ("3.75 مليون يورو", 3750000, "EUR")),
        ("رصد ١٢٬٥٠٠ درهم للتكوين", ("١٢٬٥٠٠ درهم", 12500, "MAD")),
        ("بغلاف ٢٫٥ مليون درهم", ("٢٫٥ مليون درهم", 2500000, "MAD")),
        ("بمبلغ ٣،٥٠٠،٠٠٠ درهم", ("٣،٥٠٠،٠٠٠ درهم", 3500000, "MAD")),
        ("تمويل قدره 5ر9 مليون دولار", ("5ر9 مليون دولار", 9500000, "USD")),
        ("بلغت التحويلات 25ر1 مليار درهم", ("25ر1 مليار درهم", 1250000000, "MAD")),
        ("بقيمة 5 مليون اورو", ("5 مليون اورو", 5000000, "EUR")),
        ("بقيمة 12 ألف دولار أمريكي", ("12 ألف دولار أمريكي", 12000, "USD")),
        ("قرابة 4 ملايير درهم", ("4 ملايير درهم", 4000000000, "MAD")),
        ("منحة قدرها ثلاثة ملايين درهم", ("ثلاثة ملايين درهم", 3000000, "MAD")),
        ("والمبلغ عشرون ألف درهم", ("عشرون ألف درهم", 20000, "MAD")),
        ("غلاف قدره مليون وخمسمائة ألف درهم", ("مليون وخمسمائة ألف درهم", 1500000, "MAD")),
        ("ساهم بنصف مليون دولار", ("نصف مليون دولار", 500000, "USD")),
        ("وبلغت كلفتها مليونا درهم", ("مليونا درهم", 2000000, "MAD")),
        ("ساهمت الجماعة ب500 ألف درهم", ("500 ألف درهم", 500000, "MAD")),
        ("ساهمت الجماعة بـ 2 مليون درهم", ("2 مليون درهم", 2000000, "MAD")),
        ("ساهمت الجهة بمليون درهم", ("مليون درهم", 1000000, "MAD")),
        ("واجب الانخراط 50 درهما", ("50 درهما", 50, "MAD")),
        ("قيمة الصفقة 15 000 DH", ("15 000 DH", 15000, "MAD")),
        ("قيمة الصفقة 80.000 Dhs", ("80.000 Dhs", 80000, "MAD")),
        ("قيمة الصفقة 1 750 000 MAD", ("1 750 000 MAD", 1750000, "MAD")),
        ("قيمة الصفقة 120 000 د.م.", ("120 000 د.م.", 120000, "MAD")),
        ("منحة 750,000 USD", ("750,000 USD", 750000, "USD")),
        ("رصدت 1.5 مليون $ للحملة", ("1.5 مليون $", 1500000, "USD")),
        ("بلغت 850 000 € حسب التقرير", ("850 000 €", 850000, "EUR")),
        ("المبلغ الملتزم به: EUR 50.000", ("EUR 50.000", 50000, "EUR")),
        ("الميزانية: MAD 1 200 000 موزعة", ("MAD 1 200 000", 1200000, "MAD")),
        ("تبرع بمبلغ 200 ألف جنيه إسترليني", ("200 ألف جنيه إسترليني", 200000, "GBP")),
        ("ساهمت بـ 300 ألف فرنك سويسري", ("300 ألف فرنك سويسري", 300000, "CHF")),
        ("منحة بقيمة مليون ريال قطري", ("مليون ريال قطري", 1000000, "QAR")),
        ("قرض بقيمة 10 ملايين دينار كويتي", ("10 ملايين دينار كويتي", 10000000, "KWD")),
        ("منحة 2 مليون ريال سعودي", ("2 مليون ريال سعودي", 2000000, "SAR")),
        ("كلفة تقدر ب 3,2 مليار سنتيم", ("3,2 مليار سنتيم", 32000000, "MAD")),
        ("بمبلغ 1.250.000,00 درهم", ("1.250.000,00 درهم", 1250000, "MAD")),
        ("قيمته 45.000,50 DH", ("45.000,50 DH", 45000.5, "MAD")),
    ],
)
def test_amounts(text, expected):
    assert money(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "أطلقت الجمعية سنة 2018 برنامجا استفاد منه 240 تلميذا.",
        "تم إنجاز 110 مشروعا في الصفحة 12.",
        "ارتفعت النسبة إلى 45 في المائة و 12% من الميزانية.",
        "للاستفسار: 0537 12 34 56 أو +212 5 37 00 00 00.",
        "استثمر مغاربة العالم ملايين الدراهم في العقار.",
        "تتراوح أعمارهم ما بين 07 و14 سنة.",
    ],
)
def test_not_money(text):
    assert money(text) == []


def test_parse_number_is_stable_for_tables():
    assert parse_number("6 991 500") == 6991500
    assert parse_number("1.250,50") == 1250.5
    assert parse_number("12٬500") == 12500
    assert SCALES[normalize_str("آلاف")] == 1000
    assert parse_number_words(normalize_str("ثلاثمائة وخمسون ألف")) == 350000


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("خصصت الجهة مليار و500 مليون درهم للطرق", "مليار و500 مليون درهم", {"amount": 1_500_000_000, **DEFAULT_MAD}),
        ("بتكلفة 2 مليار و75 مليون درهم", "2 مليار و75 مليون درهم", {"amount": 2_075_000_000, **DEFAULT_MAD}),
        ("منحة يابانية قدرها 3 مليارات ين", "3 مليارات ين", {"amount": 3_000_000_000, "currency": "JPY"}),
        ("قرض كوري بقيمة 40 مليون وون كوري", "40 مليون وون كوري", {"amount": 40_000_000, "currency": "KRW"}),
    ],
)
def test_compound_amounts_and_more_currencies(text, surface, value):
    money = [(e.text, e.value) for e in extract_text_entities(text) if e.label == "MONEY"]
    assert money == [(surface, value)]


def test_currency_word_inside_another_word_is_not_a_currency():
    # `ين` (yen) inside `بين`: the amount after it is not in yen
    money = [(e.text, e.value) for e in extract_text_entities("تتراوح المنح بين 5 مليون و8 ملايين درهم") if e.label == "MONEY"]
    assert money == [("8 ملايين درهم", {"amount": 8_000_000, **DEFAULT_MAD})]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("مشروع دعم التمدرس بمبلغ 500 000 بشراكة مع الجمعية.", ("500 000", 500000)),
        ("بغلاف مالي إجمالي قدره 2 مليون لتأهيل السوق.", ("2 مليون", 2000000)),
        ("بميزانية تقدر بـ 1.250.000 للتجهيز.", ("1.250.000", 1250000)),
    ],
)
def test_a_number_a_budget_word_announces_is_money_without_currency(text, expected):
    assert money(text) == [(*expected, None)]


@pytest.mark.parametrize(
    "text",
    [
        "تم اعتماد ميزانية 2023 بالإجماع.",  # a year: the DATE wins
        "بمبلغ 1.899.500 درهم",  # the currency is written: one MONEY, with it
    ],
)
def test_a_bare_amount_gives_way_to_any_other_entity(text):
    assert all(currency is not None for *_, currency in money(text))
