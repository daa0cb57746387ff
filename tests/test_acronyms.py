"""ACRONYM: Latin acronyms as written, with their long form when the text gives it beside them."""

import pytest

from pipeline.process import extract_text_entities, process_file
from tests.conftest import sample


def acronyms(text):
    return [(e.text, e.value["expansion"]) for e in extract_text_entities(text) if e.label == "ACRONYM"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("شاركت الوكالة البلجيكية للتنمية Enabel في اللقاء", [("Enabel", "الوكالة البلجيكية للتنمية")]),
        ("استقبل الوالي وفدا عن ENABEL", [("ENABEL", None)]),
        ("انخرطت الجماعة في مشروع MC2CM منذ سنة 2018", [("MC2CM", None)]),
        ("تعتبر جمعية الهجرة والتنمية M&D من أقدم الجمعيات", [("M&D", "جمعية الهجرة والتنمية")]),
        ("قدمت وكالة الأمم المتحدة للمستوطنات البشرية – UN HABITAT خبرتها",
         [("UN HABITAT", "وكالة الأمم المتحدة للمستوطنات البشرية")]),
        ("وقعت CGLUA وجماعة الرباط مذكرة تفاهم", [("CGLUA", None)]),
        ("في إطار المبادرة الوطنية للتنمية البشرية (INDH)", [("INDH", "المبادرة الوطنية للتنمية البشرية")]),
        ("وقعت AFD (الوكالة الفرنسية للتنمية) اتفاقية", [("AFD", "الوكالة الفرنسية للتنمية")]),
        ("بتمويل من Agence Française de Développement (AFD)", [("AFD", "Agence Française de Développement")]),
        ("مشروع الهجرة بين المدن المتوسطة (MC2CM) الممول", [("MC2CM", "الهجرة بين المدن المتوسطة")]),
        ("بدعم من GIZ", [("GIZ", None)]),
        ("ساهمت UN-Habitat في إعداد التصميم", [("UN-Habitat", None)]),
        ("أكد المشاركون في الورشة التي نظمتها GIZ", [("GIZ", None)]),
    ],
)
def test_acronyms(text, expected):
    assert acronyms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'يندرج مشروع "Clé en main" ضمن البرامج',
        "يتضمن المحور II التوصيات والمحور iii النتائج",
        "تمتد الطريق على طول 12 km",
        "تبلغ القدرة 20 MW",
        "لمزيد من المعلومات. Partager",
    ],
)
def test_not_acronyms(text):
    assert acronyms(text) == []


def test_acronym_canonical_from_registry():
    found = {e.text: e.value for e in extract_text_entities("المنظمة الدولية للهجرة OIM و IOM") if e.label == "ACRONYM"}
    assert found["OIM"]["canonical"] == found["IOM"]["canonical"] == "International Organization for Migration"


def test_samples_acronyms():
    found = {e.text: e.value["expansion"] for e in process_file(sample("001")).entities if e.label == "ACRONYM"}
    assert found["AMDAM"] == "الجمعية الطبية للمساعدة على التنمية"
    assert found["ICMD"] == "المبادرة المشتركة للهجرة والتنمية"


@pytest.mark.parametrize(
    ("text", "acronym", "expansion"),
    [
        # the name starts after `من` (a part of it), unless it is `من أجل` inside the name
        ("انطلقت المرحلة الثانية من المبادرة الوطنية للتنمية البشرية INDH سنة 2011", "INDH", "المبادرة الوطنية للتنمية البشرية"),
        ("انضم المغرب إلى الشراكة من أجل الحكومة المنفتحة OGP سنة 2018", "OGP", "الشراكة من أجل الحكومة المنفتحة"),
        # words before the name (an amount) are left out; an indefinite head noun is kept
        ("خصصت 40 مليون درهم للوكالة الوطنية للمياه والغابات (ANEF) هذه السنة", "ANEF", "الوكالة الوطنية للمياه والغابات"),
        ("بتنسيق مع وكالة التنمية الاجتماعية (ADS) بالجهة", "ADS", "وكالة التنمية الاجتماعية"),
    ],
)
def test_long_form_boundaries(text, acronym, expansion):
    found = {e.text: e.value["expansion"] for e in extract_text_entities(text) if e.label == "ACRONYM"}
    assert found[acronym] == expansion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # mixed-case acronyms, with the body they name
        ("ساهم AfDB في تمويل محطة التحلية", [("AfDB", None, "African Development Bank", "AFDB")]),
        ("وقعت UfM مذكرة تفاهم مع الجماعة", [("UfM", None, "Union for the Mediterranean", "UFM")]),
        # a Latin long form in brackets after the acronym
        ("أطلقت ONDH (Observatoire National du Développement Humain) دراسة",
         [("ONDH", "Observatoire National du Développement Humain",
           "Observatoire National du Développement Humain", "MA-ONDH")]),
        ("مولت BERD (Banque Européenne pour la Reconstruction et le Développement) المحطة",
         [("BERD", "Banque Européenne pour la Reconstruction et le Développement",
           "European Bank for Reconstruction and Development", "EBRD")]),
        # not a registered body: the long form, no organization
        ("اعتمد المشروع صيغة PPP (Public-Private Partnership) للتمويل", [("PPP", "Public-Private Partnership", None, None)]),
        # an Arabic name before the acronym: the acronym carries its organization
        ("وقعت الوكالة الوطنية للموانئ ANP عقدا", [("ANP", "الوكالة الوطنية للموانئ", "Agence Nationale des Ports", "MA-ANP")]),
        ("وقعت الجمعية الجهوية للتنمية ARD عقدا", [("ARD", "الجمعية الجهوية للتنمية", None, None)]),
        # a registry acronym with a hyphen
        ("وقعت وكالة حساب تحدي الألفية-المغرب (MCA-Morocco) الاتفاقية",
         [("MCA-Morocco", "وكالة حساب تحدي الألفية-المغرب", "Millennium Challenge Account - Morocco", "MA-MCA")]),
    ],
)
def test_acronym_carries_its_organization(text, expected):
    found = [
        (e.text, e.value["expansion"], e.value["canonical"], e.value["registry_id"])
        for e in extract_text_entities(text)
        if e.label == "ACRONYM"
    ]
    assert found == expected


def test_bracketed_words_that_do_not_spell_the_acronym_are_no_expansion():
    found = [(e.text, e.value["expansion"]) for e in extract_text_entities("شارك GIZ (Allemagne) و ANP (2021) في اللقاء")
             if e.label == "ACRONYM"]
    assert found == [("GIZ", None), ("ANP", None)]


def test_roman_numerals_and_units_are_no_acronyms_but_bodies_spelled_like_them_are():
    found = [e.text for e in extract_text_entities("يتضمن المحور XIV والدورة XXIII ملاحظات حول مشروع MCC بكلفة 40 MDH")
             if e.label == "ACRONYM"]
    assert found == ["MCC"]


def test_mixed_case_words_that_are_no_acronym():
    assert acronyms("حصل على شهادة PhD من جامعة Harvard ثم عمل في Banque") == []


def test_spells():
    from extractors.resolve import spells

    assert spells("KfW", "Kreditanstalt für Wiederaufbau")
    assert spells("IsDB", "Islamic Development Bank")
    assert spells("GIZ", "Deutsche Gesellschaft für Internationale Zusammenarbeit")
    assert not spells("AFD", "Banque Mondiale")
    assert not spells("ANP", "2021")


def test_org_and_its_latin_acronym_in_brackets_after_it():
    entities = extract_text_entities("بتمويل من KfW (Kreditanstalt für Wiederaufbau) بقيمة 12 مليون يورو")
    org = next(e for e in entities if e.label == "ORG")
    assert (org.text, org.value["acronym"], org.value["registry_id"]) == ("Kreditanstalt für Wiederaufbau", "KfW", "KFW")
