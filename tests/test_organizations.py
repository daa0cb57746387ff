"""ORG: names of bodies with their full extent, generic mentions left out, the registry's canonical names."""

import pytest

from extractors import load_pipeline
from extractors.registry import name_key
from pipeline.process import extract_text_entities


def orgs(text):
    return [e.text for e in extract_text_entities(text) if e.label == "ORG"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("رصدت جماعة الناظور غلافا ماليا قدره مليون درهم", ["جماعة الناظور"]),
        ("خصصت وزارة التضامن والإدماج الاجتماعي والأسرة مبلغا", ["وزارة التضامن والإدماج الاجتماعي والأسرة"]),
        ("استقبلت وزارة الخارجية الإسبانية وفدا", ["وزارة الخارجية الإسبانية"]),
        ("بشراكة مع وزارة الداخلية المغربية", ["وزارة الداخلية المغربية"]),
        ("توأمة مع بلدية ليل الفرنسية", ["بلدية ليل"]),
        ("عقد رئيس جماعة تيزنيت لقاء مع الجالية", ["جماعة تيزنيت"]),
        ("صادق مجلس جهة بني ملال خنيفرة على الاتفاقية", ["مجلس جهة بني ملال خنيفرة"]),
        ("قرر المجلس الإقليمي لتاونات تخصيص منح", ["المجلس الإقليمي لتاونات"]),
        ("مولت وكالة تنمية الأقاليم الشرقية بناء دور", ["وكالة تنمية الأقاليم الشرقية"]),
        ("وقعت جامعة ابن زهر اتفاقية مع جامعة بوردو", ["جامعة ابن زهر", "جامعة بوردو"]),
        ("ترأس رئيس جامعة سيدي محمد بن عبد الله الحفل", ["جامعة سيدي محمد بن عبد الله"]),
        ("رصدت الجمعية المغربية لحقوق الطفل حالات عديدة", ["الجمعية المغربية لحقوق الطفل"]),
        ("قدم المنسق الوطني للمنظمة الدولية للهجرة عرضا", ["للمنظمة الدولية للهجرة"]),
        ("منحت الجماعة دعما لجمعية النور للتنمية المحلية", ["جمعية النور للتنمية المحلية"]),
        ("وقعت جماعة أكادير وبلدية نانت والمنظمة الدولية للهجرة اتفاقية",
         ["جماعة أكادير", "بلدية نانت", "المنظمة الدولية للهجرة"]),
        ("الشركاء: جمعية الواحة، جمعية السلام للتنمية، تعاونية أركان النسوية.",
         ["جمعية الواحة", "جمعية السلام للتنمية", "تعاونية أركان النسوية"]),
        ("من طرف جهة الشرق", ["جهة الشرق"]),
        ('بشراكة مع جمعية "أصدقاء الطفولة" بالمدينة', ['جمعية "أصدقاء الطفولة"']),
        ("أنجزت Expertise France الدراسة", ["Expertise France"]),
        ("بتمويل من Fondation de France وبشراكة مع جمعية تيفاوين", ["Fondation de France", "جمعية تيفاوين"]),
        ("نظمت Organisation Internationale du Travail لقاء", ["Organisation Internationale du Travail"]),
        ("الوكالة الإسبانية للتعاون الدولي من أجل التنمية شريك", ["الوكالة الإسبانية للتعاون الدولي من أجل التنمية"]),
        ("بشراكة مع مؤسسة Friedrich Ebert", ["مؤسسة Friedrich Ebert"]),
        ("وقعت الأكاديمية الجهوية للتربية والتكوين لجهة سوس ماسة اتفاقية",
         ["الأكاديمية الجهوية للتربية والتكوين لجهة سوس ماسة"]),
        ("وتم عقد دورة استثنائية لمجلس جماعة تطوان", ["مجلس جماعة تطوان"]),
        ("وقعت وزارة الداخلية اليوم اتفاقية", ["وزارة الداخلية"]),
    ],
)
def test_organizations(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "أكدت الوزارة على أهمية إشراك الجمعيات والجماعات الترابية ومنظمات المجتمع المدني.",
        "صادق مجلس الجهة بالإجماع على النقطة.",
        "خصص المجلس الجماعي مليون درهم للحدائق.",
        "تقع مدينة وجدة في شرق المملكة المغربية.",
        "تم تنفيذ البرنامج بجهة سوس ماسة وجهة الشرق.",
        "حضر اللقاء ممثلو السفارات والقنصليات.",
        "استفادت 32 جمعية لإنجاز مشاريعها.",
        "يهدف مشروع وكالة الحي الى اشراك الساكنة.",
        "شارك الوفد في معرض Smart City Expo ببرشلونة.",
        "أكد البنك المركزي أن التضخم تراجع.",
        "شارك في الجامعة الصيفية عدد من الشباب.",
    ],
)
def test_generic_mentions_are_not_organizations(text):
    assert orgs(text) == []


def test_registry_links_spellings_languages_and_acronyms():
    text = ("شاركت الوكالة البلجيكية للتنمية ووكالة التنمية البلجيكية وEnabel، "
            "والمنظمة الدولية للهجرات والمنظمة الدولية للهجرة.")
    found = {e.text: e.value.get("canonical") for e in extract_text_entities(text) if e.label in ("ORG", "ACRONYM")}
    assert found["الوكالة البلجيكية للتنمية"] == found["وكالة التنمية البلجيكية"] == found["Enabel"]
    assert found["المنظمة الدولية للهجرات"] == found["المنظمة الدولية للهجرة"] == "International Organization for Migration"
    assert name_key("للوكالة البلجيكية للتنمية") == name_key("الوكالة البلجيكية للتنمية")


def test_rule_layer_alone_without_model(tmp_path):
    import spacy

    from extractors import DEFAULT_CONFIG, extract_entities
    from pipeline.normalize import normalize

    config = spacy.util.load_config(DEFAULT_CONFIG)
    config["components"]["taqrir_org_ner"]["model_path"] = str(tmp_path / "missing")
    config["components"]["taqrir_org_ner"]["enabled"] = True
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    entities = extract_entities(normalize("وقعت جماعة وجدة اتفاقية"), nlp)
    assert [e.text for e in entities if e.label == "ORG"] == ["جماعة وجدة"]


def test_shipped_model_loads():
    import spacy

    from extractors.train import MODEL_DIR

    nlp = spacy.load(MODEL_DIR)
    assert "ner" in nlp.pipe_names and "ORG" in nlp.get_pipe("ner").labels
    assert "taqrir_org_ner" in load_pipeline().pipe_names


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("صادق المجلس الإقليمي لبني ملال على الاتفاقية", "المجلس الإقليمي لبني ملال"),
        ("وقعت الوكالة الحضرية لسيدي قاسم الاتفاقية", "الوكالة الحضرية لسيدي قاسم"),
        ("ساهم المجلس الإقليمي لقلعة السراغنة في التمويل", "المجلس الإقليمي لقلعة السراغنة"),
    ],
)
def test_name_ends_with_a_multiword_place_after_li(text, org):
    assert [e.text for e in extract_text_entities(text) if e.label == "ORG"] == [org]
