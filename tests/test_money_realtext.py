"""MONEY on the shapes real published pages write (issue 18): exact values, sentences written for
these tests. Each case is a shape: the Arabic decimal comma, a bracketed number, compound amounts,
split hundreds and teens, trillions, a misspelled scale, digit groups a web page turned around, and
the currency a shared name (درهم، دينار، ريال) has in its sentence and its document."""

import pytest

from extractors.numbers import parse_amount, parse_number
from pipeline.normalize import normalize_str
from pipeline.process import extract_text_entities


def money(text):
    return [(e.text, e.value) for e in extract_text_entities(text) if e.label == "MONEY"]


def guessed(code, confidence):
    return {"currency": code, "currency_basis": "default", "currency_confidence": confidence}


def in_sentence(code, confidence=0.9):
    return {"currency": code, "currency_basis": "context", "currency_confidence": confidence}


def in_document(code):
    return {"currency": code, "currency_basis": "document", "currency_confidence": 0.8}


@pytest.mark.parametrize(
    "text, surface, value",
    [
        # the Arabic comma as decimal mark
        ("خصصت المديرية 6،8 مليون يورو لتجهيز المستوصفات", "6،8 مليون يورو", {"amount": 6_800_000, "currency": "EUR"}),
        # a number in brackets before its scale
        ("رصد البرنامج (4.75) مليار دولار للسدود", "(4.75) مليار دولار", {"amount": 4_750_000_000, "currency": "USD"}),
        # compounds, read whole, not as their last part
        ("بلغت الكلفة مليونين و615 ألف يورو", "مليونين و615 ألف يورو", {"amount": 2_615_000, "currency": "EUR"}),
        ("تكلف المشروع 53 مليونا و107 آلاف و842 دولارا", "53 مليونا و107 آلاف و842 دولارا",
         {"amount": 53_107_842, "currency": "USD"}),
        ("ساهمت المؤسسة بـ 418 ألفا و75 يورو", "418 ألفا و75 يورو", {"amount": 418_075, "currency": "EUR"}),
        ("واعتمدت الحكومة ومليار و720 مليون دولار للطاقة", "مليار و720 مليون دولار",
         {"amount": 1_720_000_000, "currency": "USD"}),
        ("وقدرت الخسائر بثلاثة ملايين وأربعمائة ألف يورو", "ثلاثة ملايين وأربعمائة ألف يورو",
         {"amount": 3_400_000, "currency": "EUR"}),
        # hundreds split from their unit, teens
        ("تبرعت الجمعية بخمس مئة واثنين وعشرين يورو", "خمس مئة واثنين وعشرين يورو", {"amount": 522, "currency": "EUR"}),
        ("بلغت المنحة ٧ مئة ألف دولار", "٧ مئة ألف دولار", {"amount": 700_000, "currency": "USD"}),
        ("وصلت الاستثمارات إلى أحد عشر مليار يورو", "أحد عشر مليار يورو", {"amount": 11_000_000_000, "currency": "EUR"}),
        ("تجاوز الحجم اثنا عشر مليون دولار", "اثنا عشر مليون دولار", {"amount": 12_000_000, "currency": "USD"}),
        ("قدر الناتج بـ 2.3 تريليون دولار", "2.3 تريليون دولار", {"amount": 2_300_000_000_000, "currency": "USD"}),
        ("خصص الصندوق مليون ونصف يورو", "مليون ونصف يورو", {"amount": 1_500_000, "currency": "EUR"}),
        # a scale word with a typing slip
        ("رصدت البلدية 27 مليوم يورو للنقل", "27 مليوم يورو", {"amount": 27_000_000, "currency": "EUR"}),
        ("بتكلفة 9 مليارت دولار", "9 مليارت دولار", {"amount": 9_000_000_000, "currency": "USD"}),
        # digit groups turned around by a web page's text
        ("بلغت قيمة الصفقة 000.730 أورو", "000.730 أورو", {"amount": 730_000, "currency": "EUR"}),
        ("منحة قدرها 500 120 3 دولار", "500 120 3 دولار", {"amount": 3_120_500, "currency": "USD"}),
        # currencies the Gulf and the Levant write
        ("رصدت الهيئة 14 مليون ر.س لترميم المساجد", "14 مليون ر.س", {"amount": 14_000_000, "currency": "SAR"}),
        ("بلغت الإيرادات 3.6 مليار ج.م", "3.6 مليار ج.م", {"amount": 3_600_000_000, "currency": "EGP"}),
        ("خصصت 900 مليار ليرة لبنانية للأجور", "900 مليار ليرة لبنانية", {"amount": 900_000_000_000, "currency": "LBP"}),
        ("بقيمة 75 مليون دينار أردني", "75 مليون دينار أردني", {"amount": 75_000_000, "currency": "JOD"}),
        ("منحة بقيمة 120 ألف ريال قطري", "120 ألف ريال قطري", {"amount": 120_000, "currency": "QAR"}),
        ("بلغت 6 ملايين جنيه مصري", "6 ملايين جنيه مصري", {"amount": 6_000_000, "currency": "EGP"}),
        ("بلغ العقد 40 مليون درهم إماراتي", "40 مليون درهم إماراتي", {"amount": 40_000_000, "currency": "AED"}),
    ],
)
def test_amount_shapes(text, surface, value):
    assert money(text) == [(surface, value)]


@pytest.mark.parametrize(
    "text, surface, value",
    [
        # a cent is a hundredth of the currency the text is in; a dollar's when nothing says
        ("ارتفع سعر اللتر 35 سنتا", "35 سنتا", {"amount": 0.35, **guessed("USD", 0.3)}),
        ("قررت المفوضية الأوروبية خفض الرسم 12 سنتا", "12 سنتا", {"amount": 0.12, **in_sentence("EUR")}),
    ],
)
def test_cents(text, surface, value):
    assert money(text) == [(surface, value)]


@pytest.mark.parametrize(
    "text, surface, value",
    [
        # the country named in the sentence decides
        ("وقع صندوق خليفة لتطوير المشاريع في أبوظبي اتفاقية بقيمة 18 مليون درهم", "18 مليون درهم",
         {"amount": 18_000_000, **in_sentence("AED")}),
        ("أعلنت وزارة المالية الكويتية عن دعم قدره 250 مليون دينار", "250 مليون دينار",
         {"amount": 250_000_000, **in_sentence("KWD")}),
        ("رصدت بلدية الدوحة 95 مليون ريال لتوسعة الطرق", "95 مليون ريال", {"amount": 95_000_000, **in_sentence("QAR")}),
        ("خصصت الحكومة التونسية 30 مليون دينار للولايات الداخلية", "30 مليون دينار",
         {"amount": 30_000_000, **in_sentence("TND")}),
        ("ساهمت جماعة مكناس بمبلغ 600 ألف درهم", "600 ألف درهم", {"amount": 600_000, **in_sentence("MAD")}),
        # nothing names a country: the configured default for the dirham, a low guess for the others
        ("بلغت مساهمة الشركاء 2.2 مليون درهم", "2.2 مليون درهم", {"amount": 2_200_000, **guessed("MAD", 0.6)}),
    ],
)
def test_a_shared_currency_name_is_decided_by_its_sentence(text, surface, value):
    assert money(text) == [(surface, value)]


def test_the_nearer_country_of_a_sentence_counts_more():
    text = "قدمت سفارة الإمارات بالرباط دعما لفائدة المغرب بقيمة 7 ملايين درهم"
    assert money(text) == [("7 ملايين درهم", {"amount": 7_000_000, **in_sentence("MAD", 0.7)})]


def test_a_shared_currency_name_is_decided_by_the_document():
    text = (
        "عقد المجلس البلدي لمدينة الشارقة اجتماعه الدوري.\n"
        "وصادق الأعضاء على ميزانية الأشغال البالغة 320 مليون درهم.\n"
        "وتشمل الأشغال طرقا جديدة في الشارقة وعجمان."
    )
    assert money(text) == [("320 مليون درهم", {"amount": 320_000_000, **in_document("AED")})]


def test_a_document_that_names_two_countries_as_often_decides_nothing():
    text = "زار وفد من الأردن الكويت.\nوتم توقيع منحة قدرها 4 ملايين دينار.\nوعاد الوفد إلى الأردن ثم إلى الكويت."
    assert money(text) == [("4 ملايين دينار", {"amount": 4_000_000, **guessed("JOD", 0.3)})]


@pytest.mark.parametrize(
    "text",
    [
        "اتصلوا بنا على الرقم 0661 23 45 67 أو 0522 98 76 54",
        "شارك 1 250 متطوعا في 37 قافلة طبية",
        "صدر العدد 415 من الجريدة الرسمية سنة 2021",
        "تضم الجهة 12 إقليما و 407 جماعة",
        "بلغت النسبة 3،5 في المائة",
        "استقبلت الدار مئة وعشرين طفلا",
        "ملايين الريالات صرفت على الطرق",  # a plural scale alone is no amount
    ],
)
def test_no_false_amounts(text):
    assert money(text) == []


def test_two_amounts_side_by_side_are_not_one():
    assert money("تراوحت المنح بين 3 ملايين و5 ملايين يورو") == [("5 ملايين يورو", {"amount": 5_000_000, "currency": "EUR"})]


@pytest.mark.parametrize(
    "text, value",
    [
        ("ثلاث مئة وسبعة", 307),
        ("تسعة عشر ألف", 19_000),
        ("مليونين و40 ألف", 2_040_000),
        ("715 ألفا و30", 715_030),
        ("ربع مليون", 250_000),
        ("ألفي", 2_000),  # a dual: two thousand
        ("مليارين ونصف", 2_500_000_000),
        ("مليونا", 2_000_000),  # a dual before what it counts (مليونا درهم)
        ("مليونا ومائتي ألف", 1_200_000),  # the accusative of مليون when more follows it
        ("ألفا و650", 1_650),
    ],
)
def test_parse_amount(text, value):
    assert parse_amount(normalize_str(text)) == (value, 0)


def test_parse_number_turned_around_and_arabic_comma():
    assert parse_number("000.615") == 615_000
    assert parse_number("750 300 2") == 2_300_750
    assert parse_number("8،25") == 8.25
    assert parse_number("1.250.000,50") == 1_250_000.5  # separators that differ are not turned around
