"""DATE and DATE_RANGE, second round of issue 18: open ends written with حتى / لغاية / قبل متم,
starts written with اعتبارا من / بدءا من, durations before or after them, day ranges with a hyphen,
Hijri months without a day, and years that belong to an event's edition or a reference number.
Sentences written for these tests; exact values."""

import pytest

from pipeline.process import extract_text_entities


def dates(text):
    return [(e.label, e.text, e.value) for e in extract_text_entities(text) if e.label in ("DATE", "DATE_RANGE")]


@pytest.mark.parametrize(
    "text, surface, start, end",
    [
        ("يستمر تلقي الطلبات حتى 15 مارس 2025 بمقر العمالة", "حتى 15 مارس 2025", None, "2025-03-15"),
        ("ويمتد البرنامج حتى نهاية 2027 في الأقاليم الثلاثة", "حتى نهاية 2027", None, "2027"),
        ("ينتظر إتمام الأشغال قبل متم 2028 حسب الاتفاقية", "قبل متم 2028", None, "2028"),
        ("وتبقى المنحة سارية حتى عام 2029", "حتى عام 2029", None, "2029"),
        ("يفتح باب الترشيح اعتبارا من 3 شباط 2025", "اعتبارا من 3 شباط 2025", "2025-02-03", None),
        ("وتنطلق العمليات بدءا من أبريل 2026", "بدءا من أبريل 2026", "2026-04", None),
        ("يمول المشروع لمدة 24 شهرا اعتبارا من مارس 2025", "لمدة 24 شهرا اعتبارا من مارس 2025", "2025-03", "2027-02"),
        ("على مدى ثلاث سنوات بدءا من تموز 2023", "على مدى ثلاث سنوات بدءا من تموز 2023", "2023-07", "2026-06"),
        ("تقدم المساعدات ابتداء من 10 يناير 2024 ولمدة شهر.", "ابتداء من 10 يناير 2024 ولمدة شهر", "2024-01-10", "2024-02-09"),
        ("ينظم المعرض أيام 5-7 نونبر 2025 بمراكش", "5-7 نونبر 2025", "2025-11-05", "2025-11-07"),
        ("من آذار 2022 ولغاية حزيران 2024 نفذت المرحلة الأولى", "من آذار 2022 ولغاية حزيران 2024", "2022-03", "2024-06"),
    ],
)
def test_open_and_duration_ranges(text, surface, start, end):
    assert dates(text) == [("DATE_RANGE", surface, {"start": start, "end": end})]


@pytest.mark.parametrize(
    "text, surface, value, hijri",
    [
        ("صدر الظهير في شوال 1444 هـ", "شوال 1444 هـ", "2023-04", "1444-10"),
        ("بتاريخ 10 من ذي القعدة 1445هـ", "10 من ذي القعدة 1445هـ", "2024-05-19", "1445-11-10"),
    ],
)
def test_hijri_month_and_day_with_min(text, surface, value, hijri):
    assert dates(text) == [("DATE", surface, {"value": value, "hijri": hijri})]


@pytest.mark.parametrize(
    "text",
    [
        "شاركت الجماعة في ملتقى الشراكات الإفريقية 2026 بأبيدجان",
        "احتضنت المدينة منتدى الاستثمار 2019 بحضور المستثمرين",
        "افتتح المؤتمر الوطني للماء 2022 أشغاله بالرباط",
        "أعلنت العمالة عن طلب عروض رقم 07/2025 لتهيئة الطريق",
        "فتحت الأظرفة المتعلقة بالعطاء رقم (3/2026) علنا",
    ],
)
def test_an_events_edition_or_a_reference_is_no_date(text):
    assert dates(text) == []


def test_a_year_after_an_agreements_amount_is_a_date():
    # a grant agreement followed by a figure is no legal text's year: the budget year is a date
    text = "وقعت الوزارة اتفاقية قرض بقيمة 120 مليون دولار لتمويل الموازنة لعام 2025"
    assert dates(text) == [("DATE", "2025", {"value": "2025"})]


def test_a_law_of_a_year_stays_no_date():
    assert dates("بموجب القانون رقم 12 لسنة 1998 المتعلق بالجمعيات") == []
