"""Records on shapes of text the samples do not have (issue 20): names after a naming word or a
colon, loans, grants, supports, agreements and launches without a cue word, roles from what each
party does, periods from signature and launch dates, bodies that are not projects. Every sentence
here is written for these tests."""

from pipeline.load import load_bytes
from pipeline.process import process_document


def records(text: str):
    return process_document(load_bytes(text.encode("utf-8"), "unseen.txt")).projects


def names(organizations):
    return [o.name for o in organizations]


def only(text: str):
    found = records(text)
    assert len(found) == 1, [r.name for r in found]
    return found[0]


# Names after a naming word, a colon or quotes ---------------------------------------------------------


def test_name_after_a_naming_word_and_quotes():
    record = only('أطلقت جمعية النور للتنمية القروية مشروعا تحت اسم "غد أفضل" لفائدة شباب جماعة أملن.')
    assert record.name == "غد أفضل"


def test_name_after_bi_unwan_with_guillemets():
    record = only("تنفذ جماعة تزنيت برنامجا بعنوان «حي نظيف» بكلفة 400 ألف درهم.")
    assert record.name == "حي نظيف"


def test_the_cue_and_naming_word_are_never_the_name():
    found = records("تواصل الجمعية تنفيذ المشروع المسمى ”قرية ذكية” بدوار إمي نتليت.")
    assert [r.name for r in found] == ["قرية ذكية"]


def test_unquoted_name_after_a_naming_word():
    record = only("ينفذ المجلس الإقليمي لأزيلال المشروع المسمى تثمين النباتات العطرية والطبية، بشراكة مع جمعية أيت بوكماز.")
    assert record.name == "تثمين النباتات العطرية والطبية"


def test_name_after_a_colon():
    record = only("ومن بين المشاريع المبرمجة مشروع: تهيئة ملعب القرب بحي السلام، بكلفة 900 ألف درهم.")
    assert record.name == "تهيئة ملعب القرب"
    assert "حي السلام" in " ".join(record.locations)


def test_a_count_stays_in_the_name_a_place_phrase_does_not():
    record = only("أعطيت انطلاقة برنامج تشجير 300 هكتار بإقليم إفران بتمويل من الوكالة الوطنية للمياه والغابات.")
    assert record.name == "تشجير 300 هكتار"


# Bodies are not projects ------------------------------------------------------------------------------


def test_a_programme_that_is_an_organization_is_no_record():
    found = records('يهدف مشروع "مدارس آمنة" إلى حماية التلاميذ، بدعم تقني من برنامج الأمم المتحدة الإنمائي.')
    assert [r.name for r in found] == ["مدارس آمنة"]


def test_an_initiative_inside_an_association_name_is_no_record():
    assert records("نظمت جماعة فاس، بتعاون مع جمعية المبادرة الخضراء، يوما تحسيسيا حول الفرز.") == []


def test_an_organization_with_its_acronym_is_no_record():
    found = records("قدمت الوكالة التركية للتعاون والتنسيق (TIKA) هبة لتجهيز مختبرات ثانوية الأمل بمدينة تازة.")
    assert all("الوكالة التركية" not in r.name for r in found)


def test_a_programme_after_a_contributing_verb_is_a_party():
    found = records("انطلق مشروع تأهيل سوق الجماعة بكلفة مليون درهم، ساهمت فيها المبادرة الوطنية للتنمية البشرية بـ700 ألف درهم.")
    assert [r.name for r in found] == ["تأهيل سوق الجماعة"]


# Loans, grants, supports, agreements and launches without a cue word ---------------------------------


def test_a_loan_is_named_by_what_it_finances():
    record = only("حصلت جماعة خريبكة على قرض بقيمة 60 مليون درهم لتمويل تهيئة المنطقة الصناعية الجديدة.")
    assert record.name == "تهيئة المنطقة الصناعية الجديدة"


def test_a_grant_keeps_a_purpose_word_that_is_not_finance():
    record = only("خصصت السفارة الهولندية منحة قدرها 40 ألف أورو لتحسين ظروف تمدرس الفتيات بالوسط القروي.")
    assert record.name == "تحسين ظروف تمدرس الفتيات بالوسط القروي"


def test_a_support_named_after_min_ajl_with_its_place_cut():
    record = only("رصد المجلس الإقليمي لخنيفرة دعما ماليا قدره 300 ألف درهم لفائدة جمعية الأطلس، من أجل اقتناء سيارة إسعاف بجماعة أجلموس.")
    assert record.name == "اقتناء سيارة إسعاف"


def test_an_agreement_about_something():
    record = only("وقعت جماعة آسفي وجمعية الصيادين اتفاقية شراكة تتعلق بتثمين منتوجات الصيد التقليدي.")
    assert record.name == "تثمين منتوجات الصيد التقليدي"


def test_an_instrument_for_a_named_project_is_that_project():
    found = records("منح البنك الأوروبي لإعادة الإعمار قرضا بقيمة 80 مليون أورو للمساهمة في تمويل مشروع الحافلات الكهربائية بمراكش.")
    assert [r.name for r in found] == ["الحافلات الكهربائية"]


def test_a_launch_of_works():
    record = only("أعطيت، يوم الثلاثاء 4 يونيو 2024، انطلاقة أشغال بناء قنطرة على وادي تانسيفت بكلفة 12 مليون درهم.")
    assert record.name.startswith("بناء قنطرة")


def test_an_agreement_for_an_event_is_no_record():
    assert records("وقعت جماعة الصويرة وجمعية موكادور اتفاقية شراكة لتنظيم الدورة العاشرة لمهرجان الأندلسيات.") == []


def test_a_grant_to_an_association_is_not_its_purpose():
    record = only("منحت الجهة منحة قدرها 200 ألف درهم لجمعية التحدي، قصد تجهيز ورشة للخياطة.")
    assert record.name == "تجهيز ورشة للخياطة"


def test_ordinal_items_after_a_dual_cue():
    found = records("وتبرمج الجماعة مشروعين: الأول يتعلق بتبليط أزقة حي النهضة، والثاني بإحداث مكتبة وسائطية.")
    assert [r.name for r in found] == ["تبليط أزقة حي النهضة", "إحداث مكتبة وسائطية"]


def test_an_acronym_then_its_quoted_name():
    record = only("يسعى مشروع YOUTHCONNECT، أو «شباب متصل»، إلى ربط الشباب بسوق الشغل.")
    assert (record.name, record.acronym) == ("شباب متصل", "YOUTHCONNECT")
