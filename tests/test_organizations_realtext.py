"""ORG on the shapes of real published text (issue 18): committees, hyphenated region names, a
ministry's department after an inner comma, prepositions inside names, bodies known without a head
noun, Arabic-script aliases, news agencies; and what is not a body (indefinite phrases, a term of
office, labour). Sentences written for these tests; exact spans and registry ids."""

import pytest

from pipeline.process import extract_text_entities


def orgs(text):
    return [e.text for e in extract_text_entities(text) if e.label == "ORG"]


def registry_ids(text):
    return [(e.text, e.value["registry_id"]) for e in extract_text_entities(text) if e.label == "ORG"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # committees with a scope are bodies; a project's working committees are not
        ("اجتمعت اللجنة المحلية للتنمية البشرية لعمالة سلا يوم الاثنين",
         ["اللجنة المحلية للتنمية البشرية لعمالة سلا"]),
        ("صادقت اللجنة الإقليمية لتتبع المشاريع على البرمجة", ["اللجنة الإقليمية لتتبع المشاريع"]),
        ("قدم المستثمر ملفه للجنة الجهوية للاستثمار بطنجة", ["للجنة الجهوية للاستثمار"]),
        # hyphenated region names, tight or spaced, run to the end of the region
        ("وقع مجلس جهة فاس-مكناس اتفاقية مع جمعية حقوقيون بلا حدود",
         ["مجلس جهة فاس-مكناس", "جمعية حقوقيون بلا حدود"]),
        ("قدم مجلس جهة الداخلة - وادي الذهب الدعم", ["مجلس جهة الداخلة - وادي الذهب"]),
        ("وقع رئيس مجلس جهة كلميم-واد نون الاتفاقية", ["مجلس جهة كلميم-واد نون"]),
        # a ministry's department after an inner comma is part of the name
        ("أعلنت وزارة الانتقال الطاقي والتنمية المستدامة، قطاع التنمية المستدامة، عن طلب عروض",
         ["وزارة الانتقال الطاقي والتنمية المستدامة، قطاع التنمية المستدامة"]),
        ("قدمت وزارة الفلاحة والصيد البحري والتنمية القروية والمياه والغابات، قطاع الصيد البحري، الحصيلة",
         ["وزارة الفلاحة والصيد البحري والتنمية القروية والمياه والغابات، قطاع الصيد البحري"]),
        # a coordinated construct inside a long name
        ("نظمت وزارة إعداد التراب الوطني والتعمير والإسكان وسياسة المدينة لقاء",
         ["وزارة إعداد التراب الوطني والتعمير والإسكان وسياسة المدينة"]),
        # prepositions inside names; movements and coalitions named by their cause
        ("انخرطت جمعية مدرسون من أجل الجودة في المبادرة", ["جمعية مدرسون من أجل الجودة"]),
        ("وقع تحالف ضد التغير المناخي البيان", ["تحالف ضد التغير المناخي"]),
        ("أطلقت حركة بلا حدود للسلام مبادرة", ["حركة بلا حدود للسلام"]),
        ("شارك ائتلاف من أجل العدالة المناخية في المنتدى", ["ائتلاف من أجل العدالة المناخية"]),
        # a name ends before the verb's object
        ("نقلت وكالة المغرب العربي للأنباء التصريح", ["وكالة المغرب العربي للأنباء"]),
        ("وقع مجلس جهة بني ملال-خنيفرة الاتفاقية", ["مجلس جهة بني ملال-خنيفرة"]),
        # foreign municipalities: the nationality adjective is left out, also after مجلس مدينة
        ("وقعت الجماعة الحضرية لمكناس اتفاقية مع مجلس مدينة تولوز الفرنسية",
         ["الجماعة الحضرية لمكناس", "مجلس مدينة تولوز"]),
        ("وقعت جماعة الحسيمة وبلدية ميلانو الإيطالية اتفاقية", ["جماعة الحسيمة", "بلدية ميلانو"]),
        ("شراكة مع بلدية إسطنبول الكبرى التركية", ["بلدية إسطنبول الكبرى"]),
        # a person's name inside a body's name; Gulf and Levantine heads; companies
        ("وقعت مؤسسة خليفة بن زايد آل نهيان للأعمال الإنسانية مذكرة",
         ["مؤسسة خليفة بن زايد آل نهيان للأعمال الإنسانية"]),
        ("أعلنت أمانة عمان الكبرى عن مشروع", ["أمانة عمان الكبرى"]),
        ("أكد الديوان الملكي الهاشمي أن", ["الديوان الملكي الهاشمي"]),
        ("أسست الجماعة شركة التنمية المحلية للنقل الحضري", ["شركة التنمية المحلية للنقل الحضري"]),
        ("شاركت شبكة الجمعيات التنموية بالجهة", ["شبكة الجمعيات التنموية"]),
        # a noun of action ending like an adjective still heads a genitive
        ("قدمت جمعية رعاية أطفال الشوارع الدعم", ["جمعية رعاية أطفال الشوارع"]),
        ("نظمت جمعية حماية المستهلك لقاء", ["جمعية حماية المستهلك"]),
        # ولاية and عمالة with a place are bodies
        ("ترأس والي ولاية جهة مراكش آسفي الاجتماع", ["ولاية جهة مراكش آسفي"]),
        ("صادق مجلس عمالة الدار البيضاء على النقطة", ["مجلس عمالة الدار البيضاء"]),
    ],
)
def test_real_text_shapes(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "استفاد مركز للإيواء من الدعم",
        "تم افتتاح مركز لتأهيل الشباب بالحي",
        "تم إحداث جمعية يرأسها عامل الإقليم",
        "تم تأسيس جمعية تديرها النساء",
        "نوهت الجمعية بمجهودات محاربة عمالة الأطفال",
        "طيلة ولاية المجلس السابق",
        "في ولاية ثانية للحكومة",
        "عقدت لجنة القيادة اجتماعها الأول",
        "شاركت اللجنة التقنية للمشروع",
        "ساهمت حركة الملاحة في ميناء طنجة",
        "تم توسيع شبكة الماء الصالح للشرب بالدوار",
        "تم تأهيل شبكة الطرق القروية",
        "افتتاح مركز تصفية الدم بالمستشفى",
        "أعلنت الشركة أن الأشغال انتهت",
        "بكل أمانة ومسؤولية",
        "تأسست منظمة غير حكومية جديدة",
        "وهي مؤسسة ذات نفع عام",
        "أسندت الأشغال إلى شركة خاصة",
        "أنشئت جمعية جديدة للدفاع عن البيئة",
        "تم تأسيس تعاونية نسائية لإنتاج الكسكس",
        "تأسست منظمة دولية غير حكومية",
    ],
)
def test_not_bodies(text):
    assert orgs(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # bodies known without a head noun, and Arabic-script aliases
        ("شارك التعاون الوطني والقرض الفلاحي للمغرب في اللقاء",
         [("التعاون الوطني", "MA-EN"), ("القرض الفلاحي للمغرب", "MA-CAM")]),
        ("قدمت الأونروا المساعدات وساهم الإيفاد في تمويل المشروع",
         [("الأونروا", "UNRWA"), ("الإيفاد", "IFAD")]),
        ("قدمت منظمة اليونيسيف دعما للأطفال", [("منظمة اليونيسيف", "UNICEF")]),
        ("بدعم من لليونسكو", [("لليونسكو", "UNESCO")]),
        # news agencies
        ("وقعت وكالة الأنباء العمانية مذكرة مع وكالة تونس إفريقيا للأنباء",
         [("وكالة الأنباء العمانية", "ONA"), ("وكالة تونس إفريقيا للأنباء", "TAP")]),
        ("نقلت وكالة فرانس برس عن مصادر", [("وكالة فرانس برس", "AFP")]),
        # development banks and national agencies
        ("بتمويل من البنك الأوروبي لإعادة الإعمار والتنمية", [("البنك الأوروبي لإعادة الإعمار والتنمية", "EBRD")]),
        ("وقعت الوكالة الوطنية لتنمية مناطق الواحات وشجر الأركان اتفاقية",
         [("الوكالة الوطنية لتنمية مناطق الواحات وشجر الأركان", "MA-ANDZOA")]),
        # an unknown body has the same keys, null
        ("وقعت جمعية الأمل للتنمية والتضامن اتفاقية", [("جمعية الأمل للتنمية والتضامن", None)]),
    ],
)
def test_registry_bodies(text, expected):
    assert registry_ids(text) == expected


def test_known_words_that_are_also_common_words_are_left_out():
    # `تمويلكم` is "your funding" as often as it is Tamwilcom: only its Latin name is in the registry
    assert orgs("نشكركم على تمويلكم للمشروع") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("أطلقت Observatoire National du Développement Humain دراسة", ["Observatoire National du Développement Humain"]),
        ("بتمويل من Agence Française de Développement et Banque Mondiale",
         ["Agence Française de Développement", "Banque Mondiale"]),
    ],
)
def test_latin_names_run_to_their_last_capitalized_word(text, expected):
    assert orgs(text) == expected


def test_registry_latin_names_in_any_case():
    text = "بتمويل من Banque mondiale و Union européenne"
    assert registry_ids(text) == [("Banque mondiale", "WB"), ("Union européenne", "EU")]
