"""DATE and DATE_RANGE on the shapes real published pages write (issue 18): exact values, sentences
written for these tests. And years that are no date of the project: inside a name, or a legal
text's year."""

import pytest

from pipeline.process import extract_text_entities


def dates(text):
    return [(e.label, e.text, e.value) for e in extract_text_entities(text) if e.label in ("DATE", "DATE_RANGE")]


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("عقدت الدورة العادية يوم 4/غشت/2016 بمقر الجهة", "4/غشت/2016", "2016-08-04"),
        ("وصلت البعثة في 11-ديسمبر-2020", "11-ديسمبر-2020", "2020-12-11"),
        ("وقع الطرفان المذكرة في 3/27/2017", "3/27/2017", "2017-03-27"),
        ("نشر التقرير بتاريخ21 يونيو 2022", "21 يونيو 2022", "2022-06-21"),
        ("وصدر القرار بتاريخ05/09/2018", "05/09/2018", "2018-09-05"),
        ("أعلن عن الجائزة في مارس 28, 2019", "مارس 28, 2019", "2019-03-28"),
        ("اجتمع المجلس في 6 كانون الأول/ديسمبر 2021", "6 كانون الأول/ديسمبر 2021", "2021-12-06"),
        ("انطلقت الحملة في حزيران/يونيو 2015", "حزيران/يونيو 2015", "2015-06"),
        ("افتتح المعرض في أيار (مايو) 2023", "أيار (مايو) 2023", "2023-05"),
        ("وصدر المرسوم في 2 تشرين الثاني/نوفمبر 2019", "2 تشرين الثاني/نوفمبر 2019", "2019-11-02"),
        ("يوم الخميس التاسع عشر من نيسان 2018", "التاسع عشر من نيسان 2018", "2018-04-19"),
        ("في الثاني من شهر كانون الثاني 2020", "الثاني من شهر كانون الثاني 2020", "2020-01-02"),
        ("وفي الحادي والثلاثين من آب 2017", "الحادي والثلاثين من آب 2017", "2017-08-31"),
        ("تسلمت الجمعية الدعم في دجنبر2021", "دجنبر2021", "2021-12"),
        ("انطلقت الأشغال سنة2018 بالإقليم", "2018", "2018"),
    ],
)
def test_date_shapes(text, surface, value):
    assert dates(text) == [("DATE", surface, {"value": value})]


@pytest.mark.parametrize(
    "text, surface, start, end",
    [
        ("نظمت الأيام الدراسية يومي 8 و 9 أكتوبر2019", "8 و 9 أكتوبر2019", "2019-10-08", "2019-10-09"),
        ("من 14 تموز/يوليو إلى 2 آب/أغسطس 2016", "من 14 تموز/يوليو إلى 2 آب/أغسطس 2016", "2016-07-14", "2016-08-02"),
        ("من شباط (فبراير) إلى نيسان (أبريل) 2024", "من شباط (فبراير) إلى نيسان (أبريل) 2024", "2024-02", "2024-04"),
        ("يشتغل المرصد منذ بداية 1994", "منذ بداية 1994", "1994", None),
        ("تعمل التعاونية منذ مطلع سنة 2008", "منذ مطلع سنة 2008", "2008", None),
    ],
)
def test_range_shapes(text, surface, start, end):
    assert dates(text) == [("DATE_RANGE", surface, {"start": start, "end": end})]


@pytest.mark.parametrize(
    "text",
    [
        "تستعد المدينة لاحتضان كأس العرب 2027",
        "شارك الفريق في بطولة شمال إفريقيا 2026 للشباب",
        "أطلقت الجامعة برنامج «نجاح 2028» لفائدة الطلبة",
        "انخرطت الجمعية في مبادرة تمكين 2030 الوطنية",
        "طبقا للقانون رقم 31 لسنة 1984 بشأن الجمعيات",
        "وفق مقتضيات الظهير الشريف لسنة 1958 المتعلق بالحريات العامة",
        "استنادا إلى المرسوم رقم 2.12.349 لعام 2013",
    ],
)
def test_a_year_in_a_name_or_of_a_legal_text_is_no_date(text):
    assert dates(text) == []


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("صادق المجلس على ميزانية 2024", "2024", "2024"),  # the year a budget is for is a date
        ("انطلق البرنامج في 2019 بدعم من الجهة", "2019", "2019"),
        ("أطلقت مبادرة تمكين في سنة 2021", "2021", "2021"),  # a time cue between the name and the year
        ("صدر القانون في يناير 2016", "يناير 2016", "2016-01"),
    ],
)
def test_years_near_names_that_are_dates(text, surface, value):
    assert dates(text) == [("DATE", surface, {"value": value})]


@pytest.mark.parametrize(
    "text",
    [
        "حصل 19/20 من التلاميذ على المعدل",  # a fraction
        "الطابق 13/14 من العمارة",
        "رقم الهاتف 0612/34/56",
    ],
)
def test_no_false_dates(text):
    assert dates(text) == []


@pytest.mark.parametrize(
    "text, surface, value",
    [
        # after a programme's definite description the year is its period, as ranges of plans are
        ("صادق المجلس على برنامج عمل الجماعة 2025", "2025", "2025"),
        ("يندرج ضمن المخطط الجهوي للتكوين 2026", "2026", "2026"),
    ],
)
def test_a_year_after_a_plans_description_is_its_date(text, surface, value):
    assert dates(text) == [("DATE", surface, {"value": value})]
