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
