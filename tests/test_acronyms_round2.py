"""Arabic-script short names in brackets after a body's full name are ACRONYMs expanding to it
(issue 18, second round); a place in brackets is not. Sentences written for these tests."""

import pytest

from pipeline.process import extract_text_entities


def named(text):
    return [(e.label, e.text, e.value.get("expansion") if e.label == "ACRONYM" else e.value.get("acronym"))
            for e in extract_text_entities(text) if e.label in ("ORG", "ACRONYM")]


@pytest.mark.parametrize(
    "text, org, short",
    [
        ("دعمت الوكالة اليابانية للتعاون الدولي (جايكا) مشروع الري بالإقليم", "الوكالة اليابانية للتعاون الدولي", "جايكا"),
        ("أطلقت الوكالة المغربية للطاقة المستدامة (مازن) طلب عروض جديدا", "الوكالة المغربية للطاقة المستدامة", "مازن"),
        ("وقعت منظمة الأمم المتحدة للطفولة (اليونيسف) مذكرة تفاهم", "منظمة الأمم المتحدة للطفولة", "اليونيسف"),
    ],
)
def test_a_bracketed_arabic_short_name_is_an_acronym_of_the_name_before_it(text, org, short):
    assert named(text) == [("ORG", org, short), ("ACRONYM", short, org)]


def test_a_known_alias_written_alone_stays_an_organization():
    assert named("تواصل اليونيسف دعم المدارس القروية") == [("ORG", "اليونيسف", None)]


@pytest.mark.parametrize(
    "text, org",
    [
        ("استقبلت وزارة الخارجية (المغرب) الوفد الزائر", "وزارة الخارجية"),
        ("شاركت وزارة الفلاحة (الرباط) في اللقاء", "وزارة الفلاحة"),
    ],
)
def test_a_place_in_brackets_is_no_short_name(text, org):
    assert named(text) == [("ORG", org, None)]


def acronyms(text):
    return [(e.text, e.value) for e in extract_text_entities(text) if e.label == "ACRONYM"]


@pytest.mark.parametrize(
    "text, surface, registry_id",
    [
        ("مسقط (واس) - استقبل الوزير وفدا رسميا", "واس", "SPA"),
        ("طنجة - و.م.ع: افتتحت المندوبية الجهوية مركزا جديدا", "و.م.ع", "MA-MAP"),
        ("دبي في 3 مارس 2025 / وام / أطلقت الهيئة منصة جديدة", "وام", "WAM"),
        ("الإسكندرية (أ ش أ) - افتتح المحافظ محطة المياه", "أ ش أ", "MENA"),
        ("صفاقس (وات) - انطلقت أشغال الطريق", "وات", "TAP"),
    ],
)
def test_a_news_agency_set_apart_in_a_dateline_is_an_acronym_of_its_body(text, surface, registry_id):
    [(found, value)] = acronyms(text)
    assert (found, value["expansion"], value["registry_id"]) == (surface, None, registry_id)


@pytest.mark.parametrize(
    "text",
    [
        "زار الوفد مدينة بترا الأثرية في جنوب الأردن",
        "تضاعف الإنتاج خلال الأعوام الأخيرة ومع ذلك بقيت الأسعار مرتفعة",
        "وصل القطار إلى محافظة قنا مساء أمس",
    ],
)
def test_an_agencys_short_name_that_is_also_a_word_or_place_is_not_taken_in_a_sentence(text):
    assert acronyms(text) == []


def test_the_acronym_of_a_name_keeps_its_written_form():
    # the ORG's acronym is the text as written, not its normalized form (أشغال, not اشغال)
    orgs = [e for e in extract_text_entities("نفذت هيئة الأشغال العامة (أشغال) المشروع") if e.label == "ORG"]
    assert [(o.text, o.value["acronym"]) for o in orgs] == [("هيئة الأشغال العامة", "أشغال")]
